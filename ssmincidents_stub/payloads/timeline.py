"""[is] Timeline events, as ``get_timeline_event`` returns them.

Floor one. ``eventData`` is the JSON string the service stores for the event type;
the default ``eventUpdatedTime`` follows an ``eventTime`` you give.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ssmincidents_stub import facts
from ssmincidents_stub.payloads._base import (
    apply_overrides,
    built_or_checked,
    caller,
    check_payload,
    is_aware,
    next_serial,
    raise_if_invalid,
    raise_if_unrealistic,
    require_mapping,
    serial_id,
    shifted,
    summary,
    timestamp,
)
from ssmincidents_stub.payloads.records import incident_record_arn

__all__ = ["checked_timeline_event", "event_from", "event_summary", "timeline_event"]

_NOTES = ("Paged the on-call engineer", "Rolled back deploy 4121", "Error rate back to normal")


def timeline_event(**overrides: Any) -> dict[str, Any]:
    """An ``event`` as ``get_timeline_event`` returns it (``eventData`` is a JSON string)."""
    serial = next_serial()
    event_type = overrides.get("eventType")
    if not isinstance(event_type, str):
        event_type = facts.EVENT_TYPES[(serial - 1) % len(facts.EVENT_TYPES)]
    incident_arn = overrides.get("incidentRecordArn")
    if not isinstance(incident_arn, str):
        incident_arn = incident_record_arn()
    given_time = overrides.get("eventTime")
    at = given_time if is_aware(given_time) else timestamp(10 * serial + serial * 3 % 6)
    event: dict[str, Any] = {
        "incidentRecordArn": incident_arn,
        "eventId": serial_id("timeline-event", serial),
        "eventType": event_type,
        "eventTime": at,
        "eventUpdatedTime": shifted(at, datetime.timedelta(seconds=serial * 37 % 91)),
        "eventData": facts.event_data(
            event_type, note=_NOTES[serial % 3], actor_arn=caller(), resource_arn=incident_arn
        ),
        "eventReferences": [{"resource": incident_arn}],
    }
    event = apply_overrides(event, overrides)
    changed = set(overrides) | ({"eventReferences"} if "incidentRecordArn" in overrides else set())
    raise_if_invalid("timeline event", event, "TimelineEvent", "event", changed)
    raise_if_unrealistic("timeline event", event, "TimelineEvent", "event", overrides)
    return event


def checked_timeline_event(event: Any) -> dict[str, Any]:
    """``event`` itself, once it passes the model and the service's own rules."""
    require_mapping("event", event)
    check_payload("timeline event", event, "TimelineEvent", "event")
    return dict(event)


def event_from(event: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``event`` with ``overrides`` applied and checked, or a new one built from them."""
    return built_or_checked(
        event,
        overrides,
        timeline_event,
        argument="event",
        what="timeline event",
        shape_name="TimelineEvent",
        path="event",
    )


def event_summary(event: Mapping[str, Any]) -> dict[str, Any]:
    """The ``EventSummary`` that ``list_timeline_events`` shows for ``event`` (checked first)."""
    return summary("EventSummary", checked_timeline_event(event))
