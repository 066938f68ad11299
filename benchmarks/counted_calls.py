"""Every operation through the fake against its before-send floor, counted in CPU instructions.

The timed rows in ``calls.every_operation`` ask a 20% question of a machine whose
same loop swings 2x from one round to the next. Here one process, run under valgrind's
callgrind, makes the same calls, and callgrind writes its count out each time the
process calls ``math.lcm`` (``--dump-before=math_lcm``): nothing in botocore, boto3 or
this package calls it, so each call of it is a clean boundary between two blocks. The
count of a block is the same on any day, busy or quiet; it does not see cache misses,
so it answers "how much more work does the fake do?" and not "how much more time?".

Run by the parent as ``python -m benchmarks.counted_calls CALLS``: the block order goes
to stdout as JSON, one line.
"""

from __future__ import annotations

import functools
import gc
import json
import math
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from botocore import xform_name

from benchmarks.calls import NO_RETRIES, _call_built, _scenario, floor_client
from benchmarks.common import PYTHON, Row, Section, counted, quiet_environment
from ssmincidents_stub import IncidentsFake, model
from ssmincidents_stub.clients import new_client

WARM_UP = 3  # calls of each side before counting: first calls compile codecs and fill caches


def boundary() -> None:
    """The end of a block: callgrind dumps the count so far before this call."""
    math.lcm(1, 1)


Case = tuple[str, Callable[[], object], Callable[[], object]]  # name, the fake's call, the floor's call


def _floor_of(fake: IncidentsFake, operation: str, build: Callable[[int], dict[str, Any]]) -> Callable[[], object]:
    """The floor for the call the fake answered last: the same parameters, answered with the same bytes."""
    last = fake.calls[-1]
    assert last.status < 300, f"{operation} answered {last.status}: {last.body[:200]}"
    method = getattr(floor_client(last.status, last.body.encode()), xform_name(operation))
    return functools.partial(_call_built, method, build, 0)


def _every_operation(fake: IncidentsFake, calls: int) -> Iterator[Case]:
    client = new_client(config=NO_RETRIES)
    params = _scenario(fake, client, repeats=calls + WARM_UP + 1)
    for operation in sorted(model.operation_names(), key=lambda name: name == "DeleteReplicationSet"):  # it goes last
        build = params[operation]
        if operation == "DeleteReplicationSet":  # the protection's last toggle depends on the call count
            client.update_deletion_protection(arn=build(0)["arn"], deletionProtected=False)
        method = getattr(client, xform_name(operation))
        method(**build(0))
        yield (
            xform_name(operation),
            counted(functools.partial(_call_built, method, build)),
            _floor_of(fake, operation, build),
        )


def _at_scale(fake: IncidentsFake) -> Iterator[Case]:
    """The rows the issue names: a page of 100 from 1,000 records, and a page of summaries never listed before."""
    for _ in range(1000):
        fake.put_incident_record()
    client = new_client(config=NO_RETRIES)
    state = fake._responder.service.state  # the benchmark reaches in to forget the kept summaries

    def hundred(_: int) -> dict[str, Any]:
        return {"maxResults": 100}

    def ten_new(_: int) -> dict[str, Any]:
        state.record_summaries.clear()  # every summary built and encoded again, as after writes
        return {"maxResults": 10}

    cases = (
        ("list_incident_records, a page of 100 from 1,000 records", hundred),
        ("list_incident_records, a page of 10 never listed before", ten_new),
    )
    for name, build in cases:
        client.list_incident_records(**build(0))
        method = client.list_incident_records
        yield name, functools.partial(_call_built, method, build, 0), _floor_of(fake, "ListIncidentRecords", build)


def measure_in_this_process(calls: int) -> None:
    """Dumps: setup; then per case: its setup and warm-up, the fake's block, a collection, the floor's block."""
    names: list[str] = []
    boundary()
    with IncidentsFake(assert_all_responses_used=False) as fake:
        _measure(_every_operation(fake, calls), calls, names)
    with IncidentsFake(assert_all_responses_used=False) as fake:
        _measure(_at_scale(fake), calls, names)
    print(json.dumps(names))


def _measure(cases: Iterator[Case], calls: int, names: list[str]) -> None:
    for name, ours, floor in cases:  # a case's setup runs here, inside the dump that is thrown away
        names.append(name)
        for _ in range(WARM_UP):
            ours()
            floor()
        gc.collect()
        boundary()
        for _ in range(calls):
            ours()
        boundary()
        gc.collect()
        boundary()
        for _ in range(calls):
            floor()
        boundary()


def every_operation_instructions(calls: int) -> Section:
    section = Section(
        f"One call of each operation through the fake, against the bare before-send floor, counted: "
        f"CPU instructions (valgrind callgrind), {calls} calls each (millions a call)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--dump-before=math_lcm",
                f"--callgrind-out-file={out}",
                PYTHON,
                "-m",
                "benchmarks.counted_calls",
                str(calls),
            ],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            env=quiet_environment(),
        )
        if done.returncode != 0:
            raise SystemExit(f"callgrind run of every operation failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        names: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
        counts = [_total(Path(f"{out}.{n}")) for n in range(2, 2 + 4 * len(names))]
    for index, name in enumerate(names):
        _, ours, _, floor = counts[4 * index : 4 * index + 4]
        section.rows.append(Row(name, "floor", [ours / calls / 1e6], [floor / calls / 1e6], "M instr", 1.2))
    return section


def _total(dump: Path) -> int:
    found = re.search(r"^totals: (\d+)", dump.read_text(), re.MULTILINE)
    if found is None:
        raise SystemExit(f"no totals line in {dump}")
    return int(found.group(1))


if __name__ == "__main__":
    measure_in_this_process(int(sys.argv[1]))
