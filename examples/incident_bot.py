"""A small incident bot, as a team would write it: alarms in, incidents out.

It is the code under test of ``test_incident_bot.py``, which runs it end to end
against the ``ssm_incidents_fake`` fixture: nothing here knows about the plugin.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from botocore.exceptions import ClientError


class IncidentBotError(Exception):
    """Something the bot could not do; the message says what and why."""


class IncidentBot:
    """Starts incidents from alarms, keeps notes on them, and resolves them."""

    def __init__(self, client: Any, response_plan_arn: str) -> None:
        self.client = client
        self.response_plan_arn = response_plan_arn

    def on_alarm(self, alarm_arn: str, reason: str, dashboard_url: str) -> str:
        """Start (or join, when the alarm already has one open) an incident; return its ARN."""
        try:
            started = self.client.start_incident(
                responsePlanArn=self.response_plan_arn,
                triggerDetails={
                    "source": "aws.cloudwatch",
                    "triggerArn": alarm_arn,
                    "timestamp": datetime.now(timezone.utc),
                    "rawData": json.dumps({"reason": reason}),
                },
                relatedItems=[
                    {"identifier": {"type": "METRIC", "value": {"url": dashboard_url}}, "title": "Dashboard"}
                ],
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ResourceNotFoundException":
                raise IncidentBotError(f"response plan {self.response_plan_arn} is gone; alarms cannot page") from error
            raise
        arn: str = started["incidentRecordArn"]
        return arn

    def note(self, incident_arn: str, text: str) -> str:
        """Add a note to the incident's timeline; return the event ID."""
        created = self.client.create_timeline_event(
            incidentRecordArn=incident_arn,
            eventTime=datetime.now(timezone.utc),
            eventType="Note",
            eventData=json.dumps(text),
            eventReferences=[{"resource": incident_arn}],
        )
        event_id: str = created["eventId"]
        return event_id

    def escalate(self, incident_arn: str) -> None:
        """Raise the incident to Critical."""
        self.client.update_incident_record(arn=incident_arn, impact=1)

    def resolve(self, incident_arn: str, summary: str) -> None:
        """Resolve the incident with a closing summary."""
        self.client.update_incident_record(arn=incident_arn, status="RESOLVED", summary=summary)

    def open_incidents(self) -> Iterator[dict[str, Any]]:
        """Every open incident, newest first, across all pages."""
        pages = self.client.get_paginator("list_incident_records").paginate(
            filters=[{"key": "status", "condition": {"equals": {"stringValues": ["OPEN"]}}}]
        )
        for page in pages:
            yield from page["incidentRecordSummaries"]

    def history(self, incident_arn: str) -> list[str]:
        """The incident's timeline, oldest first, one line per event."""
        pages = self.client.get_paginator("list_timeline_events").paginate(
            incidentRecordArn=incident_arn, sortOrder="ASCENDING"
        )
        lines = []
        for page in pages:
            for summary in page["eventSummaries"]:
                event = self.client.get_timeline_event(incidentRecordArn=incident_arn, eventId=summary["eventId"])
                data = json.loads(event["event"]["eventData"])
                if isinstance(data, dict) and "modifiedAttributes" in data:
                    changes = data["modifiedAttributes"]
                    data = ", ".join(f"{change['attributeName']} -> {change['newValue']}" for change in changes)
                elif isinstance(data, dict):
                    data = data.get("incidentSource") or data.get("incidentTitle", "")
                lines.append(f"{summary['eventType']}: {data}")
        return lines
