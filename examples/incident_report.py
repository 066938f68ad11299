"""A downstream module: fetch an incident and one of its timeline events, and summarise them.

It is what the plugin is for: ordinary application code that calls Incident
Manager through botocore and must handle each of the service's errors sensibly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

IMPACT = {1: "Critical", 2: "High", 3: "Medium", 4: "Low", 5: "No Impact"}


class IncidentNotFound(LookupError):
    """The incident record does not exist (or was deleted)."""


class IncidentAccessDenied(PermissionError):
    """The caller's role may not read this incident."""


class IncidentServiceUnavailable(RuntimeError):
    """Throttled or failing even after botocore's retries; try again later."""


@dataclass(frozen=True)
class IncidentReport:
    title: str
    status: str
    impact: str
    opened: str
    event: str | None
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"[{self.status}] {self.title} ({self.impact}), opened {self.opened}"]
        if self.event:
            lines.append(f"  latest: {self.event}")
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


def build_report(client: Any, incident_arn: str, event_id: str) -> IncidentReport:
    """A report on one incident and one of its timeline events."""
    try:
        record = client.get_incident_record(arn=incident_arn)["incidentRecord"]
    except client.exceptions.ResourceNotFoundException as error:
        raise IncidentNotFound(error.response.get("resourceIdentifier", incident_arn)) from error
    except client.exceptions.AccessDeniedException as error:
        raise IncidentAccessDenied(error.response["Error"]["Message"]) from error
    except client.exceptions.ValidationException as error:
        raise ValueError(f"not a valid incident ARN: {incident_arn!r}") from error
    except (client.exceptions.ThrottlingException, client.exceptions.InternalServerException) as error:
        # botocore has already retried these; more retries here would only pile on.
        raise IncidentServiceUnavailable(error.response["Error"]["Code"]) from error

    notes: list[str] = []
    event_text = None
    try:
        event = client.get_timeline_event(eventId=event_id, incidentRecordArn=incident_arn)["event"]
        event_text = describe_event(event)
    except client.exceptions.ResourceNotFoundException:
        notes.append(f"timeline event {event_id} not found")
    except ClientError as error:
        # The record is what matters; a missing event must not lose the report.
        notes.append(f"timeline unavailable ({error.response['Error']['Code']})")

    return IncidentReport(
        title=record["title"],
        status=record["status"],
        impact=IMPACT.get(record["impact"], f"impact {record['impact']}"),
        opened=record["creationTime"].isoformat(timespec="minutes"),
        event=event_text,
        notes=notes,
    )


def describe_event(event: dict[str, Any]) -> str:
    """One line for a timeline event; ``eventData`` is JSON whose form depends on the type."""
    try:
        data = json.loads(event["eventData"])
    except ValueError:
        data = event["eventData"]
    # A custom event holds a JSON string; the service's own events hold an object.
    if not isinstance(data, dict):
        return f"{event['eventType']}: {data}"
    changes = data.get("modifiedAttributes")
    if isinstance(changes, list):  # an update: which members changed, and to what
        detail = ", ".join(f"{change['attributeName']} -> {change['newValue']}" for change in changes)
    else:
        detail = data.get("incidentSource") or data.get("incidentTitle") or ", ".join(sorted(data))
    return f"{event['eventType']}: {detail}"
