"""[delivers] Error-handling coverage: which modeled errors the suite made each operation answer with.

Delivery floor, shared by the stub, the fake and the server: each records the
operations it answers and the error codes it answers with, but only while
``--ssm-incidents-error-coverage`` is on (``ENABLED``); otherwise the deliveries
skip the call entirely. The plugin merges the records of xdist workers and prints
``report()`` (its ``lines()``) in pytest's terminal summary, as coverage.py prints its
report, and writes ``as_json()`` for ``--ssm-incidents-error-coverage-json``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from botocore import xform_name

from ssmincidents_stub import model

__all__ = ["ENABLED", "Report", "enable", "merge", "record", "recorded", "report", "reset", "verdict"]

ENABLED = False
"""Whether deliveries record; the plugin sets it for ``--ssm-incidents-error-coverage``."""

_lock = threading.Lock()
_answered: dict[str, set[str]] = {}  # operation -> error codes answered (an empty set: called, no error)


def enable() -> None:
    global ENABLED
    ENABLED = True


def reset() -> None:
    global ENABLED
    with _lock:
        _answered.clear()
    ENABLED = False


def record(operation: str, error_code: str | None) -> None:
    """``operation`` was answered, with ``error_code`` (None: it succeeded)."""
    with _lock:
        codes = _answered.setdefault(operation, set())
        if error_code is not None:
            codes.add(error_code)


def recorded() -> dict[str, list[str]]:
    """What was recorded, JSON-ready: operation -> sorted error codes (xdist workers send this)."""
    with _lock:
        return {operation: sorted(codes) for operation, codes in _answered.items()}


def merge(other: Mapping[str, Iterable[str]]) -> None:
    """Add another process's records (an xdist worker's) to these."""
    with _lock:
        for operation, codes in other.items():
            _answered.setdefault(operation, set()).update(codes)


class Report:
    """The table: per operation called, its modeled errors, those answered and those never."""

    def __init__(self, answered: Mapping[str, Iterable[str]]) -> None:
        self.rows: list[tuple[str, list[str], list[str]]] = []
        for operation in sorted(answered, key=xform_name):
            modeled = sorted(model.modeled_errors(operation))
            seen = set(answered[operation])
            self.rows.append(
                (operation, [code for code in modeled if code in seen], [c for c in modeled if c not in seen])
            )

    @property
    def modeled(self) -> int:
        return sum(len(tried) + len(missing) for _, tried, missing in self.rows)

    @property
    def tried(self) -> int:
        return sum(len(tried) for _, tried, _ in self.rows)

    @property
    def percent(self) -> float:
        """The total as printed (see ``_shown``)."""
        return _shown(self.tried, self.modeled)

    def as_json(self) -> dict[str, Any]:
        """The table as data, shaped as coverage.py's JSON report: ``meta``, an entry an operation, ``totals``."""
        operations = {
            xform_name(operation): {
                "errors": len(tried) + len(missing),
                "tried": tried,
                "missing": missing,
                "percent": _shown(len(tried), len(tried) + len(missing)),
            }
            for operation, tried, missing in self.rows
        }
        return {
            "meta": {"format": 1, "service": model.SERVICE_NAME},
            "operations": operations,
            "totals": {"errors": self.modeled, "tried": self.tried, "percent": self.percent},
        }

    def lines(self) -> list[str]:
        """coverage.py's shape: a header, a row per operation, a rule, the total."""
        width = max([len("Operation"), *(len(xform_name(op)) for op, _, _ in self.rows)])
        header = f"{'Operation':<{width}}  Errors  Tried  {'Cover':>7}  Missing"
        out = [header, "-" * len(header)]
        for operation, tried, missing in self.rows:
            total = len(tried) + len(missing)
            cover = _shown(len(tried), total)
            row = f"{xform_name(operation):<{width}}  {total:>6}  {len(tried):>5}  {cover:>6.2f}%  {', '.join(missing)}"
            out.append(row.rstrip())
        out.append("-" * len(header))
        out.append(f"{'TOTAL':<{width}}  {self.modeled:>6}  {self.tried:>5}  {self.percent:>6.2f}%")
        return out


def _shown(tried: int, total: int) -> float:
    """A percentage as printed, to two decimals, and as compared: never 100 short of all, nor 0 above none."""
    if not total:
        return 100.0
    shown = round(100.0 * tried / total, 2)
    if shown == 100.0 and tried < total:
        return 99.99
    if shown == 0.0 and tried:
        return 0.01
    return shown


def report() -> Report:
    return Report(recorded())


def verdict(report: Report, fail_under: float) -> tuple[bool, str]:
    """Whether ``report`` falls short of ``fail_under`` percent, and the line that says so.

    As coverage.py's ``--fail-under``: the total is compared as the table prints it (two
    decimals, never 100 short of every error), and a run that measured nothing has not
    reached anything.
    """
    what = f"ssm-incidents error coverage of {fail_under:g}%"
    if not report.rows:
        return True, (
            f"FAIL Required {what} not reached: no ssm-incidents operation was called through a stub, "
            f"fake or server, so there is nothing to measure."
        )
    total = report.percent
    failed = total < fail_under
    outcome = f"FAIL Required {what} not reached" if failed else f"Required {what} reached"
    return failed, f"{outcome}. Total error coverage: {total:.2f}%"
