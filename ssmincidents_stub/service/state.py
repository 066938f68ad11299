"""[does] The state of one in-memory Incident Manager: every resource, keyed as the service keys it.

Service floor: plain Python values (dicts shaped as botocore returns them, aware
datetimes), no HTTP and no client. The handlers in the sibling modules read and
change it; ``State`` itself only keeps the indexes consistent and tells the time.
"""

from __future__ import annotations

import bisect
import datetime
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from ssmincidents_stub import facts, model, payloads

__all__ = ["AddedInOrder", "Clock", "State"]

Payload = dict[str, Any]


class Clock:
    """The service's time: it starts at a given instant and moves only when told to.

    Each request moves it on by a millisecond, so creations are strictly ordered;
    sleeps that the fake records instead of sleeping (retry back-off, waiter delays)
    move it by their length. Its times are whole milliseconds, as the service's are. A clock
    made with ``real_time=True`` also runs with the wall clock: the HTTP server's, whose
    clients are other processes that sleep for real (a waiter in the AWS CLI must see a
    replication set become ACTIVE). Any other never reads the wall clock after it is made.
    """

    TICK = datetime.timedelta(milliseconds=1)

    def __init__(self, start: datetime.datetime, *, real_time: bool = False) -> None:
        # The exact time, and the stamp it gives (whole milliseconds): moves of less than a
        # millisecond, such as recorded back-offs, still add up.
        self._now = start
        self._stamp = _whole_milliseconds(start)
        # Real time: start plus the seconds elapsed since, plus every advance. A request
        # that comes within a millisecond of the last still gets a later time, and the
        # clock then waits for real time to catch up, so it never drifts ahead for long.
        self._real_start = time.monotonic() if real_time else None
        self._base = start
        self._lock = threading.Lock()  # a real-time clock is read from the server's threads

    def _wall(self) -> datetime.datetime:
        """The start, plus the real seconds since and every advance."""
        assert self._real_start is not None
        return self._base + datetime.timedelta(seconds=time.monotonic() - self._real_start)

    def now(self) -> datetime.datetime:
        if self._real_start is None:  # the in-process fake's: no lock on its hot path
            return self._stamp
        with self._lock:
            self._now = max(self._now, self._wall())
            self._stamp = _whole_milliseconds(self._now)
            return self._stamp

    def tick(self) -> datetime.datetime:
        if self._real_start is None:
            self._now += self.TICK
            self._stamp += self.TICK  # a whole millisecond on: the stamp of the exact time
            return self._stamp
        with self._lock:
            self._now = max(self._now + self.TICK, self._wall())
            self._stamp = _whole_milliseconds(self._now)
            return self._stamp

    # A year before the calendar's end: room for the ticks and the times derived from the clock.
    LATEST = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc) - datetime.timedelta(days=365)

    def catch_up(self, instant: datetime.datetime) -> None:
        """Move on to ``instant`` if it is later (to ``LATEST`` at most)."""
        behind = (min(instant, self.LATEST) - self.now()).total_seconds()
        if behind > 0:
            self.advance(behind)

    def advance(self, seconds: float) -> None:
        """``ValueError`` if that would take the clock past ``LATEST``."""
        with self._lock:
            if self.LATEST - self._now < datetime.timedelta(seconds=seconds):
                raise ValueError(
                    f"advancing the clock {seconds:,} seconds would take it from {self._now.isoformat()} past "
                    f"{self.LATEST.isoformat()}, where the service's times would run off the calendar"
                )
            self._base += datetime.timedelta(seconds=seconds)
            self._now += datetime.timedelta(seconds=seconds)
            self._stamp = _whole_milliseconds(self._now)


def _whole_milliseconds(instant: datetime.datetime) -> datetime.datetime:
    """The service keeps time to the millisecond, and so do the SDKs that read its answers.

    Go, JavaScript and Java parse epoch seconds to milliseconds: a microsecond a client
    cannot see would make the time it reads back and filters on miss the stored one.
    """
    return instant.replace(microsecond=instant.microsecond - instant.microsecond % 1000)


def _record_key(record: Payload) -> tuple[float, str]:
    return (record["creationTime"].timestamp(), record["arn"])


def _event_key(event: Payload) -> tuple[float, str]:
    return (event["eventTime"].timestamp(), event["eventId"])


def _insort(order: list[Any], key: Any) -> None:
    """Insert ``key`` into the ascending ``order``.

    What was created just now usually sorts last, and is appended without a bisection.
    """
    if not order or order[-1] < key:
        order.append(key)
    else:
        bisect.insort(order, key)


class AddedInOrder:
    """Snapshots by key, in the order they were first added (each one's ``order``), pageable by bisection.

    Related items, findings and resource policies list in the order they were added. A
    dict keeps that order but cannot be cut at a position: copying its values to cut a
    page out of them cost as much as the list was long, on every page. The keys are also
    held in that order, so a page costs its size (``in_order`` is what ``paging.page`` cuts).
    """

    __slots__ = ("_by_key", "_keys")

    def __init__(self) -> None:
        self._by_key: dict[str, payloads.Snapshot] = {}
        self._keys: list[str] = []  # ascending by the items' ``order``

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> payloads.Snapshot | None:
        return self._by_key.get(key)

    def values(self) -> Iterator[payloads.Snapshot]:
        return (self._by_key[key] for key in self._keys)

    def put(self, key: str, item: payloads.Snapshot) -> None:
        """Add ``item``, last; or replace the one held under ``key``, which keeps its place (and ``order``)."""
        previous = self._by_key.get(key)
        if previous is None:
            if self._keys and item.order <= self._by_key[self._keys[-1]].order:
                # Pages bisect by order: an item out of order would hide others from them.
                raise ValueError(f"{key!r} was added with order {item.order}, not after the last item's")
            self._keys.append(key)
        else:
            item.order = previous.order
        self._by_key[key] = item

    def pop(self, key: str) -> payloads.Snapshot | None:
        item = self._by_key.get(key)
        if item is None:
            return None
        del self._keys[bisect.bisect_left(self._keys, item.order, key=self._order_of)]
        del self._by_key[key]
        return item

    def _order_of(self, key: str) -> int:
        return self._by_key[key].order

    @property
    def in_order(self) -> Sequence[payloads.Snapshot]:
        return _InOrder(self)


class _InOrder(Sequence[payloads.Snapshot]):
    """The items of an ``AddedInOrder`` by position, without copying them."""

    __slots__ = ("_held",)

    def __init__(self, held: AddedInOrder) -> None:
        self._held = held

    def __len__(self) -> int:
        return len(self._held._keys)

    @overload
    def __getitem__(self, index: int) -> payloads.Snapshot: ...

    @overload
    def __getitem__(self, index: slice) -> list[payloads.Snapshot]: ...

    def __getitem__(self, index: int | slice) -> payloads.Snapshot | list[payloads.Snapshot]:
        by_key = self._held._by_key
        if isinstance(index, slice):
            return [by_key[key] for key in self._held._keys[index]]
        return by_key[self._held._keys[index]]


def added_in_order(held: dict[str, AddedInOrder], owner: str) -> AddedInOrder:
    """The ``AddedInOrder`` that ``held`` keeps for ``owner``, made empty the first time."""
    items = held.get(owner)
    if items is None:
        items = held[owner] = AddedInOrder()
    return items


def _summary_of(shape_name: str) -> Callable[[Payload], payloads.Snapshot]:
    """What lists show of what the state holds (checked when stored): its members of ``shape_name``.

    Put straight into a snapshot, member by member: a page of summaries never listed before
    spends most of its time building and encoding them.
    """
    names = tuple(model.shape(shape_name).members)  # type: ignore[attr-defined]

    def summary(item: Payload) -> payloads.Snapshot:
        shown = payloads.Snapshot()
        for name in names:
            if name in item:
                shown[name] = item[name]
        return shown

    return summary


_plan_summary = _summary_of("ResponsePlanSummary")
_record_summary = _summary_of("IncidentRecordSummary")
_event_summary = _summary_of("EventSummary")


def _kept(
    kept: dict[str, payloads.Snapshot], key: str, build: Callable[[Payload], payloads.Snapshot], item: Payload
) -> payloads.Snapshot:
    """What ``kept`` holds for ``key``, or the snapshot ``build(item)`` makes, kept until its owner drops it.

    ``build`` and ``item`` come apart so that a lookup that finds it makes no closure.
    """
    snapshot = kept.get(key)
    if snapshot is None:
        snapshot = kept[key] = build(item)
    return snapshot


@dataclass
class State:
    """Everything one account's Incident Manager holds, in one region."""

    region: str
    clock: Clock
    account: str = facts.EXAMPLE_ACCOUNT
    records: dict[str, Payload] = field(default_factory=dict)
    """Incident records by ARN."""
    record_order: list[tuple[float, str]] = field(default_factory=list)
    """(creationTime, ARN) of every record, ascending: lists page through it without a scan."""
    dedupe_keys: dict[str, str] = field(default_factory=dict)
    """Record ARN -> what deduplicates it (its dedupeString, or the trigger that started it)."""
    open_by_dedupe_key: dict[str, set[str]] = field(default_factory=dict)
    """Dedupe key -> ARNs of the open records it deduplicates: StartIncident looks here, not at every record."""
    events: dict[str, dict[str, Payload]] = field(default_factory=dict)
    """Timeline events by incident ARN, then event ID."""
    event_order: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    """(eventTime, event ID) of each incident's events, ascending: lists page through it without a sort."""
    related_items: dict[str, AddedInOrder] = field(default_factory=dict)
    """Related items by incident ARN, then their identifier (as JSON), in the order they were added."""
    findings: dict[str, AddedInOrder] = field(default_factory=dict)
    """Findings by incident ARN, then finding ID, in the order first put."""
    plans: dict[str, Payload] = field(default_factory=dict)
    """Response plans by ARN, shaped as GetResponsePlan answers (change them through put_plan and remove_plan)."""
    plan_order: list[tuple[str, str]] = field(default_factory=list)
    """(name, ARN) of every plan, ascending: lists page through it without a sort."""
    policies: dict[str, AddedInOrder] = field(default_factory=dict)
    """Resource policies by response plan ARN, then policy ID, in the order they were added."""
    replication_set: Payload | None = None
    """The account's one replication set, with its lifecycle kept beside it."""
    replication_timeline: list[tuple[datetime.datetime, str]] = field(default_factory=list)
    """(when, status) changes still to come for the replication set."""
    regions_added: dict[str, datetime.datetime] = field(default_factory=dict)
    """When each Region of the replication set was added: it can be deleted a day later."""
    tags: dict[str, dict[str, str]] = field(default_factory=dict)
    """Tags by resource ARN."""
    client_tokens: OrderedDict[tuple[str, str], tuple[Any, Payload]] = field(default_factory=OrderedDict)
    """(operation, clientToken) -> (the request's parameters, the answer it got), oldest first."""
    record_summaries: dict[str, payloads.Snapshot] = field(default_factory=dict)
    """Record ARN -> the summary lists show, built when first listed and dropped when the record changes."""
    record_views: dict[str, payloads.Snapshot] = field(default_factory=dict)
    """Record ARN -> the record as GetIncidentRecord shows it, kept like ``record_summaries``."""
    plan_summaries: dict[str, payloads.Snapshot] = field(default_factory=dict)
    """Plan ARN -> the summary lists show, kept like ``record_summaries``."""
    event_summaries: dict[str, dict[str, payloads.Snapshot]] = field(default_factory=dict)
    """Incident ARN -> event ID -> the summary lists show, kept like ``record_summaries``."""
    serial: int = 0
    added: int = 0
    """How many items have gone into lists kept in the order they were added (see ``next_order``)."""
    partition: str = field(init=False)
    """The partition of ``region`` (``aws``, ``aws-cn``, ...): every ARN the service builds names it."""
    _caller: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Region and account never change: what is built from them on every write is built once.
        self.partition = model.partition_of(self.region)
        self._caller = facts.caller_arn(self.partition, self.account)

    # clientTokens are kept for the most recent requests only: a long-lived server stays flat.
    MAX_CLIENT_TOKENS = 10_000

    def remember_token(self, key: tuple[str, str], seen: tuple[Any, Payload]) -> None:
        self.client_tokens[key] = seen
        if len(self.client_tokens) > self.MAX_CLIENT_TOKENS:
            # Not del d[next(iter(d))]: a plain dict scans past every slot deleted at its front.
            self.client_tokens.popitem(last=False)

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def next_order(self) -> int:
        """A place after every item added so far, for a snapshot in a list kept in the order of adding."""
        self.added += 1
        return self.added

    def arn(self, resource: str) -> str:
        """An ARN of this account's Incident Manager (its ARNs name no region)."""
        return f"arn:{self.partition}:ssm-incidents::{self.account}:{resource}"

    def caller(self) -> str:
        """Who the requests come from: the principal the fake credentials stand for."""
        return self._caller

    def holds(self, arn: str) -> bool:
        """Whether ``arn`` names a resource held here: an incident record, a response plan or the replication set."""
        held = self.replication_set
        return arn in self.records or arn in self.plans or (held is not None and held["arn"] == arn)

    # ------------------------------------------------------------ records and their index

    def add_record(self, record: Payload, dedupe_key: str = "") -> None:
        """Store a new record, or replace one (keeping its related state)."""
        arn = record["arn"]
        previous = self.records.get(arn)
        if previous is not None:
            del self.record_order[bisect.bisect_left(self.record_order, _record_key(previous))]
            self._forget_open(arn)
        self.records[arn] = record
        self.record_changed(arn)
        _insort(self.record_order, _record_key(record))
        self.dedupe_keys[arn] = dedupe_key or record.get("dedupeString", "")
        self.status_changed(arn)

    def record_changed(self, arn: str) -> None:
        """Call after changing a stored record in place, so that answers show the change."""
        self.record_summaries.pop(arn, None)
        self.record_views.pop(arn, None)

    def record_summary(self, record: Payload) -> payloads.Snapshot:
        """The summary of a stored record, as lists show it: built once, until the record changes."""
        return _kept(self.record_summaries, record["arn"], _record_summary, record)

    def record_view(self, record: Payload) -> payloads.Snapshot:
        """A stored record as GetIncidentRecord shows it: a snapshot, until the record changes.

        A shallow copy is enough: a change replaces the record's members instead of
        changing them in place, and drops the snapshot.
        """
        return _kept(self.record_views, record["arn"], payloads.Snapshot, record)

    def status_changed(self, arn: str) -> None:
        """Keep the open-incident index right after a record's status changed."""
        self._forget_open(arn)
        key = self.dedupe_keys.get(arn, "")
        if key and self.records[arn]["status"] == "OPEN":
            self.open_by_dedupe_key.setdefault(key, set()).add(arn)

    def _forget_open(self, arn: str) -> None:
        key = self.dedupe_keys.get(arn, "")
        holders = self.open_by_dedupe_key.get(key)
        if holders is not None:
            holders.discard(arn)
            if not holders:
                del self.open_by_dedupe_key[key]

    def remove_record(self, arn: str) -> None:
        """Forget a record and everything that belongs to it."""
        record = self.records.get(arn)
        if record is None:
            return
        self._forget_open(arn)
        del self.records[arn]
        self.record_changed(arn)
        self.event_summaries.pop(arn, None)
        del self.record_order[bisect.bisect_left(self.record_order, _record_key(record))]
        self.dedupe_keys.pop(arn, None)
        self.events.pop(arn, None)
        self.event_order.pop(arn, None)
        self.related_items.pop(arn, None)
        self.findings.pop(arn, None)
        self.tags.pop(arn, None)

    # ------------------------------------------------------------ response plans and their index

    def put_plan(self, plan: Payload) -> None:
        """Store a new plan, or replace one."""
        self.remove_plan(plan["arn"])
        self.plans[plan["arn"]] = plan
        _insort(self.plan_order, (plan["name"], plan["arn"]))

    def plan_changed(self, arn: str) -> None:
        """Call after changing a stored plan in place, so that lists show the change."""
        self.plan_summaries.pop(arn, None)

    def plan_summary(self, plan: Payload) -> payloads.Snapshot:
        """The summary of a stored plan, as lists show it: built once, until the plan changes."""
        return _kept(self.plan_summaries, plan["arn"], _plan_summary, plan)

    def remove_plan(self, arn: str) -> None:
        self.plan_changed(arn)
        plan = self.plans.pop(arn, None)
        if plan is not None:
            del self.plan_order[bisect.bisect_left(self.plan_order, (plan["name"], arn))]

    # ------------------------------------------------------------ timeline events and their index

    def put_event(self, event: Payload) -> None:
        """Store an event, new or changed (the state owns it from now on): an event changes only through here.

        A changed event replaces the one held, which is never changed in place: it is held
        as a snapshot, so GetTimelineEvent answers can reuse its encoding.
        """
        if type(event) is not payloads.Snapshot:
            event = payloads.Snapshot(event)
        arn, event_id = event["incidentRecordArn"], event["eventId"]
        held = self.events.setdefault(arn, {})
        order = self.event_order.setdefault(arn, [])
        previous = held.get(event_id)
        if previous is not None:
            del order[bisect.bisect_left(order, _event_key(previous))]
            self.event_summaries.get(arn, {}).pop(event_id, None)
        held[event_id] = event
        _insort(order, _event_key(event))

    def event_summary(self, event: Payload) -> payloads.Snapshot:
        """The summary of a stored event, as lists show it: built once, until the event changes."""
        held = self.event_summaries.setdefault(event["incidentRecordArn"], {})
        return _kept(held, event["eventId"], _event_summary, event)

    def remove_event(self, arn: str, event_id: str) -> None:
        event = self.events.get(arn, {}).pop(event_id, None)
        self.event_summaries.get(arn, {}).pop(event_id, None)
        if event is not None:
            order = self.event_order[arn]
            del order[bisect.bisect_left(order, _event_key(event))]

    def open_duplicate_of(self, dedupe_key: str, except_arn: str = "") -> str | None:
        """The ARN of an open incident (other than ``except_arn``) deduplicated by ``dedupe_key``."""
        holders = self.open_by_dedupe_key.get(dedupe_key) if dedupe_key else None
        if not holders:
            return None
        return next((arn for arn in sorted(holders) if arn != except_arn), None)
