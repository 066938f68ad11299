"""[does] The in-memory Incident Manager: state and the semantics of all the service's operations.

Service floor. ``IncidentManager.call(operation, params)`` takes the parameters as
the service reads them (typed, as botocore would send them) and returns the output
dict, or raises ``ServiceError`` with the modeled error the service would answer. It
checks the input as the service does, answers a repeated ``clientToken`` as the
first request was answered, and moves its clock. It knows nothing of HTTP, botocore
clients, faults or deliveries. One module per resource family holds the semantics.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from ssmincidents_stub import facts, model, payloads
from ssmincidents_stub.service import (
    findings,
    records,
    related_items,
    replication_set,
    response_plans,
    tags_policies,
    timeline,
)
from ssmincidents_stub.service.errors import ServiceError, UnservedRequestError, token_reused, validation_of
from ssmincidents_stub.service.state import Clock, Payload, State, added_in_order

__all__ = ["IncidentManager", "ServiceError", "UnservedRequestError"]

Handler = Callable[[State, dict[str, Any]], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {
    **records.HANDLERS,
    **timeline.HANDLERS,
    **related_items.HANDLERS,
    **response_plans.HANDLERS,
    **replication_set.HANDLERS,
    **tags_policies.HANDLERS,
    **findings.HANDLERS,
}


@functools.cache
def _dispatch(operation: str) -> tuple[str, str | None, bool]:
    """An operation's name, input shape and whether it takes a ``clientToken``: looked up once."""
    op = model.operation_model(operation)
    shape = op.input_shape
    return op.name, shape.name if shape else None, shape is not None and "clientToken" in shape.members


def _held(seed: Any) -> Any:
    """A copy of a seed (checked by the caller, so of bounded depth), its times moved to UTC.

    Builders give times as botocore parses them, in dateutil's ``tzlocal``, whose
    ``utcoffset`` is Python code: encoding such a time cost about 2 microseconds on
    every answer that shows it. The instant is the same, and the wire carries only that.
    """
    if isinstance(seed, datetime.datetime):
        return seed if seed.tzinfo is datetime.timezone.utc else seed.astimezone(datetime.timezone.utc)
    if isinstance(seed, dict):
        return {key: _held(value) for key, value in seed.items()}
    if isinstance(seed, (list, tuple)):
        return [_held(value) for value in seed]
    return seed


class IncidentManager:
    """One account's Incident Manager in one region, in memory."""

    def __init__(
        self,
        *,
        region: str,
        account: str = facts.EXAMPLE_ACCOUNT,
        clock_start: datetime.datetime | None = None,
        real_time: bool = False,
        first_serial: int = 0,
    ) -> None:
        # first_serial: where the serials of the IDs it issues start (payloads.fake_serial_base).
        start = clock_start or datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        self.state = State(region=region, clock=Clock(start, real_time=real_time), account=account, serial=first_serial)

    @staticmethod
    def served_operations() -> list[str]:
        return [name for name in model.operation_names() if name in _HANDLERS]

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Answer one request: the output dict, or ``ServiceError``."""
        if not isinstance(operation, str):
            operation = model.operation_model(operation).name  # raises the error that names the operations
        name, input_shape, takes_token = _dispatch(operation)
        handler = _HANDLERS.get(name)
        if handler is None:
            raise UnservedRequestError(name)
        if input_shape is not None:
            violations = model.check(params, input_shape)
            if violations:
                raise validation_of(name, violations)
        state = self.state
        state.clock.tick()
        replication_set.settle(state)
        token = params.get("clientToken") if takes_token else None
        if token is None:
            return handler(state, params)
        seen = state.client_tokens.get((name, token))
        request = payloads.copy_payload(params)
        del request["clientToken"]
        if seen is not None and _resource_gone(state, *seen):
            # What the token made or changed was deleted since: a token never answers with what
            # is gone (a create would report a resource that does not exist), so this is a new request.
            del state.client_tokens[(name, token)]
            seen = None
        if seen is not None:
            first_request, first_answer = seen
            if first_request != request:
                raise token_reused(name, token)
            return dict(first_answer)  # the same request again: the same answer, done once
        answer = handler(state, params)
        state.remember_token((name, token), (request, dict(answer)))
        return answer

    # ------------------------------------------------------------ the clock

    def now(self) -> datetime.datetime:
        return self.state.clock.now()

    def advance_clock(self, seconds: float) -> None:
        """Move the service's clock on (a sleep the fake recorded instead of sleeping)."""
        self.state.clock.advance(seconds)
        replication_set.settle(self.state)

    # ------------------------------------------------------------ seeding (payloads checked by the caller)

    def _keep_up_with(self, seed: dict[str, Any]) -> dict[str, Any]:
        """The clock moves on to the latest time a seed holds, if that is later; return the seed.

        Nothing the service holds is from its future: a change it stamped now would come
        before the creation of a record seeded with a later time (drawn ones reach 2035).
        """
        times = [value for value in seed.values() if isinstance(value, datetime.datetime)]
        if times:
            self.state.clock.catch_up(max(times))
        return seed

    def put_incident_record(self, record: dict[str, Any]) -> None:
        self.state.add_record(self._keep_up_with(_held(record)))

    def put_timeline_event(self, event: dict[str, Any]) -> None:
        self.state.put_event(self._keep_up_with(_held(event)))

    def put_response_plan(self, plan: dict[str, Any], tags: dict[str, str] | None = None) -> None:
        self.state.put_plan(_held(plan))
        if tags:
            self.state.tags[plan["arn"]] = dict(tags)

    def put_replication_set(self, replication: dict[str, Any]) -> None:
        held = self.state.replication_set = self._keep_up_with(_held(replication))
        self.state.replication_timeline = []
        # Its Regions are as old as the set: one seeded a day ago or more can lose a Region at once.
        self.state.regions_added = dict.fromkeys(held["regionMap"], held["createdTime"])

    def put_finding(self, incident_arn: str, finding: dict[str, Any]) -> None:
        held = added_in_order(self.state.findings, incident_arn)
        stored = payloads.Snapshot(self._keep_up_with(_held(finding)))
        # Listed in the order first put: a finding put again keeps its place, as it keeps its ID.
        if finding["id"] not in held:
            stored.order = self.state.next_order()
        held.put(finding["id"], stored)

    def holds_record(self, arn: str) -> bool:
        return arn in self.state.records

    def latest_record_arn(self) -> str | None:
        return next(reversed(self.state.records), None)

    def partition(self) -> str:
        return self.state.partition


def _resource_gone(state: State, request: Payload, answer: Payload) -> bool:
    """Whether the resource a remembered request made (its answer names it) or changed (its request does) is gone."""
    arn: str = (
        answer.get("arn")
        or answer.get("incidentRecordArn")
        or request.get("arn")
        or request.get("incidentRecordArn")
        or ""
    )
    event_id = answer.get("eventId") or request.get("eventId")
    if event_id is not None:
        return event_id not in state.events.get(arn, {})
    return not state.holds(arn)
