"""Timeline events: create, get and list an incident's events.

Service floor: input dicts in, output dicts or ``ServiceError`` out.
"""

from __future__ import annotations

from typing import Any

from ssmincidents_stub import facts, model
from ssmincidents_stub.service import paging
from ssmincidents_stub.service.errors import UnservedRequestError, not_found, validation
from ssmincidents_stub.service.state import State

__all__ = ["HANDLERS", "store_event"]


def store_event(state: State, event: dict[str, Any]) -> None:
    state.events.setdefault(event["incidentRecordArn"], {})[event["eventId"]] = event


def get_timeline_event(state: State, params: dict[str, Any]) -> dict[str, Any]:
    event = state.events.get(params["incidentRecordArn"], {}).get(params["eventId"])
    if event is None:
        raise not_found("GetTimelineEvent", params["eventId"])
    return {"event": event}


def _check_creatable(operation: str, event_type: str) -> None:
    if event_type not in facts.CREATABLE_EVENT_TYPES:
        allowed = " and ".join(facts.CREATABLE_EVENT_TYPES)
        raise validation(
            operation, f"Invalid eventType '{event_type}': you can only create or update events of type {allowed}"
        )


def create_timeline_event(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["incidentRecordArn"]
    if arn not in state.records:
        raise not_found("CreateTimelineEvent", arn, resource_type="INCIDENT_RECORD")
    _check_creatable("CreateTimelineEvent", params["eventType"])
    token = params.get("clientToken")
    if token is not None and ("CreateTimelineEvent", token) in state.client_tokens:
        return dict(state.client_tokens["CreateTimelineEvent", token])  # the same request again
    event = {
        "incidentRecordArn": arn,
        "eventId": facts.stable_uuid("created-event", arn, state.next_serial()),
        "eventType": params["eventType"],
        "eventTime": params["eventTime"],
        "eventUpdatedTime": params["eventTime"],
        "eventData": params["eventData"],
    }
    if params.get("eventReferences"):
        event["eventReferences"] = params["eventReferences"]
    store_event(state, event)
    output = {"eventId": event["eventId"], "incidentRecordArn": arn}
    if token is not None:
        state.client_tokens["CreateTimelineEvent", token] = output
    return output


def list_timeline_events(state: State, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("filters"):
        raise UnservedRequestError(
            "the ssm-incidents fake does not apply list_timeline_events filters; "
            "leave filters out, or queue the answer with fake.add_raw_response('list_timeline_events', ...)"
        )
    events = sorted(
        state.events.get(params["incidentRecordArn"], {}).values(),
        key=lambda e: e["eventTime"],
        reverse=params.get("sortOrder") == "DESCENDING",
    )
    summary_members = set(model.shape("EventSummary").members)  # type: ignore[attr-defined]
    return paging.page(
        "ListTimelineEvents",
        params,
        events,
        "eventSummaries",
        lambda e: {k: v for k, v in e.items() if k in summary_members},
    )


HANDLERS = {
    "GetTimelineEvent": get_timeline_event,
    "CreateTimelineEvent": create_timeline_event,
    "ListTimelineEvents": list_timeline_events,
}
