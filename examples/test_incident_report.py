"""Tests of the downstream module, written as a user of the plugin would write them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from incident_report import (
    IncidentAccessDenied,
    IncidentNotFound,
    IncidentServiceUnavailable,
    build_report,
    describe_event,
)

from ssmincidents_stub import IncidentsStub


def test_report_of_an_open_incident(ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub) -> None:
    record = ssm_incidents_stub.add_incident_record(title="Checkout down", impact=1)
    event = ssm_incidents_stub.add_timeline_event(
        incidentRecordArn=record["arn"], eventType="Custom Event", eventData='"Paged the on-call"'
    )
    report = build_report(ssm_incidents_client, record["arn"], event["eventId"])
    assert report.render() == (
        f"[OPEN] Checkout down (Critical), opened {record['creationTime'].isoformat(timespec='minutes')}\n"
        "  latest: Custom Event: Paged the on-call"
    )


def test_a_missing_incident_is_reported_as_such(ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub) -> None:
    arn = "arn:aws:ssm-incidents::111122223333:incident-record/plan/gone"
    ssm_incidents_stub.add_error("get_incident_record", "ResourceNotFoundException", expected_params={"arn": arn})
    with pytest.raises(IncidentNotFound, match=arn):
        build_report(ssm_incidents_client, arn, "event")


@pytest.mark.parametrize(
    ("code", "raised"),
    [
        ("AccessDeniedException", IncidentAccessDenied),
        ("ValidationException", ValueError),
        ("ThrottlingException", IncidentServiceUnavailable),
        ("InternalServerException", IncidentServiceUnavailable),
    ],
)
def test_each_record_error_maps_to_a_domain_error(
    ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub, code: str, raised: type[Exception]
) -> None:
    ssm_incidents_stub.add_error("get_incident_record", code)
    with pytest.raises(raised):
        build_report(ssm_incidents_client, "arn:aws:ssm-incidents::111122223333:incident-record/p/x", "e")


@pytest.mark.parametrize(
    ("code", "note"),
    [
        ("ResourceNotFoundException", "timeline event {event_id} not found"),
        ("ThrottlingException", "timeline unavailable (ThrottlingException)"),
        ("AccessDeniedException", "timeline unavailable (AccessDeniedException)"),
        ("ValidationException", "timeline unavailable (ValidationException)"),
        ("InternalServerException", "timeline unavailable (InternalServerException)"),
    ],
)
def test_a_timeline_error_keeps_the_report(
    ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub, code: str, note: str
) -> None:
    record = ssm_incidents_stub.add_incident_record()
    event_id = "0b7c6a55-2f0e-4c1e-8a7e-3c1d2e4f5a6b"
    ssm_incidents_stub.add_error(
        "get_timeline_event", code, expected_params={"eventId": event_id, "incidentRecordArn": record["arn"]}
    )
    report = build_report(ssm_incidents_client, record["arn"], event_id)
    assert report.event is None
    assert report.notes == [note.format(event_id=event_id)]


def test_structured_event_data_is_summarised(ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub) -> None:
    event = ssm_incidents_stub.add_timeline_event(eventType="SSM Incident Record Update", expected_params=None)
    (change,) = json.loads(event["eventData"])["modifiedAttributes"]
    assert describe_event(event) == f"SSM Incident Record Update: {change['attributeName']} -> {change['newValue']}"
    ssm_incidents_client.get_timeline_event(eventId="x", incidentRecordArn=event["incidentRecordArn"])
