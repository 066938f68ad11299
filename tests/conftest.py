"""Shared helpers for running downstream-like test files through pytester."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def downstream(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester project that, like a user's, has no conftest: only the installed plugin.

    Its runs keep sockets disabled, so a downstream test that touched the network fails.
    """
    pytester.makeini("[pytest]\naddopts = --disable-socket -p no:cacheprovider\n")
    return pytester


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
