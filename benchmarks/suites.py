"""Whole pytest runs: what a test costs with the fixtures, against hand-written Stubber setups.

Each suite is one file of generated tests run by a fresh ``pytest``; an empty suite of
the same size is subtracted, so a row is the cost one test adds. The baselines are
every hand-written Stubber setup tried here, the fastest one first: the one to beat.
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

from benchmarks.common import PYTHON, Row, Section, interleaved, pytest_seconds, quiet_environment, write_suite

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"

# A realistic GetIncidentRecord answer, built once per module, as a careful engineer would.
RECORD = f"""
import datetime
UTC = datetime.timezone.utc
RECORD = {{"incidentRecord": {{
    "arn": "{ARN}", "title": "Checkout down", "status": "OPEN", "impact": 1,
    "creationTime": datetime.datetime(2026, 3, 14, 9, 20, tzinfo=UTC),
    "lastModifiedTime": datetime.datetime(2026, 3, 14, 9, 25, tzinfo=UTC), "dedupeString": "checkout",
    "lastModifiedBy": "arn:aws:iam::111122223333:role/IncidentResponder",
    "incidentRecordSource": {{
        "createdBy": "arn:aws:iam::111122223333:role/IncidentResponder", "source": "aws.cloudwatch",
    }},
}}}}
EXPECTED = {{"arn": "{ARN}"}}
"""

SESSION_CLIENT = (
    RECORD
    + """
import botocore.session, pytest
from botocore.stub import Stubber

@pytest.fixture(scope="session")
def client():
    return botocore.session.Session().create_client(
        "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
"""
)
CALL = "    client.get_incident_record(arn=EXPECTED['arn'])\n"

# name -> (what it is, module header, one test's body)
BASELINES: dict[str, tuple[str, str, str]] = {
    "session-stubber": (
        "one Stubber active for the session on a session client; a fixture checks it after each test",
        SESSION_CLIENT
        + """
@pytest.fixture(scope="session")
def active(client):
    stubber = Stubber(client)
    stubber.activate()
    yield stubber
    stubber.deactivate()

@pytest.fixture
def stubber(active):
    yield active
    active.assert_no_pending_responses()
""",
        "def test_{i}(client, stubber):\n    stubber.add_response('get_incident_record', RECORD, EXPECTED)\n" + CALL,
    ),
    "natural": (
        "a session client from a fixture, a fresh Stubber per test as a context manager",
        SESSION_CLIENT,
        "def test_{i}(client):\n    with Stubber(client) as stubber:\n"
        "        stubber.add_response('get_incident_record', RECORD, EXPECTED)\n"
        "        client.get_incident_record(arn=EXPECTED['arn'])\n"
        "        stubber.assert_no_pending_responses()\n",
    ),
    "client-per-module": (
        "the old benchmark's way: a new botocore session and client at the top of each module of 100 tests",
        RECORD
        + """
import botocore.session
from botocore.stub import Stubber
client = botocore.session.get_session().create_client(
    "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
""",
        "def test_{i}():\n    with Stubber(client) as stubber:\n"
        "        stubber.add_response('get_incident_record', RECORD, EXPECTED)\n"
        "        client.get_incident_record(arn=EXPECTED['arn'])\n",
    ),
    "client-per-test": (
        "naive: a new boto3 client in every test",
        RECORD + "\nimport boto3\nfrom botocore.stub import Stubber\n",
        "def test_{i}():\n    client = boto3.client('ssm-incidents', region_name='us-east-1', "
        "aws_access_key_id='a', aws_secret_access_key='b')\n    with Stubber(client) as stubber:\n"
        "        stubber.add_response('get_incident_record', RECORD, EXPECTED)\n"
        "        client.get_incident_record(arn=EXPECTED['arn'])\n",
    ),
}

FLOOR = (
    "pytest's floor: two trivial fixtures and one bare Stubber call (a Stubber active all session)",
    SESSION_CLIENT
    + """
@pytest.fixture(scope="session")
def active(client):
    stubber = Stubber(client)
    stubber.activate()
    return stubber

@pytest.fixture
def first():
    return 1

@pytest.fixture
def second():
    return 2
""",
    "def test_{i}(first, second, client, active):\n    active.add_response('get_incident_record', RECORD, EXPECTED)\n"
    + CALL,
)

OURS = {
    "ours: the stub fixture": (
        "",
        "def test_{i}(ssm_incidents_stub):\n    record = ssm_incidents_stub.add_incident_record()\n"
        "    ssm_incidents_stub.client.get_incident_record(arn=record['arn'])\n",
    ),
    "ours: client and stub fixtures": (
        "",
        "def test_{i}(ssm_incidents_client, ssm_incidents_stub):\n"
        "    record = ssm_incidents_stub.add_incident_record()\n"
        "    ssm_incidents_client.get_incident_record(arn=record['arn'])\n",
    ),
}

STUB_ONLY, BOTH = OURS
# (ours, baseline, target ratio): what the issue asks of a test, and what a second fixture may add.
COMPARISONS = ((STUB_ONLY, "session-stubber", 1.0), (BOTH, "session-stubber", 1.2), (BOTH, "natural", 1.0))


def per_test(rounds: int, count: int) -> Section:
    section = Section(f"What a test costs, {count:,} tests in one file (ms a test, an empty suite subtracted)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        suites = {"empty": write_suite(root, "empty", "", "def test_{i}():\n    pass\n", count)}
        for index, (name, (_, header, body)) in enumerate({**BASELINES, "floor": FLOOR}.items()):
            per_file = 100 if name == "client-per-module" else None
            suites[name] = write_suite(root, f"b{index}", header, body, count, per_file=per_file)
        for index, (name, (header, body)) in enumerate(OURS.items()):
            suites[name] = write_suite(root, f"o{index}", header, body, count)
        names = list(suites)
        samples = dict(zip(names, interleaved(rounds, *(pytest_seconds(suites[n]) for n in names)), strict=True))
    empty = samples["empty"]  # subtracted round by round: each round's runs are seconds apart
    cost = {
        name: [(run - base) / count * 1000 for run, base in zip(runs, empty, strict=True)]
        for name, runs in samples.items()
        if name != "empty"
    }
    fastest = min(BASELINES, key=lambda name: statistics.median(cost[name]))
    section.lines.append("Hand-written Stubber setups tried (the baselines), fastest first:")
    for name in sorted(BASELINES, key=lambda n: statistics.median(cost[n])):
        section.lines.append(f"- {name}: {statistics.median(cost[name]):.3f} ms a test. {BASELINES[name][0]}")
    section.rows += [
        Row(STUB_ONLY, f"the fastest baseline ({fastest})", cost[STUB_ONLY], cost[fastest], "ms", 1.0),
        Row(
            BOTH,
            f"the fastest baseline ({fastest})",
            cost[BOTH],
            cost[fastest],
            "ms",
            1.2,
            "a second function-scoped fixture costs pytest itself about 0.05 ms",
        ),
        Row(BOTH, "the natural baseline", cost[BOTH], cost["natural"], "ms", 1.0),
        Row(BOTH, "the floor: " + FLOOR[0], cost[BOTH], cost["floor"], "ms", None, "how far above pytest's own floor"),
        Row(
            "the natural baseline",
            "the old benchmark's baseline (client-per-module)",
            cost["natural"],
            cost["client-per-module"],
            "ms",
            None,
            "why the old baseline was slow: a botocore session per module",
        ),
    ]
    return section


# Each test's setup, call and teardown seconds, summed from pytest's own reports (junit
# XML rounds them to milliseconds, coarser than a test here).
DURATIONS_PLUGIN = """
import json
DURATIONS = {}

def pytest_runtest_logreport(report):
    name = report.nodeid.rpartition("::")[2]
    DURATIONS[name] = DURATIONS.get(name, 0.0) + report.duration

def pytest_sessionfinish(session):
    with open("durations.json", "w") as out:
        json.dump(DURATIONS, out)
"""


def per_test_alternating(rounds: int, count: int) -> Section:
    """Our fixtures and a hand-written setup test by test in one run, from pytest's own durations.

    Whole runs time everything a test costs, once-a-run work included, but two runs of
    the same suite seconds apart differ here by more than the gap the target asks
    about. In one file where an ours test and a baseline test alternate, each pair runs
    microseconds apart, so drift cancels pair by pair. pytest times each test's setup,
    call and teardown (``report.duration``), which holds every cost that differs between
    the fixtures after the first test; the once-a-run cost (imports, the first client)
    is in the counted rows. Each pair's ratio is one sample. Sharing the CPU's caches
    with the other kind's test costs both kinds, and a footprint larger than the
    baseline's (ours) most. The rows are the whole-run rows' three comparisons.
    """
    section = Section(f"What a test costs, test by test: {count:,} pairs in one file, {rounds} runs (ms a test)")
    with tempfile.TemporaryDirectory() as tmp:
        for index, (name, baseline, target) in enumerate(COMPARISONS):
            header, theirs = BASELINES[baseline][1:]
            pair = (
                OURS[name][1].replace("test_{i}", "test_{i}_ours")
                + "\n\n"
                + theirs.replace("test_{i}", "test_{i}_theirs")
            )
            folder = write_suite(Path(tmp), f"pairs{index}", header, pair, count)
            (folder / "conftest.py").write_text(DURATIONS_PLUGIN)
            ours_ms: list[float] = []
            theirs_ms: list[float] = []
            for _ in range(rounds):
                pytest_seconds(folder)()
                times = json.loads((folder / "durations.json").read_text())
                for i in range(1, count):  # the first pair pays first-use work: see the counted rows
                    ours_ms.append(times[f"test_{i}_ours"] * 1000)
                    theirs_ms.append(times[f"test_{i}_theirs"] * 1000)
            section.rows.append(
                Row(
                    f"{name}, each test after the first",
                    f"{baseline}, the test beside it",
                    ours_ms,
                    theirs_ms,
                    "ms",
                    target,
                )
            )
    section.lines.append("Setup, call and teardown as pytest times them; no once-a-run cost (see the counted rows).")
    return section


def startup(rounds: int) -> Section:
    section = Section("pytest start-up with the plugin installed but unused")
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_suite(Path(tmp), "one", "", "def test_0():\n    pass\n", 1)
        ours, theirs = interleaved(rounds * 3, pytest_seconds(folder), pytest_seconds(folder, "-p", "no:ssm_incidents"))
    section.rows.append(
        Row(
            "start-up, plugin loaded",
            "the same run with -p no:ssm_incidents",
            [s * 1000 for s in ours],
            [s * 1000 for s in theirs],
            "ms",
            1.05,
        )
    )
    return section


def coverage_switch(rounds: int, count: int) -> Section:
    """--ssm-incidents-error-coverage off must cost nothing; on, it records each answer."""
    section = Section(f"Error coverage, {count:,} fake-backed tests (ms a test, an empty suite subtracted)")
    body = (
        "def test_{i}(ssm_incidents_fake):\n    import boto3\n"
        "    arn = ssm_incidents_fake.put_incident_record()['arn']\n"
        "    boto3.client('ssm-incidents').get_incident_record(arn=arn)\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty = write_suite(root, "empty", "", "def test_{i}():\n    pass\n", count)
        suite = write_suite(root, "fake", "", body, count)
        base, off, on = interleaved(
            rounds,
            pytest_seconds(empty),
            pytest_seconds(suite),
            pytest_seconds(suite, "--ssm-incidents-error-coverage"),
        )
    empty_s = statistics.median(base)
    off_ms = [(s - empty_s) / count * 1000 for s in off]
    on_ms = [(s - empty_s) / count * 1000 for s in on]
    section.rows.append(
        Row(
            "with --ssm-incidents-error-coverage",
            "without it",
            on_ms,
            off_ms,
            "ms",
            None,
            "without the option the deliveries skip the recording: one boolean read a call",
        )
    )
    return section


def per_test_instructions(count: int) -> Section:
    """The per-test rows again, counted in CPU instructions (valgrind's callgrind) instead of timed.

    An instruction count does not drift with the machine: on a shared VM that runs the
    same loop 2x slower from one second to the next, it still answers "does our test do
    more work than the hand-written one?" to the instruction. It does not see cache
    misses, so it complements the timed rows and does not replace them.

    Each suite is also counted at a tenth of the size, which splits its cost in two:
    what a run pays once (imports, the first client, first-use tables) and what each
    test adds after that. A sceptic with a small suite wants the first; one with a
    large suite, the second.
    """
    small = max(count // 10, 1)
    section = Section(
        f"What a test costs, counted: CPU instructions (valgrind callgrind), {count:,} tests in one file, "
        "an empty suite subtracted (millions of instructions: a test, or once a run where the row says so)"
    )
    chosen = {
        "session-stubber": BASELINES["session-stubber"][1:],
        "natural": BASELINES["natural"][1:],
        **OURS,
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        total: dict[tuple[str, int], float] = {}
        for size in (small, count):
            empty = _instructions(write_suite(root, f"empty{size}", "", "def test_{i}():\n    pass\n", size))
            for index, (name, (header, body)) in enumerate(chosen.items()):
                total[name, size] = (
                    _instructions(write_suite(root, f"s{index}_{size}", header, body, size)) - empty
                ) / 1e6
    a_test = {name: total[name, count] / count for name in chosen}
    each = {name: (total[name, count] - total[name, small]) / (count - small) for name in chosen}
    once = {name: total[name, count] - each[name] * count for name in chosen}

    def row(name: str, baseline: str, figures: dict[str, float], target: float | None = None) -> Row:
        return Row(name, baseline, [figures[name]], [figures[baseline]], "M instr", target)

    section.rows += [row(name, baseline, a_test, target) for name, baseline, target in COMPARISONS]
    for label, figures in ((f"each test after the first {small:,}", each), ("once a run", once)):
        shown = {f"{STUB_ONLY}, {label}": figures[STUB_ONLY], "session-stubber": figures["session-stubber"]}
        section.rows.append(row(f"{STUB_ONLY}, {label}", "session-stubber", shown))
    extra = once[STUB_ONLY] - once["session-stubber"]
    saved = each["session-stubber"] - each[STUB_ONLY]
    if extra > 0 and saved > 0:
        section.lines.append(
            f"The stub fixture pays {extra:.1f} M instructions more once a run and {saved:.3f} M less a test: "
            f"it breaks even with session-stubber at about {extra / saved:,.0f} tests."
        )
    return section


def _instructions(folder: Path) -> int:
    """The instructions a fresh ``pytest`` over ``folder`` executes, from start to exit."""
    out = folder / "callgrind.out"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", PYTHON, "-m", "pytest", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        env=quiet_environment(),
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind run of {folder.name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return int(found.group(1))
