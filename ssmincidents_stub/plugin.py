"""pytest fixtures, marker and ini options of ssmincidents_stub (the ``pytest11`` entry point).

Importing this module stays cheap: botocore and the package's heavier modules
load only when a test asks for one of the fixtures.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ssmincidents_stub.fake import IncidentsFake
    from ssmincidents_stub.stub import IncidentsStub

REGION_INI = "ssm_incidents_region"
STUB_MARKER = "ssm_incidents_stub"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        REGION_INI,
        "AWS region of the ssm_incidents_client fixture (default: us-east-1)",
        default="us-east-1",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{STUB_MARKER}(*, assert_all_responses_used=True): options of the "
        "ssm_incidents_stub fixture; assert_all_responses_used=False skips the "
        "check that every queued response was used",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Default payload IDs restart for each test, so a test sees the same IDs in every run.
    payloads = sys.modules.get("ssmincidents_stub.payloads")
    if payloads is not None:
        payloads.reset_serials()


@dataclass(frozen=True)
class _StubOptions:
    assert_all_responses_used: bool = True


def _stub_options(item: pytest.Item) -> _StubOptions:
    marker = item.get_closest_marker(STUB_MARKER)
    if marker is None:
        return _StubOptions()
    if marker.args:
        raise pytest.UsageError(f"@pytest.mark.{STUB_MARKER} takes keyword arguments only, got {marker.args!r}")
    try:
        options = _StubOptions(**marker.kwargs)
    except TypeError:
        unknown = sorted(set(marker.kwargs) - {"assert_all_responses_used"})
        raise pytest.UsageError(
            f"@pytest.mark.{STUB_MARKER} got unknown option(s) {', '.join(unknown)}; valid: assert_all_responses_used"
        ) from None
    if not isinstance(options.assert_all_responses_used, bool):
        raise pytest.UsageError(
            f"@pytest.mark.{STUB_MARKER}(assert_all_responses_used="
            f"{options.assert_all_responses_used!r}): pass True or False"
        )
    return options


def _region(config: pytest.Config) -> str:
    region = str(config.getini(REGION_INI)).strip()
    if not region or any(ch.isspace() for ch in region):
        raise pytest.UsageError(f"ini option {REGION_INI}={region!r} is not an AWS region name, e.g. us-east-1")
    return region


@pytest.fixture
def ssm_incidents_client(request: pytest.FixtureRequest) -> Iterator[Any]:
    """An ssm-incidents client with fake credentials; it never reads your AWS setup.

    It comes from a per-process pool and is as if new: a client that a test changed
    (a handler registered, a request sent) is never handed to another test.
    """
    from ssmincidents_stub.clients import lease_client, return_client

    client = lease_client(_region(request.config))
    try:
        yield client
    finally:
        return_client(client)


@pytest.fixture
def ssm_incidents_stub(request: pytest.FixtureRequest, ssm_incidents_client: Any) -> Iterator[IncidentsStub]:
    """An IncidentsStub active on ``ssm_incidents_client``; unused responses fail the test."""
    from ssmincidents_stub.stub import IncidentsStub

    options = _stub_options(request.node)
    stub = IncidentsStub(ssm_incidents_client)
    stub.activate()
    try:
        yield stub
    finally:
        stub.deactivate()
    if options.assert_all_responses_used and not _body_failed(request.node):
        try:
            stub.assert_no_pending_responses()
        except AssertionError as error:
            pytest.fail(
                f"{error}\nUse them, or opt out with @pytest.mark.{STUB_MARKER}(assert_all_responses_used=False)",
                pytrace=False,
            )


@pytest.fixture
def ssm_incidents_fake() -> Iterator[IncidentsFake]:
    """Answer every ssm-incidents client in the process from a stateful, wire-level fake."""
    from ssmincidents_stub.fake import IncidentsFake

    with IncidentsFake() as fake:
        yield fake


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[Any]:
    outcome: Any = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_REPORT] = report


def _body_failed(item: pytest.Item) -> bool:
    report = item.stash.get(_CALL_REPORT, None)
    return report is None or report.failed
