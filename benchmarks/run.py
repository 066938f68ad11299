"""Benchmarks: ssmincidents_stub against the baselines a careful engineer would use.

Run with ``.venv/bin/python benchmarks/run.py`` (``--quick`` for fewer rounds). Every
row is measured side by side with its baseline in the same run, in interleaved
rounds, and reports medians, min-max and the ratio; there are no absolute targets.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore.session
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber
from hypothesis import given, settings
from hypothesis import strategies as st

from ssmincidents_stub import IncidentsFake, IncidentsStub, incident_record, model, strategies
from ssmincidents_stub.clients import new_client

PYTHON = sys.executable
ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"


@dataclass
class Row:
    name: str
    baseline: str
    ours: list[float]
    theirs: list[float]
    unit: str
    target: str
    check: Callable[[float], bool]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ours) / statistics.median(self.theirs)


def _interleaved(
    rounds: int, ours: Callable[[], float], theirs: Callable[[], float]
) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for index in range(rounds):
        # Alternate who goes first, so drift on a shared machine hits both sides alike.
        pair = [(a, ours), (b, theirs)] if index % 2 == 0 else [(b, theirs), (a, ours)]
        for samples, run in pair:
            gc.collect()
            samples.append(run())
    return a, b


# ---------------------------------------------------------------- whole pytest runs


SUITES = {
    "empty": (
        "",
        "def test_{i}():\n    pass\n",
    ),
    "ours": (
        "",
        "def test_{i}(ssm_incidents_client, ssm_incidents_stub):\n"
        "    record = ssm_incidents_stub.add_incident_record()\n"
        "    ssm_incidents_client.get_incident_record(arn=record['arn'])\n",
    ),
    "hand_tuned": (
        textwrap.dedent(
            """
            import botocore.session, pytest
            from botocore.stub import Stubber
            CLIENT = botocore.session.get_session().create_client(
                "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
            RECORD = {"incidentRecord": {
                "arn": "ARN_HERE", "title": "t", "status": "OPEN", "impact": 1,
                "creationTime": 1773480000, "lastModifiedTime": 1773480060, "dedupeString": "d",
                "lastModifiedBy": "arn:aws:iam::111122223333:role/r",
                "incidentRecordSource": {"createdBy": "arn:aws:iam::111122223333:role/r", "source": "s"}}}

            @pytest.fixture
            def stubbed():
                with Stubber(CLIENT) as stubber:
                    yield CLIENT, stubber
                    stubber.assert_no_pending_responses()
            """
        ).replace("ARN_HERE", ARN),
        "def test_{i}(stubbed):\n"
        "    client, stubber = stubbed\n"
        "    stubber.add_response('get_incident_record', RECORD)\n"
        "    client.get_incident_record(arn=RECORD['incidentRecord']['arn'])\n",
    ),
    "naive": (
        textwrap.dedent(
            """
            import boto3
            from botocore.stub import Stubber
            RECORD = {"incidentRecord": {
                "arn": "ARN_HERE", "title": "t", "status": "OPEN", "impact": 1,
                "creationTime": 1773480000, "lastModifiedTime": 1773480060, "dedupeString": "d",
                "lastModifiedBy": "arn:aws:iam::111122223333:role/r",
                "incidentRecordSource": {"createdBy": "arn:aws:iam::111122223333:role/r", "source": "s"}}}
            """
        ).replace("ARN_HERE", ARN),
        "def test_{i}():\n"
        "    client = boto3.client('ssm-incidents', region_name='us-east-1',\n"
        "                          aws_access_key_id='a', aws_secret_access_key='b')\n"
        "    with Stubber(client) as stubber:\n"
        "        stubber.add_response('get_incident_record', RECORD)\n"
        "        client.get_incident_record(arn=RECORD['incidentRecord']['arn'])\n",
    ),
}


def _write_suite(root: Path, kind: str, count: int) -> Path:
    folder = root / kind
    folder.mkdir()
    header, body = SUITES[kind]
    per_file = 100
    for start in range(0, count, per_file):
        tests = "\n\n".join(body.format(i=i) for i in range(start, min(count, start + per_file)))
        (folder / f"test_{kind}_{start}.py").write_text(f"{header}\n\n{tests}")
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -q -p no:cacheprovider -p no:randomly\n")
    return folder


def _pytest_seconds(folder: Path, *extra: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [PYTHON, "-m", "pytest", *extra, str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark suite {folder.name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def per_test_rows(rounds: int, count: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        suites = {kind: _write_suite(root, kind, count) for kind in SUITES}
        samples: dict[str, list[float]] = {kind: [] for kind in SUITES}
        for index in range(rounds):
            order = list(SUITES) if index % 2 == 0 else list(reversed(SUITES))
            for kind in order:
                samples[kind].append(_pytest_seconds(suites[kind]))
    empty = statistics.median(samples["empty"])

    def per_test(kind: str) -> list[float]:
        return [(seconds - empty) / count * 1000 for seconds in samples[kind]]

    ours = per_test("ours")
    return [
        Row(
            f"per-test cost, {count} tests (minus an empty suite)",
            "(a) hand-tuned: one client per process, fresh Stubber per test",
            ours,
            per_test("hand_tuned"),
            "ms",
            "<= 1.0x",
            lambda r: r <= 1.0,
        ),
        Row(
            f"per-test cost, {count} tests (minus an empty suite)",
            "(b) naive: new boto3.client per test",
            ours,
            per_test("naive"),
            "ms",
            "<= 0.2x",
            lambda r: r <= 0.2,
        ),
    ]


def startup_row(rounds: int) -> Row:
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write_suite(Path(tmp), "empty", 1)
        ours, theirs = _interleaved(
            rounds * 4,
            lambda: _pytest_seconds(folder),
            lambda: _pytest_seconds(folder, "-p", "no:ssm_incidents"),
        )
    to_ms = [s * 1000 for s in ours], [s * 1000 for s in theirs]
    return Row(
        "pytest start-up, plugin installed but unused",
        "the same run with -p no:ssm_incidents",
        to_ms[0],
        to_ms[1],
        "ms",
        "<= 1.05x",
        lambda r: r <= 1.05,
    )


# ---------------------------------------------------------------- in-process loops


def _per_call(loops: int, body: Callable[[], None]) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        body()
    return (time.perf_counter() - start) / loops * 1000


def stub_call_row(rounds: int, loops: int) -> Row:
    ours_client = new_client()
    stub = IncidentsStub(ours_client)
    stub.activate()
    bare_client = new_client()
    stubber = Stubber(bare_client)
    stubber.activate()
    prebuilt = {"incidentRecord": incident_record()}

    def ours() -> None:
        record = stub.add_incident_record()
        ours_client.get_incident_record(arn=record["arn"])

    def theirs() -> None:
        stubber.add_response("get_incident_record", prebuilt)
        bare_client.get_incident_record(arn=ARN)

    a, b = _interleaved(rounds, lambda: _per_call(loops, ours), lambda: _per_call(loops, theirs))
    return Row(
        "add_incident_record() + call",
        "bare Stubber.add_response(prebuilt dict) + call",
        a,
        b,
        "ms",
        "<= 1.5x",
        lambda r: r <= 1.5,
    )


def _floor_handler(record_body: bytes) -> Callable[..., AWSResponse]:
    class Raw:
        def stream(self, **_: Any) -> Any:
            yield record_body

    def answer(**_: Any) -> AWSResponse:
        return AWSResponse("https://x", 200, {"content-type": "application/json", "x-amzn-requestid": "r"}, Raw())  # type: ignore[arg-type]

    return answer


def fake_call_rows(rounds: int, loops: int) -> list[Row]:
    import json

    with IncidentsFake() as fake:
        record = fake.put_incident_record()
        fake_client = new_client()
        body = json.dumps(
            {"incidentRecord": {**record, "creationTime": 1773480000.0, "lastModifiedTime": 1773480060.0}}
        )
        fake_calls: list[Any] = fake.calls

        def ours() -> None:
            fake_client.get_incident_record(arn=record["arn"])
            fake_calls.clear()

        def throttled_once() -> None:
            fake.fail_next("get_incident_record", "ThrottlingException")
            fake_client.get_incident_record(arn=record["arn"])
            fake_calls.clear()
            fake.retry_sleeps.clear()

        floor_client: Any = botocore.session.Session().create_client(
            "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
        )
        floor_client.meta.events.register("before-send.ssm-incidents", _floor_handler(body.encode()))

        def floor() -> None:
            floor_client.get_incident_record(arn=record["arn"])

        a, b = _interleaved(rounds, lambda: _per_call(loops, ours), lambda: _per_call(loops, floor))
        c, d = _interleaved(rounds, lambda: _per_call(loops, throttled_once), lambda: _per_call(loops, ours))
    return [
        Row(
            "one call answered by ssm_incidents_fake",
            "floor: a bare before-send handler returning a prebuilt AWSResponse",
            a,
            b,
            "ms",
            "<= 1.2x",
            lambda r: r <= 1.2,
        ),
        Row(
            "throttled once, then success, through the fake",
            "a plain successful call through the fake",
            c,
            d,
            "ms",
            "<= 3x",
            lambda r: r <= 3.0,
        ),
    ]


# ---------------------------------------------------------------- Hypothesis


def _naive_from_shape(shape: Any, cap: int | None = None) -> st.SearchStrategy[Any]:
    """The obvious generic shape-to-strategy: the model's own limits, every pattern by st.from_regex."""
    kind = shape.type_name
    if kind == "structure":
        members = {name: _naive_from_shape(member, cap) for name, member in shape.members.items()}
        if shape.is_tagged_union:
            return st.one_of([st.fixed_dictionaries({n: s}) for n, s in members.items()])
        required = {n: members[n] for n in shape.required_members}
        return st.fixed_dictionaries(required, optional={n: s for n, s in members.items() if n not in required})
    if kind == "list":
        high = shape.metadata.get("max") if cap is None else cap
        return st.lists(_naive_from_shape(shape.member, cap), min_size=shape.metadata.get("min", 0), max_size=high)
    if kind == "string":
        if "enum" in shape.metadata:
            return st.sampled_from(shape.metadata["enum"])
        if "pattern" in shape.metadata:
            return st.from_regex(shape.metadata["pattern"], fullmatch=True)
        high = shape.metadata.get("max") if cap is None else min(shape.metadata.get("max", 40), 40)
        return st.text(min_size=shape.metadata.get("min", 0), max_size=high)
    if kind == "integer":
        return st.integers(shape.metadata.get("min"), shape.metadata.get("max"))
    if kind == "timestamp":
        return st.datetimes()
    raise NotImplementedError(kind)


def _draw_thousand(strategy: st.SearchStrategy[Any]) -> tuple[float, int]:
    count = [0]
    health: list[str] = []

    @settings(max_examples=1000, database=None, deadline=None, suppress_health_check=())
    @given(strategy)
    def draw(value: Any) -> None:
        count[0] += 1

    start = time.perf_counter()
    try:
        draw()
    except Exception as error:  # a health check is an error: count it, keep measuring
        health.append(type(error).__name__)
    return (time.perf_counter() - start) / max(count[0], 1) * 1000, len(health)


def hypothesis_rows(rounds: int) -> list[Row]:
    naive = _naive_from_shape(model.shape("IncidentRecord"))
    capped = _naive_from_shape(model.shape("IncidentRecord"), cap=3)
    ours_health: list[int] = []

    def ours() -> float:
        per_record, health = _draw_thousand(strategies.incident_records())
        ours_health.append(health)
        return per_record

    a, b = _interleaved(max(1, rounds // 2), ours, lambda: _draw_thousand(naive)[0])
    c, d = _interleaved(
        max(1, rounds // 2), lambda: _draw_thousand(strategies.incident_records())[0], lambda: _draw_thousand(capped)[0]
    )
    return [
        Row(
            f"1,000 incident_records() in one @given run (health checks: {sum(ours_health)})",
            "naive generic shape-to-strategy: model limits, st.from_regex for patterns",
            a,
            b,
            "ms/record",
            "<= 0.25x, 0 health checks",
            lambda r: r <= 0.25 and sum(ours_health) == 0,
        ),
        Row(
            "the same, against a kinder baseline (for information)",
            "the naive one with lists and strings capped at 3 and 40 like ours",
            c,
            d,
            "ms/record",
            "none",
            lambda r: True,
        ),
    ]


# ---------------------------------------------------------------- memory


def memory_line(calls: int) -> tuple[str, bool]:
    client = new_client()

    def stubbed_calls(count: int) -> None:
        for _ in range(count):
            with IncidentsStub(client) as stub:
                record = stub.add_incident_record()
                client.get_incident_record(arn=record["arn"])

    stubbed_calls(1000)  # warm-up: caches, interned strings, model shapes
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stubbed_calls(calls)
    gc.collect()
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    met = grown_mb < 5
    return f"memory: {calls:,} stubbed calls after warm-up grow peak RSS by {grown_mb:.2f} MB (target < 5 MB)", met


# ---------------------------------------------------------------- report


def _cell(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f} ({min(samples):.3f}-{max(samples):.3f})"


GROUPS: dict[str, Callable[[int, int, int], list[Row]]] = {
    "stub": lambda rounds, loops, count: [stub_call_row(rounds * 2, loops)],
    "fake": lambda rounds, loops, count: fake_call_rows(rounds * 2, loops),
    "hypothesis": lambda rounds, loops, count: hypothesis_rows(rounds),
    "per-test": lambda rounds, loops, count: per_test_rows(rounds, count),
    "startup": lambda rounds, loops, count: [startup_row(rounds)],
    "memory": lambda rounds, loops, count: [],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and a smaller suite (a smoke run)")
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS), help="measure only these groups")
    args = parser.parse_args()
    rounds, loops, count = (3, 200, 200) if args.quick else (5, 1000, 1000)
    warnings.simplefilter("ignore")

    rows: list[Row] = []
    for group in args.only:
        if group != "memory":
            rows.extend(GROUPS[group](rounds, loops, count))
    memory, memory_met = memory_line(10_000 if not args.quick else 2_000) if "memory" in args.only else ("", True)

    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"botocore {botocore.__version__}"
    )
    print(f"rounds: {rounds} interleaved (x2 for in-process loops of {loops} calls); medians (min-max)\n")
    print("| measurement | baseline | ours | baseline | unit | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    all_met = memory_met
    for row in rows:
        met = row.check(row.ratio)
        all_met = all_met and met
        print(
            f"| {row.name} | {row.baseline} | {_cell(row.ours)} | {_cell(row.theirs)} | {row.unit} | "
            f"{row.ratio:.2f}x | {row.target} | {'yes' if met else 'NO'} |"
        )
    if memory:
        print(f"\n{memory} {'yes' if memory_met else 'NO'}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
