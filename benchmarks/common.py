"""What every benchmark row shares: a row, interleaved rounds, per-call timing, whole pytest runs."""

from __future__ import annotations

import gc
import itertools
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = sys.executable


@dataclass
class Row:
    """One measurement against its baseline, both measured in this run."""

    name: str
    baseline: str
    ours: list[float]
    theirs: list[float]
    unit: str
    target: float | None = None  # the ratio to stay at or under; None: reported, not judged
    note: str = ""

    @property
    def ratio(self) -> float:
        """The median of each round's ratio where both were measured round by round, else of the medians.

        The machines drift (here a shared VM ran the same loop 2x slower in one second
        than a few seconds later); a round measures both back to back, so its ratio
        cancels what lasts longer than a round, and the median drops the rounds a burst hit.
        """
        if len(self.ours) == len(self.theirs):
            return statistics.median(a / b for a, b in zip(self.ours, self.theirs, strict=True))
        return statistics.median(self.ours) / statistics.median(self.theirs)

    @property
    def met(self) -> bool:
        return self.target is None or self.ratio <= self.target

    @property
    def interval(self) -> tuple[float, float] | None:
        """A distribution-free 95% confidence interval of the median round ratio, or None.

        Order statistics of the paired ratios: the median lies between the k-th smallest
        and the k-th largest with probability at least 95% whatever the noise's shape,
        provided the rounds are independent. Five rounds are too few for any interval.
        """
        if len(self.ours) != len(self.theirs):
            return None
        ratios = sorted(a / b for a, b in zip(self.ours, self.theirs, strict=True))
        k = _order_statistic(len(ratios))
        return None if k is None else (ratios[k - 1], ratios[-k])

    @property
    def verdict(self) -> str:
        """ "yes" or "NO" where the interval settles the target, "undecided" where it straddles it."""
        if self.target is None:
            return "none"
        bounds = self.interval
        if bounds is None:
            return "yes" if self.met else "NO"
        if bounds[1] <= self.target:
            return "yes"
        return "NO" if bounds[0] > self.target else "undecided"


def _order_statistic(rounds: int) -> int | None:
    """The largest k with P(Binomial(rounds, 1/2) < k) <= 2.5%: the interval's rank from each end."""
    below, best = 0.0, None
    for k in range(1, rounds // 2 + 1):
        below += math.comb(rounds, k - 1) / 2**rounds
        if below > 0.025:
            break
        best = k
    return best


@dataclass
class Section:
    """A titled group of rows, with lines of figures that are not ratios."""

    title: str
    rows: list[Row] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    met: bool = True


def interleaved(rounds: int, *runs: Callable[[], float]) -> list[list[float]]:
    """Run each measurement ``rounds`` times, alternating their order so drift hits all alike.

    A first round warms caches and the CPU up, and is not counted.
    """
    for run in runs:
        run()
    samples: list[list[float]] = [[] for _ in runs]
    for index in range(rounds):
        order = list(enumerate(runs))
        if index % 2:
            order.reverse()
        for position, run in order:
            gc.collect()
            samples[position].append(run())
    return samples


def per_call_ms(loops: int, body: Callable[[], object]) -> Callable[[], float]:
    """A measurement: ``body`` run ``loops`` times, in milliseconds per run."""

    def measure() -> float:
        started = time.perf_counter()
        for _ in range(loops):
            body()
        return (time.perf_counter() - started) / loops * 1000

    return measure


def counted(body: Callable[[int], object]) -> Callable[[], object]:
    """``body`` called with 1, 2, 3, ...: each call of a benchmark gets fresh input."""
    counter = itertools.count(1)
    return lambda: body(next(counter))


def cell(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f} ({min(samples):.3f}-{max(samples):.3f})"


def write_suite(
    root: Path, name: str, header: str, body: str, count: int, ini: str = "", per_file: int | None = None
) -> Path:
    """A folder with ``count`` generated tests (in one file, or ``per_file`` a module), and a pytest.ini."""
    folder = root / name
    folder.mkdir(parents=True)
    size = per_file or count
    for start in range(0, count, size):
        tests = "\n\n".join(body.replace("{i}", str(i)) for i in range(start, min(count, start + size)))
        (folder / f"test_suite_{start:06d}.py").write_text(f"{header}\n\n{tests}\n")
    (folder / "pytest.ini").write_text(f"[pytest]\naddopts = -q -p no:cacheprovider -p no:xdist\n{ini}")
    return folder


def quiet_environment() -> dict[str, str]:
    """The environment of a measured ``pytest``: no AWS files read, no bytecode written."""
    return {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


def pytest_seconds(folder: Path, *extra: str) -> Callable[[], float]:
    """A measurement: the wall time of ``pytest`` over ``folder``, in a fresh process."""
    env = quiet_environment()

    def measure() -> float:
        started = time.perf_counter()
        done = subprocess.run(
            [PYTHON, "-m", "pytest", *extra, "."], cwd=folder, capture_output=True, text=True, env=env
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"benchmark suite {folder.name} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return elapsed

    return measure
