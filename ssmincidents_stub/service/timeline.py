"""[does] Timeline events: create, get, update, delete and list an incident's events.

Service floor: input dicts in, output dicts or ``ServiceError`` out. Callers can
create and update only the event types the model lets them (Custom Event and Note),
and delete any; the service writes its own events (``add_system_event``) as incidents change.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Mapping
from typing import Any

from ssmincidents_stub import facts, payloads
from ssmincidents_stub.service import paging
from ssmincidents_stub.service.errors import not_found, validation
from ssmincidents_stub.service.filters import FilterKey, matcher
from ssmincidents_stub.service.lookups import record_of
from ssmincidents_stub.service.state import Payload, State

__all__ = ["HANDLERS", "add_system_event"]


def _new_event_id(state: State) -> str:
    return facts.serial_uuid("timeline-event", state.next_serial())


def add_system_event(
    state: State, incident_arn: str, event_type: str, event_data: str, at: datetime.datetime | None = None
) -> Payload:
    """An event the service writes itself when an incident changes (``at``: when it happened, if not now).

    It carries no ``eventReferences``: filtering on the incident's ARN as a reference is how
    the service's documentation finds the notes of an incident, and its own events are not
    among them (the AWS CLI reference's list-timeline-events sample shows none).
    """
    now = state.clock.now()
    event = payloads.Snapshot(
        incidentRecordArn=incident_arn,
        eventId=_new_event_id(state),
        eventType=event_type,
        eventTime=at or now,
        eventUpdatedTime=now,
        eventData=event_data,
    )
    state.put_event(event)
    return event


def _check_creatable(operation: str, event_type: str) -> None:
    if event_type not in facts.CREATABLE_EVENT_TYPES:
        allowed = " and ".join(facts.CREATABLE_EVENT_TYPES)
        raise validation(
            operation, f"Invalid eventType '{event_type}': you can only create or update events of type {allowed}"
        )


def _event_of(state: State, operation: str, params: dict[str, Any]) -> Payload:
    event = state.events.get(params["incidentRecordArn"], {}).get(params["eventId"])
    if event is None:
        raise not_found(operation, params["eventId"], resource_type="TIMELINE_EVENT")
    return event


def get_timeline_event(state: State, params: dict[str, Any]) -> dict[str, Any]:
    return {"event": _event_of(state, "GetTimelineEvent", params)}


def create_timeline_event(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["incidentRecordArn"]
    record_of(state, "CreateTimelineEvent", arn)
    _check_creatable("CreateTimelineEvent", params["eventType"])
    event = {
        "incidentRecordArn": arn,
        "eventId": _new_event_id(state),
        "eventType": params["eventType"],
        "eventTime": params["eventTime"],
        "eventUpdatedTime": state.clock.now(),  # when it was written: a note may be dated ahead
        "eventData": params["eventData"],
    }
    if params.get("eventReferences"):
        event["eventReferences"] = payloads.copy_payload(params["eventReferences"])
    state.put_event(event)
    return {"eventId": event["eventId"], "incidentRecordArn": arn}


def update_timeline_event(state: State, params: dict[str, Any]) -> dict[str, Any]:
    event = _event_of(state, "UpdateTimelineEvent", params)
    _check_creatable("UpdateTimelineEvent", event["eventType"])
    if "eventType" in params:
        _check_creatable("UpdateTimelineEvent", params["eventType"])
    changed = payloads.Snapshot(event)  # a new snapshot replaces the one held
    for name in ("eventType", "eventTime", "eventData"):
        if name in params:
            changed[name] = params[name]
    if "eventReferences" in params:  # replaces every reference, as documented
        changed["eventReferences"] = payloads.copy_payload(params["eventReferences"])
    changed["eventUpdatedTime"] = state.clock.now()
    state.put_event(changed)
    return {}


def delete_timeline_event(state: State, params: dict[str, Any]) -> dict[str, Any]:
    # The model gives DeleteTimelineEvent no 404: deleting what is gone succeeds. Nor does
    # it limit the types deleted (only CreateTimelineEvent's and UpdateTimelineEvent's).
    if params["eventId"] in state.events.get(params["incidentRecordArn"], {}):
        state.remove_event(params["incidentRecordArn"], params["eventId"])
    return {}


def _references(event: Mapping[str, Any]) -> list[str]:
    return [value for reference in event.get("eventReferences", []) for value in reference.values()]


_READERS = {
    "eventTime": lambda event: event["eventTime"],
    "eventType": lambda event: event["eventType"],
    "eventReference": _references,
}
_KEYS = {name: FilterKey(kind, _READERS[name]) for name, kind in facts.TIMELINE_EVENT_FILTERS.items()}


def list_timeline_events(state: State, params: dict[str, Any]) -> dict[str, Any]:
    """Newest first unless asked otherwise, as every sample in the API Reference lists them.

    A page walks the incident's event index from where the last one ended: its cost is
    the page's, not the number of events the incident holds.
    """
    operation = "ListTimelineEvents"
    arn = params["incidentRecordArn"]
    wanted = matcher(operation, params.get("filters"), _KEYS)
    descending = params.get("sortOrder", "DESCENDING") == "DESCENDING"
    order = state.event_order.get(arn, [])
    # The token names the incident and the order it pages in, as every other list's names its
    # scope: one issued for another incident, or the other order, would resume mid-list.
    scope = [arn, "DESCENDING" if descending else "ASCENDING"]
    after = paging.resume_after(
        operation,
        params,
        (paging.is_time, paging.is_text),
        scope=scope,
        hint="the same incidentRecordArn and sortOrder",
    )
    if after is None:
        start = len(order) if descending else 0
    else:
        key = (float(after[0]), after[1])
        start = bisect.bisect_left(order, key) if descending else bisect.bisect_right(order, key)
    held = state.events.get(arn, {})
    positions = range(start - 1, -1, -1) if descending else range(start, len(order))
    candidates = (held[order[index][1]] for index in positions)
    chosen, exhausted = paging.take(candidates, wanted, paging.page_size(operation, params))
    output: dict[str, Any] = {"eventSummaries": [state.event_summary(event) for event in chosen]}
    if chosen and not exhausted:
        last = chosen[-1]
        output["nextToken"] = paging.encode_token(operation, [*scope, last["eventTime"].timestamp(), last["eventId"]])
    return output


HANDLERS = {
    "CreateTimelineEvent": create_timeline_event,
    "GetTimelineEvent": get_timeline_event,
    "UpdateTimelineEvent": update_timeline_event,
    "DeleteTimelineEvent": delete_timeline_event,
    "ListTimelineEvents": list_timeline_events,
}
