"""The compatibility sessions .ci/run calls: every supported Python, the oldest bounds, async clients.

``nox -s tests`` runs the suite on Python 3.10, 3.12 and 3.13 (3.11 is the README's
own command); ``oldest`` on the lowest versions setup.cfg declares; ``aio`` and
``aioboto3`` the async tests, in their own environments because aiobotocore pins
botocore to a narrow range of its own.
"""

from __future__ import annotations

import nox

nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["tests", "oldest", "aio", "aioboto3"]  # what .ci/run runs; benchmarks by hand
nox.options.reuse_existing_virtualenvs = False

# The lowest versions setup.cfg declares: keep the two in step (tests/test_packaging.py checks).
OLDEST = ["botocore==1.35.0", "boto3==1.35.0", "pytest==7.4.0", "hypothesis==6.90.0"]
ASYNC_PYTEST = ["-o", "asyncio_default_fixture_loop_scope=function", "--allow-unix-socket"]


@nox.session(python=["3.10", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    """The whole suite on another supported Python."""
    session.install("-e", ".[test]")
    session.run("pytest", "-n", "2", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python="3.10")
def oldest(session: nox.Session) -> None:
    """The whole suite on the oldest Python, botocore, boto3, pytest and Hypothesis declared."""
    session.install("-e", ".[test]", *OLDEST)
    session.run(
        "python",
        "-c",
        "import botocore, pytest, hypothesis; print(botocore.__version__, pytest.__version__, hypothesis.__version__)",
    )
    session.run("pytest", "-n", "2", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python="3.11")
def aio(session: nox.Session) -> None:
    """aiobotocore's newest release (it brings the botocore it pins)."""
    # trio: aiobotocore's httpx backend runs on it too, and a test checks retries and waiters there.
    session.install("-e", ".[test]", "aiobotocore[httpx2]>=3", "pytest-asyncio>=1", "trio")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        *ASYNC_PYTEST,
        "tests/test_aio.py",
        *session.posargs,
        env={"SSMINCIDENTS_STUB_REQUIRE_AIO": "1"},
    )


@nox.session(python="3.11")
def aioboto3(session: nox.Session) -> None:
    """aioboto3's newest release, with the aiobotocore and botocore it pins."""
    # aioboto3 >= 15: below, pip would pick an old aioboto3 that comes without boto3.
    session.install("-e", ".[test]", "aioboto3>=15", "pytest-asyncio>=1")
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        *ASYNC_PYTEST,
        "tests/test_aio.py",
        *session.posargs,
        env={"SSMINCIDENTS_STUB_REQUIRE_AIO": "1", "SSMINCIDENTS_STUB_REQUIRE_AIOBOTO3": "1"},
    )


@nox.session(python="3.11", tags=["benchmarks"])
def benchmarks(session: nox.Session) -> None:
    """Every benchmark row but the async one; moto for the comparison rows."""
    session.install("-e", ".[benchmarks]")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(python="3.11", tags=["benchmarks"])
def benchmarks_aio(session: nox.Session) -> None:
    """The aiobotocore row, in an environment with the botocore aiobotocore pins."""
    session.install("-e", ".[benchmarks]", "aiobotocore>=3")
    session.run("python", "benchmarks/run.py", "--only", "aio", *session.posargs)
