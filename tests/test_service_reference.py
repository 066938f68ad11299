"""The fake against the words of the Incident Manager API Reference, through real boto3 clients.

Each test quotes the page it checks; each was written where the fake and the page disagreed.
"""

from __future__ import annotations

import datetime
from typing import Any

import boto3
from botocore.config import Config

from ssmincidents_stub import IncidentsFake

UTC = datetime.timezone.utc


def _client() -> Any:
    return boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))


def _plan(client: Any) -> str:
    arn: str = client.create_response_plan(name="checkout", incidentTemplate={"title": "Checkout down", "impact": 3})[
        "arn"
    ]
    return arn


# ---------------------------------------------------------------- pagination


def test_a_filtered_incident_list_gives_no_next_token_when_no_more_records_match(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    """API Reference, ListIncidentRecords, Response Elements, nextToken: "The pagination token to use
    when requesting the next set of items. If there are no additional items to return, the string is null."

    The fake answered a token whenever records it had not yet looked at remained, matching or not,
    and the next page came back empty.
    """
    client = _client()
    plan = _plan(client)
    client.start_incident(responsePlanArn=plan, impact=1)
    high = client.start_incident(responsePlanArn=plan, impact=2)["incidentRecordArn"]  # the newest: listed first
    by_impact = [{"key": "impact", "condition": {"equals": {"integerValues": [2]}}}]
    page = client.list_incident_records(filters=by_impact, maxResults=1)
    assert [summary["arn"] for summary in page["incidentRecordSummaries"]] == [high]
    assert "nextToken" not in page
    # A token is still given while another record matches.
    third = client.start_incident(responsePlanArn=plan, impact=2)["incidentRecordArn"]
    first = client.list_incident_records(filters=by_impact, maxResults=1)
    rest = client.list_incident_records(filters=by_impact, maxResults=1, nextToken=first["nextToken"])
    assert [s["arn"] for s in first["incidentRecordSummaries"] + rest["incidentRecordSummaries"]] == [third, high]
    assert "nextToken" not in rest


def test_a_filtered_timeline_gives_no_next_token_when_no_more_events_match(ssm_incidents_fake: IncidentsFake) -> None:
    """API Reference, ListTimelineEvents, Response Elements, nextToken: "If there are no additional
    items to return, the string is null."
    """
    client = _client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    when = datetime.datetime(2026, 3, 14, 10, tzinfo=UTC)
    custom = client.create_timeline_event(
        incidentRecordArn=arn, eventTime=when, eventType="Custom Event", eventData='"Rolled back"'
    )["eventId"]
    client.create_timeline_event(
        incidentRecordArn=arn, eventTime=when + datetime.timedelta(minutes=5), eventType="Note", eventData='"Paged"'
    )
    customs = [{"key": "eventType", "condition": {"equals": {"stringValues": ["Custom Event"]}}}]
    page = client.list_timeline_events(incidentRecordArn=arn, filters=customs, sortOrder="ASCENDING", maxResults=1)
    assert [event["eventId"] for event in page["eventSummaries"]] == [custom]
    assert "nextToken" not in page


# ---------------------------------------------------------------- timeline events


def test_an_events_updated_time_is_when_it_was_written_even_for_a_note_dated_ahead(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    """API Reference, TimelineEvent: eventTime is "The timestamp for when the event occurred";
    eventUpdatedTime is "The timestamp for when the timeline event was last updated."

    The fake set eventUpdatedTime to the later of the two, so a note about planned work,
    dated next week, claimed it had been last updated next week.
    """
    client = _client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    before = ssm_incidents_fake.now  # each request moves the service's clock on by a millisecond
    planned = before + datetime.timedelta(days=7)
    event_id = client.create_timeline_event(
        incidentRecordArn=arn, eventTime=planned, eventType="Note", eventData='"Failover drill"'
    )["eventId"]
    event = client.get_timeline_event(incidentRecordArn=arn, eventId=event_id)["event"]
    assert event["eventTime"] == planned
    assert before < event["eventUpdatedTime"] < ssm_incidents_fake.now
    ssm_incidents_fake.advance_clock(60)
    before = ssm_incidents_fake.now
    client.update_timeline_event(incidentRecordArn=arn, eventId=event_id, eventData='"Failover drill, moved"')
    event = client.get_timeline_event(incidentRecordArn=arn, eventId=event_id)["event"]
    assert event["eventTime"] == planned
    assert before < event["eventUpdatedTime"] < ssm_incidents_fake.now
    [summary] = client.list_timeline_events(incidentRecordArn=arn, filters=_notes())["eventSummaries"]
    assert summary["eventUpdatedTime"] == event["eventUpdatedTime"]


def _notes() -> list[dict[str, Any]]:
    return [{"key": "eventType", "condition": {"equals": {"stringValues": ["Note"]}}}]
