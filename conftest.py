"""Serves this project's own tests; users get the plugin through its entry point.

The whole suite runs with ``HOME`` pointing at a directory whose ``~/.aws`` would
break or betray any code that reads it: ``config`` and ``credentials`` are not INI,
and ``models/`` holds an ssm-incidents model whose limits differ from botocore's. It
is set here, before anything imports botocore (botocore fixes ``~/.aws/models`` when
it is first imported), so every test doubles as a proof that nothing reads the
user's AWS setup. ``tests/test_isolation.py`` checks that this took effect.
"""

from __future__ import annotations

import atexit
import gzip
import json
import os
import pathlib
import shutil
import sys
import tempfile

pytest_plugins = ["pytester"]

BROKEN_TEXT = "[[[ this is not an AWS config file\n"
# The limit the planted model changes: botocore says impact is at most 5.
PLANTED_IMPACT_MAX = 50


def _plant_hostile_home() -> pathlib.Path:
    home = pathlib.Path(tempfile.mkdtemp(prefix="ssmincidents-stub-home-"))
    aws = home / ".aws"
    aws.mkdir()
    (aws / "config").write_text(BROKEN_TEXT)
    (aws / "credentials").write_text(BROKEN_TEXT)
    # A complete ssm-incidents model, found by locating botocore's data without importing it.
    spec_paths = [pathlib.Path(p) / "botocore" / "data" / "ssm-incidents" for p in sys.path if p]
    source = next((p for p in spec_paths if p.is_dir()), None)
    if source is not None:
        (version,) = [child for child in source.iterdir() if child.is_dir()]
        with gzip.open(version / "service-2.json.gz", "rt") as handle:
            document = json.load(handle)
        document["shapes"]["Impact"]["max"] = PLANTED_IMPACT_MAX
        planted = aws / "models" / "ssm-incidents" / version.name
        planted.mkdir(parents=True)
        (planted / "service-2.json").write_text(json.dumps(document))
    return home


if "botocore" not in sys.modules and "SSMINCIDENTS_STUB_REAL_HOME" not in os.environ:
    os.environ["SSMINCIDENTS_STUB_REAL_HOME"] = os.environ.get("HOME", "")
    _home = _plant_hostile_home()
    os.environ["HOME"] = str(_home)
    atexit.register(shutil.rmtree, _home, ignore_errors=True)  # xdist workers and subprocesses are done by then
    # Nothing of the machine's own AWS setup reaches the tests either.
    for _name in [name for name in os.environ if name.startswith("AWS_")]:
        del os.environ[_name]


# Timing belongs to benchmarks/, not to tests: on a loaded two-core CI machine a fake-backed
# example (a client made, a fake started) can take longer than Hypothesis's 200 ms
# deadline or trip its too_slow check, which would fail a run for the machine's sake.
# Derandomized, with no example database: every run (serial, each xdist worker, each nox
# session) draws the same examples, so a result never depends on an earlier run.
import hypothesis  # noqa: E402  (after HOME is planted, though it imports no botocore)

hypothesis.settings.register_profile(
    "ssmincidents-stub-suite",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
    derandomize=True,
    database=None,
)
hypothesis.settings.load_profile("ssmincidents-stub-suite")
