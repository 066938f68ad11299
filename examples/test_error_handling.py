"""Handling Incident Manager errors: one runnable example per error (docs/error-handling.md).

Each test is quoted in docs/error-handling.md; tests/test_readme.py keeps the two identical.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from ssmincidents_stub import IncidentsFake, IncidentsStub

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"


# --8<-- [start:throttling]
def test_throttling_is_retried_by_botocore(ssm_incidents_fake: IncidentsFake) -> None:
    # 429: too many requests. botocore retries it with back-off; do not add a loop of your own.
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=2)
    client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard"}))

    response = client.get_incident_record(arn=record["arn"])

    assert response["ResponseMetadata"]["RetryAttempts"] == 2  # two 429s, then success
    assert len(ssm_incidents_fake.retry_sleeps) == 2  # the back-off, recorded instead of slept


def test_throttling_that_outlasts_the_retries(ssm_incidents_fake: IncidentsFake) -> None:
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=3)
    client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard"}))

    with pytest.raises(client.exceptions.ThrottlingException) as caught:
        client.get_incident_record(arn=ARN)

    error: Any = caught.value.response
    assert error["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert (error["serviceCode"], error["quotaCode"]) == ("ssm-incidents", "L-3A7E0B21")
    # Now back off for longer (queue the work, surface "try again later"), not at once.


def test_a_stubbed_throttle_is_not_retried(ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub) -> None:
    # The stub answers before botocore's retry handler: one 429 is raised at once.
    # Use it to test *your* handling; use the fake to see botocore's.
    ssm_incidents_stub.add_error("get_incident_record", "ThrottlingException")
    with pytest.raises(ssm_incidents_client.exceptions.ThrottlingException):
        ssm_incidents_client.get_incident_record(arn=ARN)


# --8<-- [end:throttling]


# --8<-- [start:not-found]
def test_not_found_names_the_missing_resource(ssm_incidents_fake: IncidentsFake) -> None:
    # 404: the record or event does not exist (deleted, or another account or region).
    # Not retryable. The modeled fields say what was missing.
    client = boto3.client("ssm-incidents")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.get_timeline_event(eventId="7c1e2d3f-0a4b-4c5d-8e6f-112233445566", incidentRecordArn=ARN)

    error: Any = caught.value.response
    assert error["resourceType"] == "TIMELINE_EVENT"
    assert error["resourceIdentifier"] == "7c1e2d3f-0a4b-4c5d-8e6f-112233445566"
    assert error["ResponseMetadata"]["RetryAttempts"] == 0


# --8<-- [end:not-found]


# --8<-- [start:access-denied]
def test_access_denied_is_a_permissions_problem(ssm_incidents_client: Any, ssm_incidents_stub: IncidentsStub) -> None:
    # 403: the caller's IAM policy does not allow ssm-incidents:GetIncidentRecord on this ARN.
    # Retrying cannot help; report the message, which names the action and the resource.
    ssm_incidents_stub.add_error("get_incident_record", "AccessDeniedException", expected_params={"arn": ARN})
    with pytest.raises(ClientError) as caught:
        ssm_incidents_client.get_incident_record(arn=ARN)

    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "ssm-incidents:GetIncidentRecord" in caught.value.response["Error"]["Message"]


# --8<-- [end:access-denied]


# --8<-- [start:validation]
def test_validation_comes_from_the_service(ssm_incidents_fake: IncidentsFake) -> None:
    # 400: botocore checks types and required members, not patterns or maximum lengths.
    # A malformed ARN is sent, and the service rejects it. Fix the input; never retry.
    client = boto3.client("ssm-incidents")
    with pytest.raises(client.exceptions.ValidationException) as caught:
        client.get_incident_record(arn="incident-42")

    assert "Value 'incident-42' at 'arn' failed to satisfy constraint" in str(caught.value)
    assert len(ssm_incidents_fake.calls) == 1  # the request did reach the service


# --8<-- [end:validation]


# --8<-- [start:conflict]
def test_conflict_means_it_already_exists(ssm_incidents_fake: IncidentsFake) -> None:
    # 409: the request clashes with what exists (a plan of that name, an item already related,
    # a clientToken reused with other parameters). Another try changes nothing: read what is there.
    client = boto3.client("ssm-incidents")
    template: Any = {"title": "Checkout down", "impact": 2}
    client.create_response_plan(name="checkout", incidentTemplate=template)

    with pytest.raises(client.exceptions.ConflictException) as caught:
        client.create_response_plan(name="checkout", incidentTemplate=template)

    error: Any = caught.value.response
    assert (error["ResponseMetadata"]["HTTPStatusCode"], error["ResponseMetadata"]["RetryAttempts"]) == (409, 0)
    assert error["resourceIdentifier"].endswith(":response-plan/checkout")
    assert [plan["name"] for plan in client.list_response_plans()["responsePlanSummaries"]] == ["checkout"]


# --8<-- [end:conflict]


# --8<-- [start:internal]
def test_internal_errors_are_retried_then_raised(ssm_incidents_fake: IncidentsFake) -> None:
    # 500: the service failed. botocore retries it like throttling; if every attempt
    # fails, treat it as an outage of the dependency, not as a bug in your request.
    ssm_incidents_fake.fail_next("get_incident_record", "InternalServerException", times=5)
    client = boto3.client("ssm-incidents", config=Config(retries={"mode": "legacy"}))

    with pytest.raises(client.exceptions.InternalServerException) as caught:
        client.get_incident_record(arn=ARN)

    assert "reached max retries: 4" in str(caught.value)
    assert [call.attempt for call in ssm_incidents_fake.calls] == [1, 2, 3, 4, 5]


# --8<-- [end:internal]


# --8<-- [start:param-validation]
def test_param_validation_fails_before_any_request(ssm_incidents_fake: IncidentsFake) -> None:
    # Not a ClientError: botocore refuses the call itself, so nothing is sent.
    client = boto3.client("ssm-incidents")
    with pytest.raises(ParamValidationError, match="Invalid type for parameter arn"):
        client.get_incident_record(arn=42)  # type: ignore[arg-type]  # mypy-boto3 catches it too

    assert ssm_incidents_fake.calls == []


# --8<-- [end:param-validation]


# --8<-- [start:unknown-member]
def test_an_unknown_union_member_is_sdk_unknown_member(ssm_incidents_fake: IncidentsFake) -> None:
    # A service newer than your botocore may send a union member botocore does not know.
    # The parser keeps only its name; code that reads chatChannel must expect that.
    ssm_incidents_fake.add_raw_response(
        "get_incident_record",
        {
            "incidentRecord": {
                "arn": ARN,
                "title": "Checkout down",
                "status": "OPEN",
                "impact": 1,
                "creationTime": 1773480000,
                "lastModifiedTime": 1773480060,
                "lastModifiedBy": "arn:aws:iam::111122223333:role/IncidentResponder",
                "dedupeString": "checkout",
                "incidentRecordSource": {"createdBy": "arn:aws:iam::111122223333:role/x", "source": "aws.cloudwatch"},
                "chatChannel": {"teamsChannel": {"id": "19:abc"}},
                "summary": None,
            }
        },
    )
    record = boto3.client("ssm-incidents").get_incident_record(arn=ARN)["incidentRecord"]

    assert record["chatChannel"] == {"SDK_UNKNOWN_MEMBER": {"name": "teamsChannel"}}
    assert "summary" not in record  # JSON null: the member is simply absent


# --8<-- [end:unknown-member]
