"""[does] The ``filters`` of ListIncidentRecords and ListTimelineEvents, as the service applies them.

Service floor. A filter names a key and one condition: ``before`` or ``after`` a
timestamp, or ``equals`` one of some string or integer values. Several filters must
all match; several values in one filter match if any does. A key the operation does
not filter on, or a condition that does not suit the key, is a 400.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from ssmincidents_stub.service.errors import validation

__all__ = ["FilterKey", "matcher"]

Kind = str  # "time", "string" or "integer": facts.INCIDENT_RECORD_FILTERS says which a key is


class FilterKey:
    """One key an operation filters on: its kind, and how to read it from an item."""

    def __init__(self, kind: Kind, read: Callable[[Mapping[str, Any]], Any]) -> None:
        self.kind = kind
        self.read = read


Predicate = Callable[[Mapping[str, Any]], bool]


def matcher(operation: str, filters: list[dict[str, Any]] | None, keys: Mapping[str, FilterKey]) -> Predicate | None:
    """A predicate true of the items every filter accepts; None with no filters (every item)."""
    tests = [_one(operation, entry, keys) for entry in filters or []]
    if not tests:
        return None
    return lambda item: all(test(item) for test in tests)


def _one(operation: str, entry: dict[str, Any], keys: Mapping[str, FilterKey]) -> Predicate:
    name = entry["key"]
    key = keys.get(name)
    if key is None:
        raise validation(operation, f"Invalid filter key '{name}'; valid keys: {', '.join(keys)}")
    (condition, value), *_ = entry["condition"].items()
    if key.kind == "time":
        if condition not in ("before", "after"):
            raise validation(operation, f"Filter key '{name}' takes a before or after condition, not {condition}")
        bound: datetime.datetime = value
        if condition == "before":
            return lambda item: _time(key.read(item)) < bound
        return lambda item: _time(key.read(item)) > bound
    if condition != "equals":
        raise validation(operation, f"Filter key '{name}' takes an equals condition, not {condition}")
    (value_kind, values), *_ = value.items()
    wanted = "integerValues" if key.kind == "integer" else "stringValues"
    if value_kind != wanted:
        raise validation(operation, f"Filter key '{name}' compares {wanted}, not {value_kind}")
    accepted = set(values)
    return lambda item: bool(_as_set(key.read(item)) & accepted)


def _time(value: Any) -> datetime.datetime:
    return (
        value if isinstance(value, datetime.datetime) else datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
    )


def _as_set(value: Any) -> set[Any]:
    if isinstance(value, (list, tuple, set, frozenset)):
        return set(value)
    return set() if value is None else {value}
