"""Handling Incident Manager errors: one runnable example per error (docs/error-handling.md).

Each test is quoted in docs/error-handling.md; tests/test_readme.py keeps the two identical.
"""

from __future__ import annotations

# --8<-- [start:setup]
import uuid
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    HTTPClientError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.exceptions import ConnectionError as BotocoreConnectionError  # not Python's built-in ConnectionError

from ssmincidents_stub import FaultPlan, IncidentsFake, IncidentsStub

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"
# --8<-- [end:setup]


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


def test_a_sustained_throttle_spends_the_clients_retry_quota(ssm_incidents_fake: IncidentsFake) -> None:
    # standard and adaptive mode give each client a retry quota: 500 units, 5 a retry.
    # Once a long throttle has spent it, the client stops retrying at all.
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=160)
    client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard"}))
    seen = []
    for _ in range(60):
        with pytest.raises(client.exceptions.ThrottlingException) as caught:
            client.get_incident_record(arn=ARN)
        metadata = caught.value.response["ResponseMetadata"]
        seen.append((metadata["RetryAttempts"], metadata.get("MaxAttemptsReached")))

    assert seen[:50] == [(2, True)] * 50  # 50 calls, 2 retries each: 500 units spent
    assert seen[50:] == [(0, None)] * 10  # no retry, and no MaxAttemptsReached either


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
    # a clientToken reused with other parameters). botocore does not retry it: read what is there.
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


# --8<-- [start:no-answer]
def test_no_answer_is_retried_then_raised_as_a_botocore_error(ssm_incidents_fake: IncidentsFake) -> None:
    # No HTTP answer at all: botocore retries it in every mode. When it gives up it raises its own
    # exception, not a ClientError, and a read timeout is not a (botocore) ConnectionError.
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.apply(FaultPlan.parse("get_incident_record attempt 1: read timeout"))
    client = boto3.client("ssm-incidents")
    assert client.get_incident_record(arn=record["arn"])["ResponseMetadata"]["RetryAttempts"] == 1

    no_retries = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
    ssm_incidents_fake.apply(FaultPlan.parse("get_incident_record attempt 1: read timeout"))
    with pytest.raises(ReadTimeoutError) as timed_out:
        no_retries.get_incident_record(arn=record["arn"])
    assert isinstance(timed_out.value, HTTPClientError)
    assert not isinstance(timed_out.value, BotocoreConnectionError)

    ssm_incidents_fake.apply(FaultPlan.parse("get_incident_record attempt 1: connection error"))
    with pytest.raises(EndpointConnectionError) as refused:
        no_retries.get_incident_record(arn=record["arn"])
    assert isinstance(refused.value, BotocoreConnectionError)
    assert not isinstance(refused.value, ConnectionError)  # Python's built-in one


# --8<-- [end:no-answer]


# --8<-- [start:client-token]
def test_a_retry_of_your_own_sends_the_same_client_token(ssm_incidents_fake: IncidentsFake) -> None:
    # The service starts the incident and the answer is lost (a read timeout). botocore's own
    # retries resend the clientToken it filled in, so they are safe; a retry of your own is a new
    # call, with a new token unless you pass one: make it once per piece of work, send it every try.
    client = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
    template: Any = {"title": "Checkout down", "impact": 2}
    plan = client.create_response_plan(name="checkout", incidentTemplate=template)["arn"]

    token = str(uuid.uuid4())
    ssm_incidents_fake.apply(FaultPlan.parse("start_incident attempt 1: read timeout"))
    with pytest.raises(ReadTimeoutError):
        client.start_incident(responsePlanArn=plan, clientToken=token)  # started, but we never heard
    started = client.start_incident(responsePlanArn=plan, clientToken=token)["incidentRecordArn"]  # our retry
    assert [s["arn"] for s in client.list_incident_records()["incidentRecordSummaries"]] == [started]

    ssm_incidents_fake.apply(FaultPlan.parse("start_incident attempt 1: read timeout"))
    with pytest.raises(ReadTimeoutError):
        client.start_incident(responsePlanArn=plan)  # no token of ours: botocore makes one per call
    client.start_incident(responsePlanArn=plan)  # our retry gets another: a second incident
    assert len(client.list_incident_records()["incidentRecordSummaries"]) == 3


# --8<-- [end:client-token]


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
