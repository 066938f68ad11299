"""[tools] pytest fixtures, markers and ini options of ssmincidents_stub (the ``pytest11`` entry point).

Beside the house: it may use every floor. Importing this module stays cheap: botocore and the package's heavier
modules load only when a test asks for a fixture, or an option needs them.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from ssmincidents_stub._fake_env import DEFAULT_REGION

if TYPE_CHECKING:
    from ssmincidents_stub.fake import IncidentsFake
    from ssmincidents_stub.server import IncidentsServer
    from ssmincidents_stub.stub import IncidentsStub

REGION_INI = "ssm_incidents_region"
ACCOUNT_INI = "ssm_incidents_account"
FAKE_AWS_ENV_INI = "ssm_incidents_fake_aws_env"
STUB_MARKER = "ssm_incidents_stub"
FAKE_MARKER = "ssm_incidents_fake"
SERVER_MARKER = "ssm_incidents_server"

_Made = TypeVar("_Made")


COVERAGE_OPTION = "--ssm-incidents-error-coverage"
FAIL_UNDER_OPTION = "--ssm-incidents-error-coverage-fail-under"
JSON_OPTION = "--ssm-incidents-error-coverage-json"
_WORKER_KEY = "ssm_incidents_error_coverage"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ssm-incidents", "ssmincidents_stub: AWS Incident Manager fakes")
    group.addoption(
        COVERAGE_OPTION,
        action="store_true",
        default=False,
        help="report, for each ssm-incidents operation the suite called through a stub, fake or server, "
        "which of its modeled errors some test made it answer with",
    )
    group.addoption(
        FAIL_UNDER_OPTION,
        type=float,
        default=None,
        metavar="PERCENT",
        help="fail the run if the ssm-incidents error coverage is below PERCENT (implies the report)",
    )
    group.addoption(
        JSON_OPTION,
        default=None,
        metavar="PATH",
        help="also write the ssm-incidents error coverage report to PATH as JSON (implies the report)",
    )
    parser.addini(
        REGION_INI,
        f"AWS region of the ssm-incidents fixtures and of the ARNs they build (default: {DEFAULT_REGION})",
        default=DEFAULT_REGION,
    )
    parser.addini(
        ACCOUNT_INI,
        "AWS account (12 digits) the ssm-incidents fake and server fixtures answer as, named in every "
        "ARN they build (default: the package's example account, 111122223333)",
        default="",
    )
    parser.addini(
        FAKE_AWS_ENV_INI,
        "hold fake AWS credentials, the ini region and no config files in the environment for the whole "
        "session, so clients made at import time work without an AWS setup (default: false)",
        type="bool",
        default=False,
    )


# ---------------------------------------------------------------- session set-up


_RESTORE = pytest.StashKey[list[Any]]()


def pytest_configure(config: pytest.Config) -> None:
    for marker in (STUB_MARKER, FAKE_MARKER, SERVER_MARKER):
        config.addinivalue_line(
            "markers",
            f"{marker}(*, assert_all_responses_used=True): options of the {marker} fixture; "
            "assert_all_responses_used=False skips the check that every queued answer was used",
        )
    region = _region(config)
    undo: list[Any] = []
    config.stash[_RESTORE] = undo
    if _coverage_wanted(config):
        from ssmincidents_stub import errorcoverage

        fail_under = config.getoption(FAIL_UNDER_OPTION)
        if fail_under is not None and not 0 <= fail_under <= 100:
            raise pytest.UsageError(f"{FAIL_UNDER_OPTION}={fail_under:g} is not a percentage from 0 to 100")
        _check_json_path(config)
        errorcoverage.enable()
        undo.append(errorcoverage.reset)
    if region != DEFAULT_REGION:
        # Only a region other than the default needs botocore's partition data now.
        from ssmincidents_stub import payloads

        previous_region = payloads.set_region(region)
        undo.append(lambda: payloads.set_region(previous_region))
    if _fake_aws_env(config):
        from ssmincidents_stub import clients

        # Over the variables pytest_load_initial_conftests put in, if it ran: it puts the user's back last.
        undo.append(clients.replace_aws_environment(clients.fake_environment(region), lasting=True))


@pytest.hookimpl(hookwrapper=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> Generator[None, Any, None]:
    """With ``ssm_incidents_fake_aws_env``, put the fake AWS variables in before the first conftest.py is imported.

    pytest imports the conftest.py files of the rootdir and of the paths it was given
    before ``pytest_configure``: a client one of them makes at import time gets the fake
    settings too. Only the variables, which import nothing (not botocore, which a
    conftest.py may need to prepare for); ``pytest_configure`` takes the session's whole
    hold, as it does alone where the plugin is registered later (from a conftest.py).
    They are put back when the session ends, or at once if a conftest.py fails to import
    (pytest then ends without its cleanup).
    """
    restore = None
    # A bad value is refused here, before a conftest.py that makes a client at import time
    # could fail on it with botocore's NoRegionError, which would hide the cause.
    if _fake_aws_env(early_config):
        from ssmincidents_stub import _fake_env

        region = _region_shape(early_config)  # pytest_configure checks it against botocore's partitions
        restore = _fake_env.replace_variables(_fake_env.fake_environment(region))
        early_config.add_cleanup(restore)
    outcome = yield
    if restore is not None and outcome.excinfo is not None:
        restore()


def _fake_aws_env(config: pytest.Config) -> bool:
    try:
        return bool(config.getini(FAKE_AWS_ENV_INI))
    except (ValueError, pytest.UsageError) as error:  # pytest names neither the option nor what it takes
        raise pytest.UsageError(
            f"ini option {FAKE_AWS_ENV_INI}: {error}; use true or false (or yes/no, on/off, 1/0)"
        ) from None


def _coverage_wanted(config: pytest.Config) -> bool:
    return bool(
        config.getoption(COVERAGE_OPTION)
        or config.getoption(FAIL_UNDER_OPTION) is not None
        or config.getoption(JSON_OPTION) is not None
    )


def _check_json_path(config: pytest.Config) -> None:
    """A report path whose folder is missing fails now, not after the whole run (as coverage.py's does not)."""
    path = config.getoption(JSON_OPTION)
    if path is None:
        return
    target = Path(path)
    if not path or target.is_dir() or not target.absolute().parent.is_dir():
        raise pytest.UsageError(
            f"{JSON_OPTION}={path!r}: not a file in an existing folder; pass a path such as "
            f"error-coverage.json (the folder must exist; the file is written or replaced at the end of the run)"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    undo = config.stash.get(_RESTORE, [])
    while undo:
        undo.pop()()


def _region_shape(config: pytest.Config) -> str:
    """The ini region, refused if it cannot be a region's name at all (checked without botocore)."""
    region = str(config.getini(REGION_INI)).strip()
    if not region or any(ch.isspace() for ch in region):
        raise pytest.UsageError(f"ini option {REGION_INI}={region!r} is not an AWS region name, e.g. us-east-1")
    return region


def _region(config: pytest.Config) -> str:
    region = _region_shape(config)
    if region == DEFAULT_REGION:
        return region
    from ssmincidents_stub import model

    try:
        model.partition_of(region)
    except model.UnknownRegionError as error:
        raise pytest.UsageError(f"ini option {REGION_INI}: {error}") from None
    return region


def _account(config: pytest.Config) -> dict[str, str]:
    """The ini account, as the keyword the fake and the server take (none: their default)."""
    account = str(config.getini(ACCOUNT_INI)).strip()
    return {"account": account} if account else {}


def _made_with_ini_account(make: Callable[..., _Made], config: pytest.Config, **kwargs: Any) -> _Made:
    """``make(**kwargs)`` with the ini account; an account it refuses is a usage error naming the option."""
    try:
        return make(**kwargs, **_account(config))
    except ValueError as error:
        if "account=" not in str(error):
            raise
        raise pytest.UsageError(f"ini option {ACCOUNT_INI}: {error}") from None


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Default payload IDs restart for each test, so a test sees the same IDs in every run,
    # and for each example of a Hypothesis test (``@given`` marks the test it makes); they
    # are made from the test's node ID too, so no two tests (or modules) share one.
    payloads = sys.modules.get("ssmincidents_stub.payloads")
    if payloads is not None:
        payloads.reset_serials(
            hypothesis_test=getattr(getattr(item, "obj", None), "is_hypothesis_test", False) is True,
            test_id=item.nodeid,
        )


# The item whose protocol is running, innermost last (pytester nests whole sessions). The
# fixtures read their item and config here rather than through pytest's ``request``
# fixture, which pytest 9 rebuilds for every use, at about 30 microseconds a test.
_items: list[pytest.Item] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _items.append(item)
    try:
        yield
    finally:
        _items.pop()
        _stop_what_the_body_left(item)  # if a finalizer raised, pytest skipped the teardown hook that does it
        clients = sys.modules.get("ssmincidents_stub.clients")
        if clients is not None:
            clients.put_back_strays()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # Before the body runs: what is active now was started by fixtures (or earlier).
    gate = sys.modules.get("ssmincidents_stub.gate")
    item.stash[_ACTIVE_BEFORE_BODY] = gate.owners() if gate is not None else ()


_ACTIVE_BEFORE_BODY = pytest.StashKey[tuple[object, ...]]()
"""The stubs, fakes and servers active when the test's body began."""


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """A stub, fake or server the body started and nothing stopped would answer every later test.

    Checked after the test's finalizers ran (one may stop it). Stopped here, and a test
    that passed fails (one that failed may have failed before its ``stop()``). pytest
    skips this hook when a finalizer raised: ``pytest_runtest_protocol`` then stops them.
    """
    left = _stop_what_the_body_left(item)
    if not left or not _body_passed(item):
        return  # a failed body may have failed before its stop(): that failure is the news
    names = ", ".join(type(owner).__name__ for owner in left)
    pytest.fail(
        f"{item.nodeid} started {names} in its body and left it running: it would have answered "
        f"every later test's calls, so the plugin stopped it now. Use it as a context manager "
        f"(with IncidentsFake() as fake: ...), stop it in a finally block, or use the fixture "
        f"(ssm_incidents_stub, ssm_incidents_fake, ssm_incidents_server), which stops it for you.",
        pytrace=False,
    )


def _stop_what_the_body_left(item: pytest.Item) -> list[object]:
    """Stop the stubs, fakes and servers the body started that are still active; return them.

    Once a test: the snapshot is dropped (items live all session, and it must not keep a
    stub, or its client, alive). A fixture of a wider scope that the body asked for by name
    may hold one on purpose: then nothing is stopped.
    """
    before = item.stash.get(_ACTIVE_BEFORE_BODY, None)
    if before is None:  # the body never ran, or this ran already
        return []
    del item.stash[_ACTIVE_BEFORE_BODY]
    gate = sys.modules.get("ssmincidents_stub.gate")
    if gate is None:
        return []
    left = [owner for owner in gate.owners() if not any(owner is old for old in before)]
    if not left or _wider_fixture_fetched_in_body(item):
        return []
    for owner in left:
        with contextlib.suppress(Exception):  # each on its own: one that fails to stop leaves no other running
            (getattr(owner, "stop", None) or owner.deactivate)()
    return left


def _wider_fixture_fetched_in_body(item: pytest.Item) -> bool:
    """Whether the body asked ``request.getfixturevalue`` for a fixture of a wider scope than the test."""
    request = getattr(item, "_request", None)
    defs = getattr(request, "_fixture_defs", None)  # pytest's own record; absent: assume not
    if not isinstance(defs, dict):
        return False
    static = set(getattr(item, "fixturenames", ()))
    return any(
        name not in static and getattr(fixturedef, "scope", "function") != "function"
        for name, fixturedef in defs.items()
    )


def _item() -> pytest.Item:
    return _items[-1]


# One pooled client per test, shared by ssm_incidents_client and ssm_incidents_stub: leased by
# whichever is set up first, returned by whichever is torn down last.
_leases: dict[int, list[Any]] = {}


def _lease_for(item: pytest.Item) -> Any:
    lease = _leases.get(id(item))
    if lease is None:
        from ssmincidents_stub import gate
        from ssmincidents_stub.clients import lease_client

        lease = _leases[id(item)] = [lease_client(_region(item.config), on_idle_send=gate.refuse_idle_send), 0]
    lease[1] += 1
    return lease[0]


def _release_for(item: pytest.Item) -> None:
    lease = _leases[id(item)]
    lease[1] -= 1
    if lease[1] == 0:
        from ssmincidents_stub.clients import return_client

        del _leases[id(item)]
        return_client(lease[0])


# ---------------------------------------------------------------- markers


@dataclass(frozen=True)
class _Options:
    assert_all_responses_used: bool = True


def _options(item: pytest.Item, marker_name: str) -> _Options:
    marker = item.get_closest_marker(marker_name)
    if marker is None:
        return _Options()
    if marker.args:
        raise pytest.UsageError(f"@pytest.mark.{marker_name} takes keyword arguments only, got {marker.args!r}")
    try:
        options = _Options(**marker.kwargs)
    except TypeError:
        unknown = sorted(set(marker.kwargs) - {"assert_all_responses_used"})
        raise pytest.UsageError(
            f"@pytest.mark.{marker_name} got unknown option(s) {', '.join(unknown)}; valid: assert_all_responses_used"
        ) from None
    if not isinstance(options.assert_all_responses_used, bool):
        raise pytest.UsageError(
            f"@pytest.mark.{marker_name}(assert_all_responses_used="
            f"{options.assert_all_responses_used!r}): pass True or False"
        )
    return options


def _fail_if_unused(item: pytest.Item, marker_name: str, options: _Options, check: Any) -> None:
    # A body that failed, skipped or xfailed is the real news: the unused answers would only bury it.
    if not options.assert_all_responses_used or not _body_passed(item):
        return
    try:
        check()
    except AssertionError as error:
        unused = str(error)
    else:
        return
    # Raised outside the except block, so the report shows the message once, not chained.
    pytest.fail(
        f"{unused}\nUse them, or opt out with @pytest.mark.{marker_name}(assert_all_responses_used=False)",
        pytrace=False,
    )


def _refuse_fake_and_server(item: pytest.Item, starting: str) -> None:
    """The fake and the server in one test would be two Incident Managers, each with its own state.

    Read when one of them starts, not from the requested names: a user's fixture named
    like ours (one that hands out the server) is no conflict, and ``getfixturevalue`` is.
    """
    other = SERVER_MARKER if starting == FAKE_MARKER else FAKE_MARKER
    if other in item.stash.get(_DELIVERIES, ()):
        pytest.fail(
            f"{item.nodeid} uses both {FAKE_MARKER} and {SERVER_MARKER}: they would be two Incident "
            f"Managers, each with its own state, and which one a client of this process reached would "
            f"depend on the order the fixtures were set up. Use {SERVER_MARKER} alone: clients made in "
            f"this process during the test reach it too (through AWS_ENDPOINT_URL_SSM_INCIDENTS), as "
            f"subprocesses do; or {FAKE_MARKER} alone when no other process calls the service.",
            pytrace=False,
        )


_DELIVERIES = pytest.StashKey[set[str]]()
"""Which of the fake and server fixtures of a test are running."""


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def ssm_incidents_client() -> Iterator[Any]:
    """An ssm-incidents client with fake credentials; it never reads your AWS setup.

    It comes from a per-process pool and is as if new: a client that a test changed
    (a handler registered, a request sent) is never handed to another test.
    """
    item = _item()
    client = _lease_for(item)  # outside the try: a lease that failed has nothing to give back
    try:
        yield client
    finally:
        _release_for(item)


@pytest.fixture
def ssm_incidents_stub() -> Iterator[IncidentsStub]:
    """An IncidentsStub active on ``ssm_incidents_client``; unused responses fail the test.

    The stub and ``ssm_incidents_client`` share one client; a test may ask for the stub
    alone and use ``stub.client``.
    """
    from ssmincidents_stub.stub import IncidentsStub

    item = _item()
    options = _options(item, STUB_MARKER)
    stub = IncidentsStub(_lease_for(item), assert_all_responses_used=False)
    try:
        stub.activate()  # inside the try: a stub that could not start still gives its client back
        yield stub
    finally:
        stub.deactivate()
        _release_for(item)
    _fail_if_unused(item, STUB_MARKER, options, stub.assert_no_pending_responses)


@pytest.fixture
def ssm_incidents_fake() -> Iterator[IncidentsFake]:
    """Answer every ssm-incidents client in the process from a stateful, wire-level fake.

    Faults and raw answers that no call used fail the test (see the marker).
    """
    from ssmincidents_stub.fake import IncidentsFake

    item = _item()
    _refuse_fake_and_server(item, FAKE_MARKER)
    options = _options(item, FAKE_MARKER)
    fake = _made_with_ini_account(
        IncidentsFake, item.config, region=_region(item.config), assert_all_responses_used=False
    )
    fake.start()
    running = item.stash.setdefault(_DELIVERIES, set())
    running.add(FAKE_MARKER)
    try:
        yield fake
    finally:
        running.discard(FAKE_MARKER)
        fake.stop()
    _fail_if_unused(item, FAKE_MARKER, options, fake.assert_no_pending_responses)


@pytest.fixture
def ssm_incidents_server() -> Iterator[IncidentsServer]:
    """The fake Incident Manager over HTTP on 127.0.0.1, for subprocesses, the AWS CLI and other SDKs.

    For the test's duration the environment holds ``AWS_ENDPOINT_URL_SSM_INCIDENTS``,
    fake credentials, the ini region and no AWS config files, so any AWS SDK started
    from the test reaches it; all of it is restored afterwards.
    """
    from ssmincidents_stub import clients
    from ssmincidents_stub.server import IncidentsServer, without_proxy

    item = _item()
    _refuse_fake_and_server(item, SERVER_MARKER)
    options = _options(item, SERVER_MARKER)
    server = _made_with_ini_account(
        IncidentsServer, item.config, region=_region(item.config), assert_all_responses_used=False
    )
    server.start()
    running = item.stash.setdefault(_DELIVERIES, set())
    running.add(SERVER_MARKER)
    try:
        restore_environment = clients.replace_aws_environment(server.environment())
        # Not through the user's HTTP_PROXY: in-process clients and subprocesses alike.
        proxies = {name: os.environ.get(name) for name in ("NO_PROXY", "no_proxy")}
        os.environ.update(without_proxy(server.endpoint_url, os.environ))
        try:
            yield server
        finally:
            for name, value in proxies.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            restore_environment()
    finally:
        running.discard(SERVER_MARKER)
        server.stop()
    _fail_if_unused(item, SERVER_MARKER, options, server.assert_no_pending_responses)


# ---------------------------------------------------------------- error coverage report


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if not _coverage_wanted(config):
        return
    from ssmincidents_stub import errorcoverage

    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller reports
        workeroutput[_WORKER_KEY] = errorcoverage.recorded()
        return
    json_path = config.getoption(JSON_OPTION)
    if json_path is not None:
        try:
            Path(json_path).write_text(json.dumps(errorcoverage.report().as_json(), indent=2) + "\n", "utf-8")
        except OSError as error:
            sys.stderr.write(f"{JSON_OPTION}={json_path!r}: the report could not be written: {error}\n")
            if session.exitstatus == 0:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
    fail_under = config.getoption(FAIL_UNDER_OPTION)
    if fail_under is None:
        return
    failed, line = errorcoverage.verdict(errorcoverage.report(), fail_under)
    if failed and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if failed and config.pluginmanager.get_plugin("terminalreporter") is None:
        sys.stderr.write(line + "\n")  # -p no:terminal: no summary will say why the run failed


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """An xdist worker finished: add its error-coverage records to the controller's."""
    data = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
    if data:
        from ssmincidents_stub import errorcoverage

        errorcoverage.merge(data)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _coverage_wanted(config) or getattr(config, "workeroutput", None) is not None:
        return
    from ssmincidents_stub import errorcoverage

    report = errorcoverage.report()
    terminalreporter.write_sep("-", "ssm-incidents error coverage: modeled errors each operation answered with")
    if report.rows:
        for line in report.lines():
            terminalreporter.write_line(line)
    else:
        terminalreporter.write_line("No ssm-incidents operation was called through a stub, fake or server.")
    fail_under = config.getoption(FAIL_UNDER_OPTION)
    if fail_under is not None:
        terminalreporter.write_line(errorcoverage.verdict(report, fail_under)[1])


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[Any]:
    outcome: Any = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_REPORT] = report


def _body_passed(item: pytest.Item) -> bool:
    # An xfail test that passed (XPASS) is still one expected to misbehave: its answers are not checked.
    report = item.stash.get(_CALL_REPORT, None)
    return report is not None and report.passed and not hasattr(report, "wasxfail")
