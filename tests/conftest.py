"""Shared helpers for running downstream-like test files through pytester."""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import pathlib
import pkgutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
import pytest_socket

import ssmincidents_stub

# pytester's in-process runs forget the modules they imported; the next run imports a second
# copy of such a module, beside the first that other modules still hold (two client pools, say).
# Imported here, before any run, every module is there once, as in a user's session.
for _module in pkgutil.walk_packages(ssmincidents_stub.__path__, "ssmincidents_stub."):
    importlib.import_module(_module.name)


@pytest.fixture
def network_attempts() -> Iterator[list[str]]:
    """Every DNS lookup or connection attempt made during the test (each one also fails)."""
    attempts: list[str] = []

    def spy(name: str) -> Callable[..., Any]:
        def refuse(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args[:2]!r}")
            raise OSError(f"test network spy: {name} refused")

        return refuse

    with pytest.MonkeyPatch.context() as patch:
        for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
            patch.setattr(socket, name, spy(name))
        patch.setattr(socket.socket, "connect", spy("socket.connect"))
        patch.setattr(socket.socket, "connect_ex", spy("socket.connect_ex"))
        yield attempts
    # pytest-socket lifts its guards before fixtures are torn down, and keeps one it finds
    # replaced (by a spy above): putting the spies back puts its guard back, and the next
    # test, even one allowed to reach loopback, could not look up an address.
    pytest_socket.enable_socket()


@pytest.fixture
def no_stray_stubs() -> None:
    """Free the stubs earlier tests left in garbage cycles, before a test that checks the pool.

    A stub that made its own client gives it back to the pool when it is collected, and
    one held by a ``pytest.raises`` cycle is collected whenever the collector next runs:
    in the middle of this test, that client would land on top of the pool.
    """
    gc.collect()


@pytest.fixture
def downstream(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester project that, like a user's, has no conftest: only the installed plugin.

    Its runs keep sockets disabled, so a downstream test that touched the network fails.
    """
    pytester.makeini("[pytest]\naddopts = --disable-socket -p no:cacheprovider\n")
    return pytester


@pytest.fixture
def real_waits(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float]]:
    """Every real pause the test's own thread asked for: ``(what, seconds)``.

    Proves "nothing slept" without reading a clock, so a loaded machine cannot fail it:
    ``time.sleep`` is recorded instead of slept, and condition waits (adaptive mode's
    token bucket), ``asyncio.sleep`` and ``anyio.sleep`` are recorded and then run.
    Other threads (xdist's, a server's) pass straight through.
    """
    waits: list[tuple[str, float]] = []
    owner = threading.get_ident()
    real_sleep, real_wait, real_async_sleep = time.sleep, threading.Condition.wait, asyncio.sleep

    def sleep(seconds: float) -> None:
        if threading.get_ident() != owner:
            return real_sleep(seconds)
        waits.append(("time.sleep", seconds))

    def wait(condition: threading.Condition, timeout: float | None = None) -> bool:
        if threading.get_ident() == owner and timeout:
            waits.append(("Condition.wait", timeout))
        return real_wait(condition, timeout)

    async def async_sleep(delay: float, result: Any = None) -> Any:
        if delay > 0:
            waits.append(("asyncio.sleep", delay))
        return await real_async_sleep(0, result)

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(threading.Condition, "wait", wait)
    monkeypatch.setattr(asyncio, "sleep", async_sleep)
    anyio = sys.modules.get("anyio")
    if anyio is not None:
        real_anyio_sleep = anyio.sleep

        async def anyio_sleep(delay: float) -> None:
            if delay > 0:
                waits.append(("anyio.sleep", delay))
            await real_anyio_sleep(0)

        monkeypatch.setattr(anyio, "sleep", anyio_sleep)
    return waits


@pytest.fixture
def plain_aws_setup(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine whose AWS files are empty, for tests that build plain botocore sessions.

    The suite's HOME holds broken ~/.aws files (see the root conftest), so any plain
    session made without this fixture fails: a test cannot read ~/.aws by accident.
    """
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)


@pytest.fixture
def sentinel_aws_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """AWS settings that break any client that reads them.

    The config and credentials files are not valid INI, the profile does not exist and
    the keys are marked, so reading any of them fails or shows up in the client.
    """
    home = tmp_path_factory.mktemp("home")
    aws = home / ".aws"
    aws.mkdir()
    broken = "[[[ this is not an AWS config file\n"
    (aws / "config").write_text(broken)
    (aws / "credentials").write_text(broken)
    values = {
        "HOME": str(home),
        "AWS_PROFILE": "profile-that-does-not-exist",
        "AWS_DEFAULT_PROFILE": "profile-that-does-not-exist",
        "AWS_CONFIG_FILE": str(aws / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials"),
        "AWS_ACCESS_KEY_ID": "AKIASENTINELDONOTUSE",
        "AWS_SECRET_ACCESS_KEY": "sentinel-secret-do-not-use",
        "AWS_SESSION_TOKEN": "sentinel-token-do-not-use",
        "AWS_DEFAULT_REGION": "sentinel-region-1",
        "AWS_REGION": "sentinel-region-1",
        "AWS_MAX_ATTEMPTS": "not-a-number",
        "AWS_RETRY_MODE": "not-a-mode",
        "AWS_ENDPOINT_URL": "http://sentinel.invalid",
        "AWS_CA_BUNDLE": str(aws / "missing-bundle.pem"),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def bare_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> pathlib.Path:
    """A machine with no AWS keys or region, whose config runs a credential helper.

    The helper leaves a marker file when it runs; instance metadata is not switched off,
    so a full credential lookup would also try 169.254.169.254 (the network spy sees it).
    Returns the marker's path.
    """
    marker = tmp_path / "credential-helper-ran"
    helper = tmp_path / "helper.py"
    helper.write_text(
        f"import json, pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
        'print(json.dumps({"Version": 1, "AccessKeyId": "AKIAHELPER", "SecretAccessKey": "helper-secret"}))\n'
    )
    config = tmp_path / "config"
    config.write_text(f"[default]\ncredential_process = {sys.executable} {helper}\n")
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # as in a fresh process: nothing found yet
    return marker
