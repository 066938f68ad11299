"""Benchmarks: ssmincidents_stub against the baselines a sceptic would write, measured in the same run.

One command: ``nox -t benchmarks`` (it installs moto for the comparison rows, and runs
the aiobotocore row in its own environment), or ``python benchmarks/run.py`` in an
environment with ``.[benchmarks]``. Every row is measured side by side with its
baseline in interleaved rounds and reports medians, min-max, the ratio and its 95%
interval; "shown" says whether the interval settles the target ("undecided" when the
machine's noise straddles it). The exit status is 1 if a median ratio misses its
target. ``--quick`` is a smoke run; ``--only`` picks groups. Speed targets live here,
never in the test suite: this machine is shared.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import shutil
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `python benchmarks/run.py` from anywhere

import botocore

from benchmarks import calls, draws, server_load, suites
from benchmarks.common import Row, Section, cell

Sizes = tuple[int, int, int]  # rounds, loops, suite size

GROUPS: dict[str, Callable[[Sizes], list[Section]]] = {
    # The headline row, at the 1,000 tests a file: 20 rounds, enough for a 95% interval 6 ranks in.
    "per-test": lambda z: [suites.per_test(z[0] * 4, min(z[2], 1000)), suites.per_test_alternating(3, z[2] // 2)],
    "startup": lambda z: [suites.startup(z[0])],
    "stub": lambda z: [calls.stub_call(z[0] * 2, z[1])],
    # Four times the rounds of a quarter the calls: the same time, and 20 rounds give a 95% interval.
    "operations": lambda z: [calls.every_operation(z[0] * 4, max(z[1] // 20, 10))],
    "incidents": lambda z: [calls.incident_rows(z[0] * 4, max(z[1] // 8, 15))],
    "retries": lambda z: [calls.throttled(z[0], z[1])],
    "hypothesis": lambda z: [draws.records(z[0]), draws.every_shape(20 if z[2] < 1000 else 100)],
    "fault-plans": lambda z: [draws.fault_plan_overhead(z[0] * 2, 50 if z[2] < 1000 else 200)],
    "coverage": lambda z: [suites.coverage_switch(z[0], z[2] // 2)],
    "server": lambda z: [
        server_load.server_vs_fake(z[0], z[1]),
        server_load.load(8, 1000 if z[2] >= 1000 else 100),
        server_load.flat_memory(100_000 if z[2] >= 1000 else 10_000),
    ],
    "memory": lambda z: [calls.memory(10_000 if z[2] >= 1000 else 2_000)],
}


@dataclass(frozen=True)
class OptionalGroup:
    """A group that needs something not every environment has."""

    needs: str  # what it needs, as the error names it
    available: Callable[[], bool]
    build: Callable[[Sizes], list[Section]]


def _module(name: str) -> Callable[[], bool]:
    return lambda: importlib.util.find_spec(name) is not None


OPTIONAL: dict[str, OptionalGroup] = {
    "moto": OptionalGroup("moto installed (nox -t benchmarks)", _module("moto"), lambda z: _moto(z)),
    "aio": OptionalGroup("aiobotocore installed (nox -t benchmarks)", _module("aiobotocore"), lambda z: _aio(z)),
    # Deterministic, and slow (valgrind runs Python about 40x slower): the 1,000 tests, and 100.
    "per-test-instructions": OptionalGroup(
        "valgrind on the PATH (apt install valgrind)",
        lambda: shutil.which("valgrind") is not None,
        lambda z: [suites.per_test_instructions(min(z[2], 1000))],
    ),
    "operations-instructions": OptionalGroup(
        "valgrind on the PATH (apt install valgrind)",
        lambda: shutil.which("valgrind") is not None,
        lambda z: [_counted_calls(20 if z[2] < 1000 else 100)],
    ),
}


def _counted_calls(calls: int) -> Section:
    from benchmarks import counted_calls

    return counted_calls.every_operation_instructions(calls)


def _moto(z: Sizes) -> list[Section]:
    from benchmarks import moto_rows

    # Under moto's mock_aws a 2,000-test run grew past 1 GB here and slowed as it grew: 500 tests.
    return [moto_rows.per_call(z[0], z[1]), moto_rows.per_test(z[0], min(z[2], 500))]


def _aio(z: Sizes) -> list[Section]:
    from benchmarks import aio_rows

    return [aio_rows.aio_call(z[0] * 8, z[1] // 5)]  # many short blocks: one row, on a noisy machine


def report(sections: list[Section]) -> bool:
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"botocore {botocore.__version__}"
    )
    all_met = True
    for section in sections:
        print(f"\n### {section.title}\n")
        for line in section.lines:
            print(line)
        if section.rows:
            if section.lines:
                print()
            print("| measurement | baseline | ours | baseline | unit | ratio | 95% interval | target | shown |")
            print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            for row in section.rows:
                target = f"<= {row.target:g}x" if row.target is not None else "none"
                bounds = row.interval
                interval = f"{bounds[0]:.2f}x-{bounds[1]:.2f}x" if bounds else _no_interval(row)
                name = f"{row.name} ({row.note})" if row.note else row.name
                print(
                    f"| {name} | {row.baseline} | {cell(row.ours)} | {cell(row.theirs)} | {row.unit} | "
                    f"{row.ratio:.2f}x | {interval} | {target} | {row.verdict} |"
                )
        all_met = all_met and section.met and all(row.met for row in section.rows)
    return all_met


def _no_interval(row: Row) -> str:
    return "exact: a count" if row.unit.endswith("instr") else "too few rounds"


def main() -> int:
    choices = [*GROUPS, *OPTIONAL]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller suites: a smoke run")
    parser.add_argument("--only", nargs="+", choices=choices, default=None, help="measure only these groups")
    args = parser.parse_args()
    sizes: Sizes = (3, 200, 300) if args.quick else (5, 1000, 2000)
    warnings.simplefilter("ignore")
    _compile_the_package()
    wanted = args.only or [name for name in choices if name not in OPTIONAL or OPTIONAL[name].available()]
    sections: list[Section] = []
    for name in wanted:
        if name in OPTIONAL:
            group = OPTIONAL[name]
            if not group.available():
                raise SystemExit(f"--only {name} needs {group.needs}")
            sections += group.build(sizes)
        else:
            sections += GROUPS[name](sizes)
        print(f"measured: {name}", file=sys.stderr, flush=True)
    return 0 if report(sections) else 1


def _compile_the_package() -> None:
    """Write the plugin's bytecode, as ``pip install`` does for every regular install.

    The benchmarks run the plugin from an editable install, whose modules pip does not
    compile, and where ``PYTHONDONTWRITEBYTECODE`` is set (these machines set it) Python
    never writes them either: every fresh ``pytest`` then compiled the plugin from source
    (about 25 ms), while botocore, boto3 and Hypothesis on the baseline's side loaded
    the bytecode pip wrote for them.
    """
    import ssmincidents_stub

    compileall.compile_dir(Path(ssmincidents_stub.__file__).parent, quiet=1)


if __name__ == "__main__":
    sys.exit(main())
