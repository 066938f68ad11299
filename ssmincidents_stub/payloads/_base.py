"""[is] What every payload builder shares: serials, the clock, the region, overrides and the checks.

Floor one (what the service *is*). A builder's defaults are reproducible: a serial
number, restarted before each test by the plugin, makes each default distinct within
a test and identical between runs; times count from a fixed instant, never the clock.
Every payload is checked twice: against the model (``model.check``), and against the
service's own habits that the model cannot say (``realism_problems``).
"""

from __future__ import annotations

import datetime
import functools
import re
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any, TypeGuard

from botocore.model import Shape
from botocore.utils import parse_timestamp

from ssmincidents_stub import facts, model
from ssmincidents_stub._fake_env import DEFAULT_REGION

__all__ = [
    "DEFAULT_REGION",
    "SAMPLE_PLANS",
    "PayloadError",
    "Snapshot",
    "answer_violations",
    "answering_for",
    "apply_overrides",
    "built_or_checked",
    "caller",
    "copy_payload",
    "current_partition",
    "current_region",
    "fake_serial_base",
    "is_aware",
    "make_realistic",
    "next_serial",
    "raise_if_invalid",
    "raise_if_unrealistic",
    "realism_problems",
    "require_bounded_depth",
    "require_mapping",
    "reset_serials",
    "rule_members",
    "serial_id",
    "set_region",
    "shifted",
    "summary",
    "timestamp",
    "use_region",
]

# 2026-03-14T09:20:00Z: the clock every default starts from.
_BASE_EPOCH = 1_773_480_000

_next_serial = 1
_example: object = None
"""The Hypothesis example the serials last counted in (its build context), if any."""
_example_start: int | None = None
"""Where each example of the current test starts counting."""
_watching_examples = True
"""Whether ``next_serial`` looks for a new Hypothesis example (always, outside the plugin)."""
_test_number = 0
"""The running test's node ID as a number, which default IDs are made from (0 outside any test)."""
_DEFAULTS_BIT = 1 << 31
"""Set in the serial of every default ID (``serial_id``): the fake's own IDs count from 1."""
_serial_lock = threading.Lock()


class PayloadError(ValueError):
    """A payload that breaks the service model or how the real service behaves."""

    __module__ = "ssmincidents_stub"  # where users import it from: tracebacks name it so

    # However many problems a payload has, the message stays short enough to read: at most
    # SHOWN of them, fewer where long ones (a list of valid members) would reach LENGTH
    # characters, and always the first.
    SHOWN = 5
    LENGTH = 1000

    def __init__(self, what: str, problems: list[str]) -> None:
        self.what = what
        self.problems = problems
        shown = min(len(problems), self.SHOWN)
        message = self._message(what, shown)
        while shown > 1 and len(message) >= self.LENGTH:
            shown -= 1
            message = self._message(what, shown)
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled from what it was made of (the default pickles the message, which __init__
        # does not take): an error raised in a worker process reaches its parent whole.
        return (type(self), (self.what, self.problems))

    def _message(self, what: str, shown: int) -> str:
        if len(self.problems) == 1:
            return f"invalid {what}: {self.problems[0]}"
        lines = "\n".join(f"  - {problem}" for problem in self.problems[:shown])
        if len(self.problems) > shown:
            lines += f"\n  - ... and {len(self.problems) - shown} more"
        return f"invalid {what}:\n{lines}"


class Snapshot(dict[str, Any]):
    """A payload that its owner never changes after building it: a new one replaces it.

    The service hands out what its answers show of an unchanged item (a list summary, a
    record, an event, a related item, a policy) as snapshots, so a codec may keep a
    snapshot's encoding on it (``encoded``) and reuse it for every answer that shows the
    item again.
    """

    encoded: str | None = None
    order: int = 0
    """Where its owner keeps it in a list that is not sorted by content (the order items
    were added): a page resumes after the last item it showed, whatever went before it."""


def reset_serials(*, hypothesis_test: bool = True, test_id: str = "") -> None:
    """Start default identifiers again from 1 (the plugin calls this before each test).

    ``hypothesis_test``: whether the test may run Hypothesis examples, each of which then
    counts again from the same point (reading Hypothesis's context costs about 0.7
    microseconds a serial, which the plugin spares a test that runs none).
    ``test_id``: the test's node ID, which every default ID is made from too: a test gets
    the same IDs on every run, and never one that a record built outside it got (at import
    time, in a module-scoped fixture, in another test), which a fake would take for the same.
    """
    global _next_serial, _example, _example_start, _watching_examples, _test_number
    with _serial_lock:
        _next_serial, _example, _example_start = 1, None, None
        _watching_examples = hypothesis_test
        _test_number = zlib.crc32(test_id.encode()) if test_id else 0


def fake_serial_base(instance: int = 0) -> int:
    """Where the serials of a fake's own IDs start in the current test: its ``instance``-th state in it.

    Above the 12 low bits, the test's number plus ``instance`` (a fake's resets): an ID a
    fake issued in one test, or before a reset, is never one it issues afterwards. Without
    ``_DEFAULTS_BIT``, so none is a default's either.
    """
    return (_test_number + instance) << 12 & 0x7FFF_FFFF


def serial_id(kind: str, serial: int) -> str:
    """The UUID of the ``serial``-th default of a ``kind`` of thing, in the current test (see ``reset_serials``).

    ``facts.serial_uuid`` of the serial with the test's number above its 12 low bits: cheap
    (every default record pays it), and two tests share IDs only if their numbers' low 19
    bits agree, a chance of one in half a million for a pair. The top bit keeps them apart
    from the fake's own new resources, whose serials count from 1 too.
    """
    return facts.serial_uuid(kind, _DEFAULTS_BIT | (_test_number << 12 & 0x7FFF_FFFF) + serial)


def next_serial() -> int:
    global _next_serial
    with _serial_lock:
        if _watching_examples:
            _restart_in_a_new_example()
        serial = _next_serial
        _next_serial += 1
        return serial


def _restart_in_a_new_example() -> None:
    """In each Hypothesis example, count again from where the test's first example began.

    So an example builds the same defaults however many ran before it: a failing one
    replays as it failed, where a record's title or impact that moved on from example to
    example made Hypothesis report the failure as flaky. Not from 1: what the test built
    before its examples (a fixture's record) keeps serials no example reuses.
    """
    global _next_serial, _example, _example_start
    control: Any = sys.modules.get("hypothesis.control")
    if control is None or not control.currently_in_test_context():
        return
    example = control.current_build_context()
    if example is _example:
        return
    _example = example
    if _example_start is None:
        _example_start = _next_serial
    _next_serial = _example_start


@functools.lru_cache(maxsize=4096)
def timestamp(minutes_after_base: float) -> datetime.datetime:
    """The fixed clock: ``minutes_after_base`` after 2026-03-14T09:20:00Z, as botocore parses it."""
    # botocore's own parser, so the tzinfo is the one a real call returns. Datetimes are
    # immutable and serials restart each test, so the cache keeps the builders cheap.
    return parse_timestamp(_BASE_EPOCH + round(60 * minutes_after_base))  # type: ignore[arg-type]


def shifted(moment: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """``moment + delta`` for a default derived from a time the caller gave, held within years 1 to 9999.

    Any aware datetime is a timestamp the model accepts (``st.datetimes`` draws them up to
    the calendar's ends), so a builder takes it rather than fail on its own arithmetic. A
    derived time only has to keep its order with ``moment`` (never before a time it
    follows, never after one it precedes), and the calendar's end in ``moment``'s own
    zone keeps it: a record modified, or an event updated, at the instant it was made.
    """
    try:
        return moment + delta
    except OverflowError:
        edge = datetime.datetime.max if delta > datetime.timedelta(0) else datetime.datetime.min
        # The same tzinfo object, so the two compare by their fields: the edge is never past ``moment``'s side.
        return edge.replace(tzinfo=moment.tzinfo)


# ---------------------------------------------------------------- region and partition

_region = DEFAULT_REGION

# A fake or server building for its own region and account (a server in another partition
# than the tests', say) names them for its own thread or task only: the process's stay.
_answering_for: ContextVar[tuple[str, str] | None] = ContextVar("ssmincidents_stub_answering_for", default=None)


def current_region() -> str:
    """The region builders use (ini ``ssm_incidents_region`` under pytest, else ``DEFAULT_REGION``)."""
    answering = _answering_for.get()
    return answering[0] if answering is not None else _region


def current_account() -> str:
    """The account builders use: the answering fake's or server's, else ``facts.EXAMPLE_ACCOUNT``."""
    answering = _answering_for.get()
    return answering[1] if answering is not None else facts.EXAMPLE_ACCOUNT


def current_partition() -> str:
    """The partition of the current region: the ``aws``, ``aws-cn`` or ``aws-us-gov`` of ARNs."""
    return model.partition_of(current_region())


class answering_for:
    """``with answering_for(region, account):`` builders in this thread or task use them; other threads keep theirs.

    What a fake or server does while it seeds or answers: its payloads name its own
    partition and account, whatever region the tests around it use. (Not ``use_region``,
    which changes the region of the whole process.)
    """

    __slots__ = ("_token", "_where")

    def __init__(self, region: str, account: str = facts.EXAMPLE_ACCOUNT) -> None:
        self._where = (region, account)
        self._token: Token[tuple[str, str] | None] | None = None

    def __enter__(self) -> None:
        # Only where it changes something: setting a context variable costs about 8,000
        # instructions, and an in-process fake answers in the region it gave the process.
        if (_answering_for.get() or (_region, facts.EXAMPLE_ACCOUNT)) != self._where:
            self._token = _answering_for.set(self._where)

    def __exit__(self, *_: object) -> None:
        if self._token is not None:
            _answering_for.reset(self._token)


def set_region(region: str) -> str:
    """Make builders use ``region`` (and its partition); return the region used before."""
    global _region
    try:
        model.partition_of(region)
    except model.UnknownRegionError as error:
        raise ValueError(str(error)) from None
    previous, _region = _region, region
    return previous


@contextmanager
def use_region(region: str) -> Iterator[str]:
    """``with use_region("cn-north-1"):`` builders make ARNs of that region and partition."""
    previous = set_region(region)
    try:
        yield region
    finally:
        set_region(previous)


def arn(service: str, resource: str, *, region: str | None = None, account: str | None = None) -> str:
    """An ARN of another service in the current partition, account and (unless ``region=""``) region."""
    where = current_region() if region is None else region
    return f"arn:{current_partition()}:{service}:{where}:{account or current_account()}:{resource}"


def caller() -> str:
    """Who the defaults say acted: ``facts.caller_arn`` in the current partition and account, as the fake names it."""
    return facts.caller_arn(current_partition(), current_account())


# The sample plans of the defaults: (name, incident title, team). A default plan's name
# starts with one, and a default record's ARN names one and takes its title; they do not
# refer to the plans the defaults build.
SAMPLE_PLANS = (
    ("checkout-critical", "Checkout API 5xx error rate above 5%", "payments"),
    ("payments-latency", "Payment authorisations slower than 2 s at p99", "payments"),
    ("search-degraded", "Search results missing for EU customers", "search"),
    ("login-outage", "Sign-in failing for all users", "identity"),
)


# ---------------------------------------------------------------- overrides and checks


def apply_overrides(payload: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``payload`` with members replaced; a ``None`` value removes the member."""
    result = dict(payload)
    for name, value in overrides.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def require_mapping(name: str, value: Any) -> Mapping[str, Any]:
    """``value`` if it is a dict-like mapping, else a TypeError naming the argument."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}={model.show(value)} is not a dict")
    return value


def built_or_checked(
    given: Any,
    overrides: Mapping[str, Any],
    build: Callable[..., dict[str, Any]],
    *,
    argument: str,
    what: str,
    shape_name: str,
    path: str,
) -> dict[str, Any]:
    """``given`` with ``overrides`` applied and checked, or (``given`` None) ``build(**overrides)``.

    What every ``add_*(item=None, **overrides)`` takes: a whole payload of the caller's, which
    is checked whole (the model, then the service's habits), or members for a builder's defaults.
    ``argument`` names ``given`` in a TypeError; ``what`` names the payload in a PayloadError.
    """
    if given is None:
        return build(**overrides)
    payload = apply_overrides(require_mapping(argument, given), overrides)
    check_payload(what, payload, shape_name, path)
    return payload


# No ssm-incidents payload nests this deep, or holds this many values: beyond, input is junk.
MAX_DEPTH = 64
MAX_VALUES = 1_000_000


def require_bounded_depth(name: str, value: Any, limit: int = MAX_DEPTH) -> None:
    """A ``ValueError`` naming ``name`` if ``value`` nests deeper than ``limit`` (or is huge or cyclic).

    Iterative, so even a 100,000-deep value is refused at once, never by ``RecursionError``.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    counted = 0
    while stack:
        item, depth = stack.pop()
        counted += 1
        if depth > limit:
            raise ValueError(f"{name} is nested more than {limit} levels deep; no ssm-incidents payload is")
        if counted > MAX_VALUES:
            raise ValueError(f"{name} holds more than {MAX_VALUES:,} values; no ssm-incidents payload does")
        if isinstance(item, Mapping):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend((child, depth + 1) for child in item)


# The leaves of a payload: immutable, so a copy shares them.
_LEAVES = frozenset({str, int, float, bool, bytes, datetime.datetime, type(None)})


def copy_payload(value: Any) -> Any:
    """A copy of a payload's dicts and lists; the leaves (str, int, datetime) are immutable.

    Only for values that passed the model check, whose depth the model bounds.
    """
    kind = type(value)
    if kind is dict:  # the usual case, first: a C-level copy, then only the containers replaced
        copied = value.copy()
        for key, item in value.items():
            if type(item) not in _LEAVES:
                copied[key] = copy_payload(item)
        return copied
    if kind is list or kind is tuple:
        return [item if type(item) in _LEAVES else copy_payload(item) for item in value]
    if isinstance(value, dict):  # a dict subclass becomes a plain dict, as the service would send it
        return copy_payload(dict(value))
    if isinstance(value, (list, tuple)):
        return copy_payload(list(value))
    return value


def raise_if_invalid(what: str, value: Any, shape_name: str, path: str, only: Iterable[str] | None = None) -> None:
    """A ``PayloadError`` naming every broken model constraint (``only``: just these members)."""
    if only is None:
        violations = model.check(value, shape_name, path)
    else:
        violations = model.check_members(value, shape_name, only, path)
    if violations:
        raise PayloadError(what, _problem_lines(violations))


def _problem_lines(violations: list[model.Violation]) -> list[str]:
    """The violations as PayloadError lines, unknown members first.

    A misspelt or misplaced member is usually why the members it should have been are
    "missing"; the model lists it after them, where PayloadError's cut-off can hide it.
    """
    return [str(v) for v in sorted(violations, key=lambda v: v.constraint != "unknown")]


def raise_if_unrealistic(what: str, value: Any, shape_name: str, path: str, only: Iterable[str] | None = None) -> None:
    """A ``PayloadError`` for a value the model allows but the service never sends.

    With ``only``, just those members of the structure are walked (a builder's defaults are
    realistic by construction), though the rules between its members are always checked.
    """
    if only is None:
        problems = realism_problems(value, shape_name, path)
    else:
        problems = []
        members = _members(shape_name)
        given = set(only)
        for name in given:
            if name in value and name in members:
                _walk(value[name], members[name], f"{path}.{name}" if path else name, problems)
        if given & rule_members(shape_name):  # defaults keep the rules by construction
            _structure_rules(value, shape_name, path, problems)
    if problems:
        raise PayloadError(what, problems)


def check_payload(what: str, value: Any, shape_name: str, path: str) -> None:
    """The model's constraints, then the service's habits: what every queued or stored answer passes."""
    violations = answer_violations(value, shape_name, path)
    if violations:
        raise PayloadError(what, _problem_lines(violations))
    raise_if_unrealistic(what, value, shape_name, path)


def answer_violations(value: Any, shape_name: str, path: str = "") -> list[model.Violation]:
    """The model's constraints an answer breaks, less the minimums the service's own answers ignore."""
    return [
        violation
        for violation in model.check(value, shape_name, path)
        if not (
            violation.constraint == "min" and violation.shape in facts.MAY_BE_EMPTY_IN_ANSWERS and not violation.value
        )
    ]


# ---------------------------------------------------------------- realism: what the service really sends

# (earlier, later) timestamp members of a shape: the later is never before the earlier.
# Not a timeline event's eventTime and eventUpdatedTime: "when the event occurred" and "when
# the timeline event was last updated" (API Reference, TimelineEvent), and a note may be
# written ahead of what it is about.
_ORDERED = {
    "IncidentRecord": (("creationTime", "lastModifiedTime"), ("creationTime", "resolvedTime")),
    "IncidentRecordSummary": (("creationTime", "resolvedTime"),),
    "Finding": (("creationTime", "lastModifiedTime"),),
    "ReplicationSet": (("createdTime", "lastModifiedTime"),),
}
# Shapes whose resolvedTime only a RESOLVED status has.
_RESOLVABLE = ("IncidentRecord", "IncidentRecordSummary")
_SURROGATE = re.compile("[\ud800-\udfff]")


def realism_problems(value: Any, shape_name: str, path: str) -> list[str]:
    """What in ``value`` (already valid against ``shape_name``) the real service never sends.

    Timestamps are timezone-aware datetimes (botocore returns nothing else); strings
    are valid Unicode; times that follow one another are in order; only a RESOLVED
    incident has a ``resolvedTime``.
    """
    problems: list[str] = []
    _walk(value, model.shape(shape_name), path, problems)
    return problems


def _walk(value: Any, shape: Shape, path: str, problems: list[str]) -> None:
    kind = shape.type_name
    if kind == "timestamp":
        problem = _time_problem(value)
        if problem:
            problems.append(f"{path}: {problem}")
    elif kind == "string":
        if isinstance(value, str) and not value.isascii():
            found = _SURROGATE.search(value)
            if found:
                problems.append(
                    f"{path}: contains a lone surrogate {found.group()!r} at index {found.start()}; "
                    f"the service sends only valid Unicode"
                )
    elif kind == "structure" and isinstance(value, Mapping):
        members = _members(shape.name)
        for name, item in value.items():
            if name in members:
                _walk(item, members[name], f"{path}.{name}" if path else name, problems)
        _structure_rules(value, shape.name, path, problems)
    elif kind == "list" and isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _walk(item, shape.member, f"{path}[{index}]", problems)  # type: ignore[attr-defined]
    elif kind == "map" and isinstance(value, Mapping):
        for key, item in value.items():
            _walk(item, shape.value, f"{path}.{key}", problems)  # type: ignore[attr-defined]


@functools.cache
def _members(shape_name: str) -> dict[str, Shape]:
    return dict(model.shape(shape_name).members)  # type: ignore[attr-defined]


@functools.cache
def _member_names(shape_name: str) -> tuple[str, ...]:
    return tuple(_members(shape_name))


def summary(shape_name: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """What a list shows of ``item``: its members that the model's ``shape_name`` has, in the model's order.

    ``summary("IncidentRecordSummary", record)``, ``summary("FindingSummary", finding)``...:
    the summary shapes' members are read from the model, once.
    """
    return {name: item[name] for name in _member_names(shape_name) if name in item}


def _time_problem(value: Any) -> str | None:
    if not isinstance(value, datetime.datetime):
        return f"{model.show(value)} is not a datetime; botocore returns timestamps as timezone-aware datetime objects"
    if value.tzinfo is None or value.utcoffset() is None:
        return (
            f"{model.show(value)} is a naive datetime; botocore returns timezone-aware ones "
            f"(e.g. tzinfo=datetime.timezone.utc)"
        )
    return None


@functools.cache
def rule_members(shape_name: str) -> frozenset[str]:
    """The members the rules between members involve, in every shape of the model."""
    involved = {name for pair in _ORDERED.get(shape_name, ()) for name in pair}
    if shape_name in _RESOLVABLE:
        involved |= {"status", "resolvedTime"}
    return frozenset(involved)


def _structure_rules(value: Mapping[str, Any], shape_name: str, path: str, problems: list[str]) -> None:
    prefix = f"{path}." if path else ""
    if shape_name in _RESOLVABLE and "resolvedTime" in value and value.get("status") != "RESOLVED":
        problems.append(
            f"{prefix}resolvedTime: only a RESOLVED record has one "
            f"(status is {model.show(value.get('status'))}); pass status='RESOLVED' or resolvedTime=None"
        )
    for first, later in _ORDERED.get(shape_name, ()):
        start, end = value.get(first), value.get(later)
        if (
            isinstance(start, datetime.datetime)
            and isinstance(end, datetime.datetime)
            and is_aware(start)
            and is_aware(end)
            and end < start
        ):
            problems.append(f"{prefix}{later}: {end.isoformat()} is before {first} {start.isoformat()}")


def make_realistic(value: dict[str, Any], shape_name: str, keep: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Bring one structure of ``shape_name`` in line with the rules between its members; return it.

    What ``realism_problems`` checks between members: only a RESOLVED record has a
    ``resolvedTime`` (dropped, or the status made RESOLVED where the caller gave only the
    time), and a time that follows another is not before it (the earlier one moves back,
    or the later one on where the caller gave the earlier). Otherwise members in ``keep``
    (the caller's) stay as they are: two times of theirs in the wrong order are left
    for the checks to report.
    """
    if shape_name in _RESOLVABLE and "resolvedTime" in value and value.get("status") != "RESOLVED":
        if "resolvedTime" in keep and "status" not in keep:
            value["status"] = "RESOLVED"
        else:
            del value["resolvedTime"]  # the service's rule wins, even over a status and time both given
    for first, later in _ORDERED.get(shape_name, ()):
        start, end = value.get(first), value.get(later)
        if not (is_aware(start) and is_aware(end)) or end >= start:
            continue
        if first not in keep:
            value[first] = end
        elif later not in keep:
            value[later] = start
    if shape_name in _RESOLVABLE and value.get("status") == "RESOLVED":
        _resolved_as_the_service_stamps_it(value, keep)
    return value


def _resolved_as_the_service_stamps_it(value: dict[str, Any], keep: frozenset[str]) -> None:
    """Resolving stamps ``resolvedTime`` and ``lastModifiedTime`` alike; later changes move only the second.

    So a RESOLVED record has a ``resolvedTime``, not after its ``lastModifiedTime``. Not
    one of the checks (``realism_problems``): the model leaves ``resolvedTime`` optional,
    and a payload written by hand without one is still one the SDKs parse.
    """
    modified, created = value.get("lastModifiedTime"), value.get("creationTime")
    if "resolvedTime" not in value and "resolvedTime" not in keep:
        stamp = modified if is_aware(modified) else created
        if is_aware(stamp):
            value["resolvedTime"] = stamp
    resolved = value.get("resolvedTime")
    if is_aware(resolved) and is_aware(modified) and resolved > modified:
        if "resolvedTime" not in keep and (not is_aware(created) or modified >= created):
            value["resolvedTime"] = modified
        elif "lastModifiedTime" not in keep:
            value["lastModifiedTime"] = resolved


def is_aware(value: Any) -> TypeGuard[datetime.datetime]:
    """Whether ``value`` is a timezone-aware datetime, as botocore returns timestamps."""
    return isinstance(value, datetime.datetime) and value.utcoffset() is not None
