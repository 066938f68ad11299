"""Clients nobody here wrote, installed once into a cache directory: the AWS CLI and the JavaScript SDK.

The cache lives in ``$SSMINCIDENTS_STUB_CACHE`` or ``~/.cache/ssmincidents_stub`` (the
real home, not the suite's hostile one); installs are locked, so xdist workers share
one. Versions are pinned here, so every run tests the same clients. A client that
cannot be installed (no registry reachable, no node) skips its tests, except where
``CI`` is set: there it fails them, so CI never passes without having run them.
"""

from __future__ import annotations

import fcntl
import os
import pathlib
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import pytest

AWSCLI_VERSION = "1.46.3"
JS_SDK_VERSION = "3.1019.0"


def cache_dir() -> pathlib.Path:
    configured = os.environ.get("SSMINCIDENTS_STUB_CACHE")
    home = os.environ.get("SSMINCIDENTS_STUB_REAL_HOME") or os.path.expanduser("~")
    path = pathlib.Path(configured) if configured else pathlib.Path(home) / ".cache" / "ssmincidents_stub"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def _locked(name: str) -> Iterator[pathlib.Path]:
    root = cache_dir()
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield root
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(f"{reason} (where CI is set, this fails the test instead)")


def _run(command: list[str], **kwargs: object) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        _unavailable(
            f"{' '.join(command)} failed ({done.returncode}), so the client is not installed:\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )


def aws_cli() -> pathlib.Path:
    """The ``aws`` command of a pinned AWS CLI v1 in its own virtual environment."""
    with _locked("awscli") as root:
        home = root / f"awscli-{AWSCLI_VERSION}"
        aws = home / "bin" / "aws"
        if not aws.exists():
            shutil.rmtree(home, ignore_errors=True)
            venv.create(home, with_pip=True)
            _run([str(home / "bin" / "python"), "-m", "pip", "install", "-q", f"awscli=={AWSCLI_VERSION}"])
        return aws


def node_modules() -> pathlib.Path:
    """A ``node_modules`` holding the pinned ``@aws-sdk/client-ssm-incidents``; skips without node or npm."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(name for name, path in (("node", node), ("npm", npm)) if path is None)
        _unavailable(f"{missing} not found on PATH: the JavaScript SDK test needs both")
    with _locked("js") as root:
        prefix = root / f"js-sdk-{JS_SDK_VERSION}"
        installed = prefix / "node_modules" / "@aws-sdk" / "client-ssm-incidents"
        if not installed.exists():
            prefix.mkdir(parents=True, exist_ok=True)
            env = {**os.environ, "npm_config_cache": str(root / "npm-cache"), "HOME": str(root)}
            _run(
                [
                    npm,
                    "install",
                    "--prefix",
                    str(prefix),
                    "--no-audit",
                    "--no-fund",
                    "--omit=dev",
                    f"@aws-sdk/client-ssm-incidents@{JS_SDK_VERSION}",
                ],
                env=env,
            )
        return prefix / "node_modules"


PYTHON = sys.executable
