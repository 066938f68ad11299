"""Property-based contract tests of the downstream module, over generated records and errors."""

from __future__ import annotations

# --8<-- [start:contract]
from typing import Any

import pytest
from hypothesis import given
from incident_report import (
    IncidentAccessDenied,
    IncidentNotFound,
    IncidentServiceUnavailable,
    build_report,
)

from ssmincidents_stub import IncidentsStub
from ssmincidents_stub.payloads import ErrorPayload
from ssmincidents_stub.strategies import client_errors, incident_records, timeline_events

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"
DOMAIN_ERRORS = (IncidentNotFound, IncidentAccessDenied, ValueError, IncidentServiceUnavailable)


@given(record=incident_records(), event=timeline_events())
def test_any_valid_record_and_event_make_a_report(record: dict[str, Any], event: dict[str, Any]) -> None:
    event = {**event, "incidentRecordArn": record["arn"]}
    # A function-scoped fixture would be shared by every example: the stub is made per example.
    with IncidentsStub() as stub:
        stub.add_incident_record(record)
        stub.add_timeline_event(event)
        report = build_report(stub.client, record["arn"], event["eventId"])
        stub.assert_no_pending_responses()
    assert report.title == record["title"]
    assert report.status == record["status"]
    assert report.event is not None and report.event.startswith(event["eventType"])
    assert report.render().startswith(f"[{record['status']}] {record['title']}")


@given(error=client_errors(operation="get_incident_record"))
def test_every_modeled_record_error_becomes_a_domain_error(error: ErrorPayload) -> None:
    with IncidentsStub() as stub:
        stub.add_error(error)
        with pytest.raises(DOMAIN_ERRORS):
            build_report(stub.client, ARN, "event-id")


# --8<-- [end:contract]


@given(record=incident_records(), error=client_errors(operation="get_timeline_event"))
def test_a_timeline_error_never_loses_the_report(record: dict[str, Any], error: ErrorPayload) -> None:
    with IncidentsStub() as stub:
        stub.add_incident_record(record)
        stub.add_error(error)
        report = build_report(stub.client, record["arn"], "event-id")
    assert report.event is None
    assert len(report.notes) == 1
