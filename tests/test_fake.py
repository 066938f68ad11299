"""IncidentsFake and the ssm_incidents_fake fixture: reach, wire path, state, faults, cleanup."""

from __future__ import annotations

import base64
import datetime
import email.utils
import json
import re
import time
import uuid
from typing import Any

import boto3
import botocore
import botocore.endpoint
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError, ParamValidationError
from dateutil.tz import tzlocal  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from ssmincidents_stub import FaultPlan, IncidentsFake, IncidentsStub, facts, model, payloads, service
from ssmincidents_stub.fake import FakeAlreadyActiveError, UnservedOperationError

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/0f3c2b1a-aaaa-bbbb-cccc-111122223333"


def _botocore_at_least(version: str) -> bool:
    return tuple(map(int, botocore.__version__.split(".")[:3])) >= tuple(map(int, version.split(".")))


def _boto3_client(**kwargs: Any) -> Any:
    return boto3.client("ssm-incidents", **kwargs)


@pytest.fixture
def no_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any real back-off sleep fails the test."""

    def refuse(seconds: float) -> None:
        raise AssertionError(f"slept for real: {seconds}")

    monkeypatch.setattr(time, "sleep", refuse)


# ---------------------------------------------------------------- reach


def test_every_kind_of_client_is_answered(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record()
    made = [
        _boto3_client(),
        boto3.Session().client("ssm-incidents"),
        botocore.session.get_session().create_client("ssm-incidents"),
        botocore.session.Session().create_client("ssm-incidents", region_name="eu-west-1"),
    ]
    for client in made:
        assert client.get_incident_record(arn=record["arn"])["incidentRecord"] == record
    assert len(ssm_incidents_fake.calls) == len(made)


def test_a_client_made_before_the_fake_is_answered(plain_aws_setup: None) -> None:
    early: Any = botocore.session.Session().create_client(
        "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    with IncidentsFake() as fake:
        record = fake.put_incident_record()
        assert early.get_incident_record(arn=record["arn"])["incidentRecord"] == record


def test_other_services_are_untouched(ssm_incidents_fake: IncidentsFake) -> None:
    sts = _boto3_client().meta  # the fake is active; now a different service:
    assert sts.service_model.service_name == "ssm-incidents"
    s3 = boto3.client("s3", config=Config(retries={"max_attempts": 1}))
    # It goes to the network path, which pytest-socket blocks: proof the fake let it pass.
    with pytest.raises(HTTPClientError, match="A test tried to use socket"):
        s3.list_buckets()
    assert ssm_incidents_fake.calls == []


def test_an_operation_a_newer_botocore_adds_fails_loudly(
    ssm_incidents_fake: IncidentsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every operation of this botocore is served; one the service gains later is not.
    monkeypatch.delitem(service._HANDLERS, "ListIncidentRecords")
    with pytest.raises(UnservedOperationError) as caught:
        _boto3_client().list_incident_records()
    message = str(caught.value)
    assert message.startswith(
        "the ssm-incidents fake does not serve list_incident_records (ListIncidentRecords); it serves "
        "batch_get_incident_findings, create_replication_set,"
    )
    assert message.endswith(
        "Queue an answer with fake.add_raw_response('list_incident_records', ...) or use the ssm_incidents_stub fixture"
    )


def test_the_users_aws_setup_is_replaced_while_active(sentinel_aws_environment: dict[str, str]) -> None:
    with IncidentsFake() as fake:
        client = _boto3_client()
        assert client.meta.region_name == "us-east-1"
        record = fake.put_incident_record()
        assert client.get_incident_record(arn=record["arn"])["incidentRecord"] == record
        creds = boto3.Session().get_credentials()
        assert creds is not None and creds.access_key == "AKIAIOSFODNN7EXAMPLE"
    import os

    assert {name: os.environ[name] for name in sentinel_aws_environment} == sentinel_aws_environment


def test_two_fakes_at_once_are_refused() -> None:
    with IncidentsFake(), pytest.raises(FakeAlreadyActiveError, match="an IncidentsFake is already active"):
        IncidentsFake().start()
    with IncidentsFake():  # the refused one left nothing behind
        pass


def test_a_finding_with_no_incident_to_belong_to_says_so(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a review: with no incidentRecordArn and no incident held, put_finding said
    # "incidentRecordArn=None: the fake holds no such incident" to a user who passed none.
    with pytest.raises(ValueError) as caught:
        ssm_incidents_fake.put_finding()
    assert str(caught.value) == (
        "put_finding() needs an incident to belong to, and the fake holds none; "
        "call put_incident_record() first, or pass incidentRecordArn="
    )
    arn = payloads.incident_record_arn()
    with pytest.raises(ValueError) as caught:
        ssm_incidents_fake.put_finding(incidentRecordArn=arn)
    assert str(caught.value) == (
        f"incidentRecordArn={arn!r}: the fake holds no such incident; put_incident_record() or start_incident it first"
    )
    record = ssm_incidents_fake.put_incident_record()
    finding = ssm_incidents_fake.put_finding()  # the incident put last is the one it belongs to
    listed = boto3.client("ssm-incidents").list_incident_findings(incidentRecordArn=record["arn"])["findings"]
    assert [summary["id"] for summary in listed] == [finding["id"]]


def test_a_fake_a_failing_test_left_running_is_stopped_before_the_next_test(pytester: pytest.Pytester) -> None:
    # Found by reviewers: a fake started without stop() refused every later fake, and once
    # that named its culprit, answered every later test that used no fixture.
    pytester.makepyfile(
        """
        import boto3
        from ssmincidents_stub import IncidentsFake

        def test_forgets_to_stop():
            fake = IncidentsFake()
            fake.start()
            fake.put_incident_record()
            raise AssertionError("fails before its stop()")

        def test_later(ssm_incidents_fake):
            assert boto3.client("ssm-incidents").list_incident_records()["incidentRecordSummaries"] == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:cacheprovider", "--disable-socket")
    result.assert_outcomes(failed=1, passed=1)  # the failure is the news: no second error piled on it


# ---------------------------------------------------------------- wire path and state


def test_answers_carry_real_metadata_and_parsed_timestamps(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record(status="RESOLVED")
    response = _boto3_client().get_incident_record(arn=record["arn"])
    assert response["incidentRecord"] == record
    assert isinstance(response["incidentRecord"]["resolvedTime"].tzinfo, tzlocal)
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPStatusCode"] == 200 and metadata["RetryAttempts"] == 0
    assert metadata["RequestId"] == metadata["HTTPHeaders"]["x-amzn-requestid"]
    (call,) = ssm_incidents_fake.calls
    assert json.loads(call.body)["incidentRecord"]["resolvedTime"] == record["resolvedTime"].timestamp()


def test_every_answer_has_its_own_version_4_request_id(ssm_incidents_fake: IncidentsFake) -> None:
    client = _boto3_client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    ids = [client.get_incident_record(arn=arn)["ResponseMetadata"]["RequestId"] for _ in range(200)]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value for value in ids)


def test_timeline_events_are_served_from_state(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record()
    event = ssm_incidents_fake.put_timeline_event(incidentRecordArn=record["arn"])
    got = _boto3_client().get_timeline_event(eventId=event["eventId"], incidentRecordArn=record["arn"])
    assert got["event"] == event


@pytest.mark.parametrize("operation", ["get_incident_record", "get_timeline_event"])
def test_unknown_resources_are_404_with_modeled_fields(ssm_incidents_fake: IncidentsFake, operation: str) -> None:
    client = _boto3_client()
    params = {"arn": ARN} if operation == "get_incident_record" else {"eventId": "e-1", "incidentRecordArn": ARN}
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        getattr(client, operation)(**params)
    response = caught.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
    expected_type, identifier = ("INCIDENT_RECORD", ARN) if "arn" in params else ("TIMELINE_EVENT", "e-1")
    assert (response["resourceType"], response["resourceIdentifier"]) == (expected_type, identifier)


def test_a_malformed_arn_is_a_400_from_the_service_not_botocore(ssm_incidents_fake: IncidentsFake) -> None:
    client = _boto3_client()
    with pytest.raises(client.exceptions.ValidationException) as caught:
        client.get_incident_record(arn="incident-42")
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'incident-42' at 'arn' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: "
        "^arn:aws(-cn|-us-gov)?:[a-z0-9-]*:[a-z0-9-]*:([0-9]{12})?:.+$"
    )
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert ssm_incidents_fake.calls[0].params == {"arn": "incident-42"}


def test_an_over_long_event_id_is_a_400(ssm_incidents_fake: IncidentsFake) -> None:
    client = _boto3_client()
    with pytest.raises(client.exceptions.ValidationException, match="Member must have length less than or equal to 50"):
        client.get_timeline_event(eventId="e" * 51, incidentRecordArn=ARN)


def test_a_long_value_is_quoted_once_and_cut_in_a_validation_message(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: a value over 80 characters was quoted twice (''ttt...'').
    record = ssm_incidents_fake.put_incident_record()
    with pytest.raises(ClientError) as caught:
        _boto3_client().update_incident_record(arn=record["arn"], title="t" * 201)
    assert caught.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '{'t' * 77}...' at 'title' failed to satisfy constraint: "
        "Member must have length less than or equal to 200"
    )


def test_a_client_side_error_never_reaches_the_fake(ssm_incidents_fake: IncidentsFake) -> None:
    with pytest.raises(ParamValidationError):
        _boto3_client().get_incident_record(arn=5)
    assert ssm_incidents_fake.calls == []


# ---------------------------------------------------------------- faults and retries


def test_throttling_then_success_shows_botocores_retries(ssm_incidents_fake: IncidentsFake, no_sleeping: None) -> None:
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=2)
    response = _boto3_client().get_incident_record(arn=record["arn"])
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert [(c.attempt, c.status, c.error_code) for c in ssm_incidents_fake.calls] == [
        (1, 429, "ThrottlingException"),
        (2, 429, "ThrottlingException"),
        (3, 200, None),
    ]
    assert len(ssm_incidents_fake.retry_sleeps) == 2


@pytest.mark.parametrize(("mode", "attempts"), [("legacy", 5), ("standard", 3)])
def test_retries_exhausted(ssm_incidents_fake: IncidentsFake, no_sleeping: None, mode: Any, attempts: int) -> None:
    ssm_incidents_fake.fail_next("get_incident_record", "InternalServerException", times=attempts)
    client = _boto3_client(config=Config(retries={"mode": mode}))
    with pytest.raises(client.exceptions.InternalServerException) as caught:
        client.get_incident_record(arn=ARN)
    metadata = caught.value.response["ResponseMetadata"]
    assert metadata["MaxAttemptsReached"] is True
    assert metadata["RetryAttempts"] == attempts - 1
    assert f"(reached max retries: {attempts - 1})" in str(caught.value)
    assert len(ssm_incidents_fake.calls) == attempts
    assert len(ssm_incidents_fake.retry_sleeps) == attempts - 1


def test_adaptive_mode_neither_sleeps_nor_waits_for_its_rate_limiter(
    ssm_incidents_fake: IncidentsFake, real_waits: list[tuple[str, float]]
) -> None:
    # Adaptive mode also makes a throttled client wait on a token bucket before sending:
    # inside a fake call that pause passes at once, as the back-off sleeps do.
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=3)
    client = _boto3_client(config=Config(retries={"mode": "adaptive", "max_attempts": 5}))
    response = client.get_incident_record(arn=record["arn"])
    assert response["ResponseMetadata"]["RetryAttempts"] == 3
    assert len(ssm_incidents_fake.retry_sleeps) == 3
    assert real_waits == []


def test_a_non_retryable_fault_fails_at_once(ssm_incidents_fake: IncidentsFake) -> None:
    ssm_incidents_fake.fail_next("GetIncidentRecord", "AccessDeniedException", times=3)
    client = _boto3_client()
    for _ in range(3):
        with pytest.raises(client.exceptions.AccessDeniedException):
            client.get_incident_record(arn=ARN)
    assert ssm_incidents_fake.retry_sleeps == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_incident_record(arn=ARN)


def test_an_unmodeled_fault_with_its_status(ssm_incidents_fake: IncidentsFake) -> None:
    ssm_incidents_fake.fail_next(
        "get_timeline_event",
        "UnrecognizedClientException",
        message="The security token is invalid",
        http_status_code=403,
    )
    with pytest.raises(ClientError) as caught:
        _boto3_client().get_timeline_event(eventId="e", incidentRecordArn=ARN)
    assert caught.value.response["Error"] == {
        "Code": "UnrecognizedClientException",
        "Message": "The security token is invalid",
    }


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda f: f.fail_next("get_incident_record", "ThrottlingException", times=0),
            ValueError,
            "times=0 is not a positive whole number of attempts",
        ),
        (
            lambda f: f.fail_next("get_incident", "ThrottlingException"),
            ValueError,
            "operation='get_incident' is not an operation of ssm-incidents",
        ),
        (
            lambda f: f.fail_next("get_incident_record", "Nope"),
            ValueError,
            "code='Nope' is not a modeled error of GetIncidentRecord",
        ),
        (
            lambda f: f.add_raw_response("get_incident_record", "{}", status=700),
            ValueError,
            "status=700 is not the HTTP status code of a final answer (200-599)",
        ),
        (
            lambda f: f.add_raw_response("get_incident_record", status=100),
            ValueError,
            "status=100 is not the HTTP status code of a final answer (200-599)",
        ),
        (
            lambda f: f.add_raw_response("get_incident_record", {"incidentRecord": {}}, status=204),
            ValueError,
            "status=204 answers have no body in HTTP, got {'incidentRecord': {}}; leave body out for a 204",
        ),
        (
            lambda f: f.add_raw_response("get_incident_record", 5),
            TypeError,
            "body=5 is not str, bytes or a dict",
        ),
        (
            lambda f: f.put_incident_record(impact=6),
            ValueError,
            "invalid incident record: incidentRecord.impact: 6 is above the maximum 5",
        ),
        (lambda f: f.put_timeline_event([]), TypeError, "event=[] is not a dict"),
        (
            lambda f: f.fail_next("get_incident_record", "ResourceNotFoundException", resource_identifier="x"),
            TypeError,
            "fail_next() takes no resource_identifier: the fake answers with the identifier the request names",
        ),
    ],
)
def test_bad_arguments_are_refused(call: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        call(IncidentsFake())
    assert str(caught.value).startswith(message)


# ---------------------------------------------------------------- raw wire responses


def test_raw_bodies_in_the_forms_aws_sends(ssm_incidents_fake: IncidentsFake) -> None:
    custom = json.dumps(json.dumps({"note": "Paged the on-call", "severity": 2}))
    ssm_incidents_fake.add_raw_response(
        "get_timeline_event",
        '{"event": {"incidentRecordArn": "' + ARN + '", "eventId": "e-1", "eventType": "Custom Event",'
        ' "eventTime": 1.628634837849E9, "eventUpdatedTime": "2021-08-10T22:35:00.5Z",'
        ' "eventData": ' + custom + ', "eventReferences": null}}',
    )
    event = _boto3_client().get_timeline_event(eventId="e-1", incidentRecordArn=ARN)["event"]
    assert "eventReferences" not in event  # JSON null: the parser drops the member
    assert event["eventTime"] == datetime.datetime(2021, 8, 10, 22, 33, 57, 849000, tzinfo=datetime.timezone.utc)
    assert event["eventUpdatedTime"] == datetime.datetime(2021, 8, 10, 22, 35, 0, 500000, tzinfo=datetime.timezone.utc)
    assert json.loads(event["eventData"]) == {
        "note": "Paged the on-call",
        "severity": 2,
    }


def test_an_unknown_union_member_reaches_the_caller_as_sdk_unknown_member(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    record = ssm_incidents_fake.put_incident_record()
    body = json.loads(json.dumps({"incidentRecord": {**record, "creationTime": 1, "lastModifiedTime": 2}}))
    body["incidentRecord"]["chatChannel"] = {"slackWorkspace": {"channel": "#incidents"}}
    ssm_incidents_fake.add_raw_response("get_incident_record", body)
    got = _boto3_client().get_incident_record(arn=record["arn"])["incidentRecord"]
    assert got["chatChannel"] == {"SDK_UNKNOWN_MEMBER": {"name": "slackWorkspace"}}


def test_a_malformed_body_is_silently_empty(ssm_incidents_fake: IncidentsFake) -> None:
    # botocore does not raise on a 200 whose body is not JSON: the members are just missing.
    ssm_incidents_fake.add_raw_response("get_incident_record", "{not json", status=200)
    response = _boto3_client().get_incident_record(arn=ARN)
    assert "incidentRecord" not in response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_a_gateway_error_page_is_retried_and_named_by_its_status(ssm_incidents_fake: IncidentsFake) -> None:
    for _ in range(3):
        ssm_incidents_fake.add_raw_response(
            "get_incident_record",
            "<html>Bad Gateway</html>",
            status=502,
            headers={"content-type": "text/html"},
        )
    with pytest.raises(ClientError) as caught:
        _boto3_client(config=Config(retries={"mode": "standard"})).get_incident_record(arn=ARN)
    assert caught.value.response["Error"] == {"Code": "502", "Message": "Bad Gateway"}
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 2


def test_the_stub_refuses_what_the_wire_accepts() -> None:
    with IncidentsStub() as stub, pytest.raises(ValueError, match="chatChannel"):
        stub.add_incident_record(chatChannel={"SDK_UNKNOWN_MEMBER": {"name": "x"}})


# ---------------------------------------------------------------- stub and fake agree


@pytest.mark.parametrize("code", ["ThrottlingException", "ResourceNotFoundException", "AccessDeniedException"])
def test_a_stubbed_error_looks_like_a_wire_error(code: str) -> None:
    with IncidentsFake() as fake:
        fake.fail_next("get_incident_record", code)
        client = _boto3_client(config=Config(retries={"mode": "standard", "total_max_attempts": 1}))
        with pytest.raises(ClientError) as wire:
            client.get_incident_record(arn=ARN)
    with IncidentsStub() as stub:
        stub.add_error("get_incident_record", code, expected_params={"arn": ARN})
        with pytest.raises(ClientError) as stubbed:
            stub.client.get_incident_record(arn=ARN)
    wire_response: dict[str, Any] = dict(wire.value.response)
    stub_response: dict[str, Any] = dict(stubbed.value.response)
    for response in (wire_response, stub_response):
        metadata = dict(response.pop("ResponseMetadata"))
        metadata.pop("RequestId")
        metadata.pop("MaxAttemptsReached", None)
        metadata["HTTPHeaders"] = sorted(metadata["HTTPHeaders"])
        response["ResponseMetadata"] = metadata
    assert stub_response == wire_response


def _requests_naming_something_missing(fake: IncidentsFake) -> dict[str, dict[str, Any]]:
    """For each operation that models a 404: a request naming a missing resource of the type it reports."""
    plan = fake.put_response_plan()["arn"]
    record = fake.put_incident_record()["arn"]
    fake.put_replication_set()
    gone_record = payloads.incident_record_arn("checkout-critical", "0" * 32)
    gone_plan = payloads.response_plan_arn("retired-plan")
    gone_set = "arn:aws:ssm-incidents::111122223333:replication-set/" + "0" * 32
    gone_event = "00000000-0000-4000-8000-000000000000"
    when = datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.timezone.utc)
    link = {"identifier": {"type": "OTHER", "value": {"url": "https://example.com/runbook"}}}
    return {
        "BatchGetIncidentFindings": {"incidentRecordArn": gone_record, "findingIds": ["f-1"]},
        "CreateTimelineEvent": {
            "incidentRecordArn": gone_record,
            "eventTime": when,
            "eventType": "Custom Event",
            "eventData": '"note"',
        },
        "DeleteReplicationSet": {"arn": gone_set},
        "DeleteResourcePolicy": {"resourceArn": plan, "policyId": "0" * 32},
        "GetIncidentRecord": {"arn": gone_record},
        "GetReplicationSet": {"arn": gone_set},
        "GetResourcePolicies": {"resourceArn": gone_plan},
        "GetResponsePlan": {"arn": gone_plan},
        "GetTimelineEvent": {"incidentRecordArn": record, "eventId": gone_event},
        "ListIncidentFindings": {"incidentRecordArn": gone_record},
        "ListTagsForResource": {"resourceArn": gone_plan},
        "PutResourcePolicy": {"resourceArn": gone_plan, "policy": "{}"},
        "StartIncident": {"responsePlanArn": gone_plan},
        "TagResource": {"resourceArn": gone_record, "tags": {"team": "payments"}},
        "UntagResource": {"resourceArn": gone_set, "tagKeys": ["team"]},
        "UpdateDeletionProtection": {"arn": gone_set, "deletionProtected": True},
        "UpdateIncidentRecord": {"arn": gone_record, "title": "t"},
        "UpdateRelatedItems": {"incidentRecordArn": gone_record, "relatedItemsUpdate": {"itemToAdd": link}},
        "UpdateReplicationSet": {"arn": gone_set, "actions": [{"addRegionAction": {"regionName": "us-west-2"}}]},
        "UpdateResponsePlan": {"arn": gone_plan, "displayName": "d"},
        "UpdateTimelineEvent": {"incidentRecordArn": record, "eventId": gone_event, "eventData": '"x"'},
    }


def _not_found_fields(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, Any, Any]:
    response = caught.value.response
    return response["Error"]["Code"], response.get("resourceType"), response.get("resourceIdentifier")


def test_an_injected_404_names_what_the_services_own_404_names_for_every_operation() -> None:
    # A test that branches on resourceType must meet the same value from fail_next, a
    # fault plan or the stub as from the service's own answer.
    modeled = {name for name in model.operation_names() if "ResourceNotFoundException" in model.modeled_errors(name)}
    with IncidentsFake() as fake:
        requests = _requests_naming_something_missing(fake)
        assert set(requests) == modeled - {"CreateResponsePlan"}  # which names no one resource
        client = _boto3_client(config=Config(retries={"total_max_attempts": 1}))
        for operation, params in requests.items():
            method = getattr(client, botocore.xform_name(operation))
            with pytest.raises(ClientError) as organic:
                method(**params)
            fake.fail_next(operation, "ResourceNotFoundException")
            with pytest.raises(ClientError) as injected:
                method(**params)
            code, resource_type, identifier = _not_found_fields(organic)
            assert (code, resource_type) == (
                "ResourceNotFoundException",
                facts.REQUEST_SUBJECTS[operation][0] or facts.resource_type_of_arn(identifier),
            ), operation
            assert _not_found_fields(injected) == (code, resource_type, identifier), operation
            assert identifier in injected.value.response["Error"]["Message"], operation
            with IncidentsStub(assert_all_responses_used=False) as stub:
                stub.add_error(operation, "ResourceNotFoundException", expected_params=params)
                with pytest.raises(ClientError) as stubbed:
                    getattr(stub.client, botocore.xform_name(operation))(**params)
            assert _not_found_fields(stubbed) == (code, resource_type, identifier), operation


@pytest.mark.parametrize("operation", sorted(facts.REQUEST_SUBJECTS))
def test_a_404_or_403_with_no_request_names_a_made_up_resource_of_the_right_kind(operation: str) -> None:
    not_found = (
        payloads.error_payload(operation, "ResourceNotFoundException")
        if ("ResourceNotFoundException" in model.modeled_errors(operation))
        else None
    )
    denied = payloads.error_payload(operation, "AccessDeniedException")
    resource_type = facts.REQUEST_SUBJECTS[operation][0] or "RESPONSE_PLAN"  # tags: plans are what teams tag
    shape = {
        "INCIDENT_RECORD": "Arn",
        "RESPONSE_PLAN": "Arn",
        "REPLICATION_SET": "Arn",
        "TIMELINE_EVENT": "UUID",
        "RESOURCE_POLICY": "PolicyId",
    }[resource_type]
    named = denied.message.rpartition("on resource: ")[2]
    assert model.check(named, shape) == [], (operation, named)
    if resource_type != "TIMELINE_EVENT" and resource_type != "RESOURCE_POLICY":
        assert facts.resource_type_of_arn(named) == resource_type
    if not_found is not None:
        assert not_found.fields["resourceType"] == resource_type
        assert not_found.fields["resourceIdentifier"] == named
        assert not_found.message == f"{resource_type.replace('_', ' ').capitalize()} {named} does not exist"


def test_a_404_of_an_operation_that_names_no_one_resource_says_so_in_the_models_words() -> None:
    error = payloads.error_payload("CreateResponsePlan", "ResourceNotFoundException")
    assert error.fields == {"message": "Request references a resource which doesn't exist."}
    assert payloads.error_payload("ListResponsePlans", "AccessDeniedException").message.endswith(
        "ssm-incidents:ListResponsePlans on resource: arn:aws:ssm-incidents::111122223333:*"
    )


def test_the_table_of_what_requests_name_follows_the_model() -> None:
    types = model.shape("ResourceType").metadata["enum"]
    for operation, (resource_type, member) in facts.REQUEST_SUBJECTS.items():
        shape = model.operation_model(operation).input_shape
        assert shape is not None and member in shape.required_members, operation
        assert resource_type is None or resource_type in types, operation


def test_a_missing_related_item_is_reported_without_a_resource_type(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record()["arn"]
    link = {"identifier": {"type": "OTHER", "value": {"url": "https://example.com/runbook"}}}
    with pytest.raises(ClientError) as caught:
        _boto3_client().update_related_items(
            incidentRecordArn=record, relatedItemsUpdate={"itemToRemove": link["identifier"]}
        )
    assert _not_found_fields(caught) == ("ResourceNotFoundException", None, "OTHER https://example.com/runbook")
    assert caught.value.response["Error"]["Message"] == "Related item OTHER https://example.com/runbook does not exist"


# ---------------------------------------------------------------- cleanup


def test_nothing_outlives_the_fake() -> None:
    send, needs_retry = botocore.endpoint.Endpoint._send, botocore.endpoint.Endpoint._needs_retry  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="boom"), IncidentsFake():
        raise RuntimeError("boom")
    assert botocore.endpoint.Endpoint._send is send  # type: ignore[attr-defined]
    assert botocore.endpoint.Endpoint._needs_retry is needs_retry  # type: ignore[attr-defined]
    endpoint_module: Any = botocore.endpoint
    assert endpoint_module.time is time


def test_a_failing_test_leaves_no_fake_behind(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import boto3, botocore.config, botocore.endpoint, os, time, pytest
        from botocore.exceptions import HTTPClientError

        def test_fails_with_the_fake_active(ssm_incidents_fake):
            ssm_incidents_fake.put_incident_record()
            raise RuntimeError("failing mid-way")

        def test_next_test_sees_plain_botocore():
            assert "ssmincidents_stub" not in botocore.endpoint.Endpoint._send.__module__
            assert botocore.endpoint.time is time
            assert os.environ.get("AWS_ACCESS_KEY_ID") != "AKIAIOSFODNN7EXAMPLE"
            client = boto3.client("ssm-incidents", region_name="us-east-1",
                                  aws_access_key_id="a", aws_secret_access_key="b",
                                  config=botocore.config.Config(retries={"max_attempts": 1}))
            with pytest.raises(HTTPClientError):
                client.get_incident_record(arn="arn:aws:x:y::z")
        """
    )
    result = downstream.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*RuntimeError: failing mid-way*"])


@settings(max_examples=20, deadline=None)
@given(impact=st.integers(1, 5))
def test_the_fake_works_inside_given(impact: int) -> None:
    with IncidentsFake() as fake:
        record = fake.put_incident_record(impact=impact)
        assert _boto3_client().get_incident_record(arn=record["arn"])["incidentRecord"]["impact"] == impact


# ---------------------------------------------------------------- writes and lists


def test_a_created_event_can_be_read_back(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record()
    client = _boto3_client()
    when = datetime.datetime(2026, 3, 14, 10, 0, 0, 250000, tzinfo=datetime.timezone.utc)
    created = client.create_timeline_event(
        incidentRecordArn=record["arn"], eventTime=when, eventType="Custom Event", eventData='"Rolled back"'
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    event = client.get_timeline_event(eventId=created["eventId"], incidentRecordArn=record["arn"])["event"]
    # botocore sends sub-second timestamps only since 1.43.93; before, it sent whole seconds.
    sent = when if _botocore_at_least("1.43.93") else when.replace(microsecond=0)
    assert (event["eventTime"], event["eventType"], event["eventData"]) == (sent, "Custom Event", '"Rolled back"')


def test_a_repeated_client_token_creates_one_event(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record()
    client = _boto3_client()
    args = {
        "incidentRecordArn": record["arn"],
        "eventTime": datetime.datetime(2026, 1, 1),
        "eventType": "Note",
        "eventData": '"Paged the on-call"',
    }
    first = client.create_timeline_event(clientToken="retry-safe", **args)["eventId"]
    again = client.create_timeline_event(clientToken="retry-safe", **args)["eventId"]
    other = client.create_timeline_event(clientToken="another", **args)["eventId"]
    assert first == again != other
    assert len(client.list_timeline_events(incidentRecordArn=record["arn"])["eventSummaries"]) == 2


def test_creating_an_event_for_an_unknown_incident_is_404(ssm_incidents_fake: IncidentsFake) -> None:
    client = _boto3_client()
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.create_timeline_event(
            incidentRecordArn=ARN, eventTime=datetime.datetime(2026, 1, 1), eventType="Note", eventData="{}"
        )
    response: Any = caught.value.response
    assert (response["resourceType"], response["resourceIdentifier"]) == ("INCIDENT_RECORD", ARN)
    assert response["Error"]["Message"] == f"Incident record {ARN} does not exist"


def test_listing_pages_through_events_in_time_order(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record()
    stored = [ssm_incidents_fake.put_timeline_event(incidentRecordArn=record["arn"]) for _ in range(5)]
    ssm_incidents_fake.put_timeline_event(
        incidentRecordArn=ssm_incidents_fake.put_incident_record()["arn"]
    )  # not listed
    client = _boto3_client()
    pages = client.get_paginator("list_timeline_events").paginate(
        incidentRecordArn=record["arn"], sortBy="EVENT_TIME", sortOrder="DESCENDING", PaginationConfig={"PageSize": 2}
    )
    summaries = [summary for page in pages for summary in page["eventSummaries"]]
    expected = sorted(stored, key=lambda e: e["eventTime"], reverse=True)
    assert [s["eventId"] for s in summaries] == [e["eventId"] for e in expected]
    assert set(summaries[0]) == {
        "eventId",
        "eventReferences",
        "eventTime",
        "eventType",
        "eventUpdatedTime",
        "incidentRecordArn",
    }
    assert [c.params.get("maxResults") for c in ssm_incidents_fake.calls] == [2, 2, 2]


@pytest.mark.parametrize("order", ["ASCENDING", "DESCENDING"])
def test_event_pages_follow_changed_times_ties_and_deletions(ssm_incidents_fake: IncidentsFake, order: str) -> None:
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    base = datetime.datetime(2026, 3, 14, 9, 30, tzinfo=datetime.timezone.utc)
    for minutes in (5, 1, 5, 3, 5, 2, 4):  # three share a time: the event ID breaks the tie
        ssm_incidents_fake.put_timeline_event(
            incidentRecordArn=arn, eventType="Note", eventTime=base + datetime.timedelta(minutes=minutes)
        )
    client = _boto3_client()
    first = client.list_timeline_events(incidentRecordArn=arn, sortOrder="ASCENDING")["eventSummaries"]
    moved, deleted = first[-1]["eventId"], first[2]["eventId"]
    client.update_timeline_event(incidentRecordArn=arn, eventId=moved, eventTime=base)  # now the earliest
    client.delete_timeline_event(incidentRecordArn=arn, eventId=deleted)
    pages = client.get_paginator("list_timeline_events").paginate(
        incidentRecordArn=arn, sortOrder=order, PaginationConfig={"PageSize": 3}
    )
    listed = [(e["eventTime"], e["eventId"]) for page in pages for e in page["eventSummaries"]]
    held = [
        (e["eventTime"], e["eventId"])
        for e in (client.get_timeline_event(incidentRecordArn=arn, eventId=i)["event"] for _, i in listed)
    ]
    assert listed == held == sorted(held, reverse=order == "DESCENDING")
    assert (
        len(listed) == 6
        and deleted not in {i for _, i in listed}
        and listed[0 if order == "ASCENDING" else -1][1] == moved
    )


def _token(*parts: Any) -> str:
    """A token as the fake encodes them (base64 of a JSON pair), to forge one."""
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode()


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        _token("ListRelatedItems", ["elsewhere", 1]),  # another incident's list
        _token("ListRelatedItems", ["", -1]),
        _token("ListRelatedItems", ["", True]),
        _token("ListRelatedItems", ["", 1.5]),
        _token("ListRelatedItems", 3),  # an older, positional token
        base64.urlsafe_b64encode(b"[" * 1500 + b"]" * 1500).decode(),  # nested past the parser's depth
    ],
)
def test_a_forged_next_token_is_a_400(ssm_incidents_fake: IncidentsFake, token: str) -> None:
    # Found by reviewers: some forgeries resumed at an arbitrary place, a deep one was a RecursionError.
    client = _boto3_client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    with pytest.raises(client.exceptions.ValidationException, match="nextToken"):
        client.list_timeline_events(incidentRecordArn=arn, nextToken=token)
    with pytest.raises(client.exceptions.ValidationException, match="nextToken"):
        client.list_related_items(incidentRecordArn=arn, nextToken=token)


def test_a_timeline_token_resumes_only_its_own_incident_and_order(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: a token held only the last event's time and ID, so one issued for
    # incident A resumed mid-list on incident B, or in the other sort order, without a word.
    client = _boto3_client()
    first, second = (ssm_incidents_fake.put_incident_record()["arn"] for _ in range(2))
    for arn in (first, second):
        for minute in range(3):
            ssm_incidents_fake.put_timeline_event(
                incidentRecordArn=arn, eventTime=datetime.datetime(2026, 3, 14, 9, minute, tzinfo=datetime.timezone.utc)
            )
    page = client.list_timeline_events(incidentRecordArn=first, maxResults=1)
    rest = client.list_timeline_events(incidentRecordArn=first, maxResults=5, nextToken=page["nextToken"])
    assert len(page["eventSummaries"] + rest["eventSummaries"]) == len(
        client.list_timeline_events(incidentRecordArn=first)["eventSummaries"]
    )
    for wrong in ({"incidentRecordArn": second}, {"incidentRecordArn": first, "sortOrder": "ASCENDING"}):
        with pytest.raises(client.exceptions.ValidationException) as caught:
            client.list_timeline_events(nextToken=page["nextToken"], **wrong)
        assert "not valid for this list" in str(caught.value)
        assert "the same incidentRecordArn and sortOrder" in str(caught.value)


def test_the_date_header_is_the_services_time(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: every answer carried one fixed date, months off the service's
    # clock, and SDKs read it (botocore's retry TTL; some SDKs correct their clock by it).
    client = _boto3_client()
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.add_raw_response("get_incident_record", "{}", headers={"Date": "own"})

    def date_of(answer: Any) -> datetime.datetime:
        return email.utils.parsedate_to_datetime(answer["ResponseMetadata"]["HTTPHeaders"]["date"])

    assert client.get_incident_record(arn=record["arn"])["ResponseMetadata"]["HTTPHeaders"]["date"] == "own"
    first = date_of(client.get_incident_record(arn=record["arn"]))
    assert abs((first - ssm_incidents_fake.now).total_seconds()) < 1
    ssm_incidents_fake.advance_clock(3600)
    ssm_incidents_fake.fail_next("get_incident_record", "ValidationException")  # errors carry it too
    with pytest.raises(ClientError) as caught:
        client.get_incident_record(arn=record["arn"])
    assert 3599 <= (date_of(caught.value.response) - first).total_seconds() <= 3601


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("ConnectionError", "connection error"),
        ("ReadTimeout", "read timeout"),
        ("HtmlServerError", "502 HTML error page"),
    ],
)
def test_a_transport_fault_given_to_fail_next_points_to_a_fault_plan(code: str, sentence: str) -> None:
    # Found by a reviewer: the README names these codes for plans, fail_next said "pass
    # http_status_code= as well", and that queued a 500 whose code was the string "ReadTimeout".
    fake = IncidentsFake()
    for status in (None, 500):
        with pytest.raises(ValueError) as caught:
            fake.fail_next("get_incident_record", code, http_status_code=status)
        assert str(caught.value) == (
            f"code={code!r} is a transport fault, not an error answer: fail_next queues error answers, and with "
            f"one the connection gives none. Arm it with a fault plan on a fake or server instead: "
            f"fake.apply(FaultPlan.parse('get_incident_record attempt 1: {sentence}')) (more attempts: more "
            f"faults, separated by ';')"
        )
    assert fake.pending == []
    plan = FaultPlan.parse(f"get_incident_record attempt 1: {sentence}")  # the advice works as written
    assert plan.faults[0].code == code


def test_an_empty_or_unencodable_name_is_quoted_back_as_sent(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by reviewers: an empty ARN got a 404 naming an incident nobody asked for, and a lone
    # surrogate quoted back made the fake's own error answer fail its check.
    client = boto3.client("ssm-incidents")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.list_tags_for_resource(resourceArn="")
    assert caught.value.response["Error"]["Message"] == "Resource '' does not exist"
    assert dict(caught.value.response).get("resourceIdentifier") == ""
    with pytest.raises(client.exceptions.ValidationException) as refused:
        client.list_incident_records(filters=[{"key": "\udc80", "condition": {"equals": {"stringValues": ["x"]}}}])
    assert "Invalid filter key '\\udc80'" in refused.value.response["Error"]["Message"]
    with pytest.raises(client.exceptions.ValidationException, match=r"Value '\\ud800' at 'arn'"):
        client.delete_incident_record(arn="\ud800")


def test_bad_stop_waits_errorpayload_fields_and_clock_jumps_get_clear_errors() -> None:
    # Found by a reviewer: each passed unchecked and failed later, inside the fake.
    fake = IncidentsFake()
    fake.start()
    try:
        for wait in ("x", None, -1, True):
            with pytest.raises(ValueError, match=r"^wait=.* is not a number of seconds from 0 to 3600$"):
                fake.stop(wait=wait)  # type: ignore[arg-type]
        odd = payloads.ErrorPayload("GetIncidentRecord", "ThrottlingException", "slow down", 429, "abc")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^error.fields='abc' is not a dict of the error's members$"):
            fake.fail_next(odd)
        steps, refused = 0, ""
        while not refused and steps < 1000:  # each step is allowed; together they near the year 9999
            try:
                fake.advance_clock(1e9)
                steps += 1
            except ValueError as error:
                refused = str(error)
        assert 200 < steps < 260
        assert refused.startswith("advancing the clock 1,000,000,000.0 seconds would take it from 99")
        assert refused.endswith(
            "past 9998-12-31T23:59:59.999999+00:00, where the service's times would run off the calendar"
        )
        assert boto3.client("ssm-incidents").list_incident_records()["incidentRecordSummaries"] == []  # still answers
    finally:
        fake.stop()


def test_a_value_of_the_wrong_json_type_is_not_read_at_all(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: restJson1 services answer a string where a number goes, or a null in
    # a list, with the protocol's SerializationException, not the service's ValidationException.
    client = boto3.client("ssm-incidents", config=Config(parameter_validation=False))
    plan = ssm_incidents_fake.put_response_plan()
    with pytest.raises(ClientError) as caught:
        client.start_incident(responsePlanArn=plan["arn"], impact="2")  # type: ignore[arg-type]
    error = caught.value.response
    assert error["Error"] == {
        "Code": "SerializationException",
        "Message": "Could not read the StartIncident request: impact: '2' is not an integer (got str)",
    }
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(client.exceptions.ValidationException):  # a constraint broken is still the service's 400
        client.start_incident(responsePlanArn=plan["arn"], impact=9)


# ---------------------------------------------------------------- as a decorator, like moto's mock_aws


def test_the_fake_decorates_tests_like_mock_aws(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        test_decorated="""
        import boto3
        from hypothesis import given, settings, strategies as st

        from ssmincidents_stub import IncidentsFake

        fake = IncidentsFake()
        fake.put_incident_record(title="Seeded before any call")  # gone: each call starts empty


        @fake
        def test_a_function_sees_the_fake():
            arn = fake.put_incident_record(title="Checkout down")["arn"]
            client = boto3.client("ssm-incidents")
            assert client.get_incident_record(arn=arn)["incidentRecord"]["title"] == "Checkout down"
            listed = client.list_incident_records()["incidentRecordSummaries"]
            assert [summary["title"] for summary in listed] == ["Checkout down"]


        @fake
        def test_each_call_starts_fresh():
            client = boto3.client("ssm-incidents")
            assert client.list_incident_records()["incidentRecordSummaries"] == []
            assert fake.calls_to("GetIncidentRecord") == []


        @fake
        def test_fixtures_still_reach_the_test(tmp_path):
            assert tmp_path.exists() and fake.calls == []


        @fake
        def seed_a_plan():
            template = {"title": "t", "impact": 3}
            boto3.client("ssm-incidents").create_response_plan(name="nested", incidentTemplate=template)


        @fake
        def test_a_decorated_helper_runs_in_the_fake_already_answering():
            seed_a_plan()  # the same fake, active: neither restarted nor emptied
            plans = boto3.client("ssm-incidents").list_response_plans()["responsePlanSummaries"]
            assert [plan["name"] for plan in plans] == ["nested"]


        def test_outside_the_decorated_ones_the_fake_is_stopped():
            with IncidentsFake(assert_all_responses_used=False):  # FakeAlreadyActiveError if it were not
                pass


        class TestInAClass:
            @fake
            def test_a_method(self, tmp_path):
                assert boto3.client("ssm-incidents").list_replication_sets()["replicationSetArns"] == []


        @given(st.integers(0, 3))
        @settings(max_examples=8, database=None)
        @fake
        def test_each_example_starts_empty(count):
            for _ in range(count):
                fake.put_incident_record()
            assert len(boto3.client("ssm-incidents").list_incident_records()["incidentRecordSummaries"]) == count
        """
    )
    downstream.runpytest().assert_outcomes(passed=7)


def test_a_decorated_coroutine_is_answered_and_a_fault_left_unused_fails_it(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        test_decorated_async="""
        import boto3

        from ssmincidents_stub import IncidentsFake

        fake = IncidentsFake()


        @fake
        async def answered():
            return boto3.client("ssm-incidents").list_response_plans()["responsePlanSummaries"]


        def run(coroutine):  # no event loop: its self-pipe is a socket, which these runs refuse
            try:
                coroutine.send(None)
            except StopIteration as done:
                return done.value
            raise AssertionError("the coroutine waited")


        @fake
        def leaves_a_fault():
            fake.fail_next("get_incident_record", "ThrottlingException")


        def test_a_coroutine_runs_inside_the_fake():
            assert run(answered()) == []


        def test_an_unused_fault_fails_the_call_as_the_with_block_would():
            try:
                leaves_a_fault()
            except AssertionError as error:
                assert "never used" in str(error)
            else:
                raise AssertionError("an unused fault passed")
        """
    )
    downstream.runpytest().assert_outcomes(passed=2)


def test_starting_the_active_fake_again_says_to_use_it_as_it_is() -> None:
    # Found by a reviewer: `with fake:` inside `@fake` said "an IncidentsFake is already
    # active ... stop it first", as if there were two.
    fake = IncidentsFake()

    @fake
    def nested() -> None:
        with pytest.raises(FakeAlreadyActiveError) as again, fake:
            pass
        assert str(again.value).startswith("this IncidentsFake is already active (started ")
        assert "use it as it is: a with block or start() inside it would stop it at its end" in str(again.value)
        assert boto3.client("ssm-incidents").list_incident_records()["incidentRecordSummaries"] == []  # still answering

    nested()
    with IncidentsFake(), pytest.raises(FakeAlreadyActiveError, match=r"^an IncidentsFake is already active"):
        IncidentsFake().start()


def test_a_decorated_test_changes_aws_variables_in_a_monkeypatch_context_as_the_readme_says(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    monkeypatch.delenv("AWS_REGION", raising=False)
    downstream.makepyfile(
        """
        import os
        from ssmincidents_stub import IncidentsFake

        fake = IncidentsFake()

        @fake
        def test_pins_a_region(monkeypatch):
            with monkeypatch.context() as m:
                m.setenv("AWS_DEFAULT_REGION", "eu-west-1")
                m.setenv("AWS_REGION", "eu-west-1")

        def test_later_sees_the_users_region():
            assert os.environ.get("AWS_DEFAULT_REGION") == "us-west-2"
            assert "AWS_REGION" not in os.environ
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_the_fake_answers_beside_moto_with_the_readmes_passthrough(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: moto answers ssm-incidents first, with a 404 "Not yet implemented".
    # And moto, imported after a fake had made the fakes' default session, was missing from
    # it: its ssm client went to AWS. A process of its own, so moto is imported only then.
    downstream.makepyfile(
        """
        import boto3

        def test_a_fake_before_moto_is_imported(ssm_incidents_fake):
            assert boto3.client("ssm-incidents").list_response_plans()["responsePlanSummaries"] == []

        def test_moto_and_the_fake_each_answer_their_own_services():
            import moto
            from ssmincidents_stub import IncidentsFake

            passthrough = {"core": {"passthrough": {"urls": [r"https://ssm-incidents\\..*"]}}}
            with moto.mock_aws(config=passthrough), IncidentsFake() as fake:
                plan = fake.put_response_plan(name="checkout")
                boto3.client("ssm-incidents").start_incident(responsePlanArn=plan["arn"])
                ssm = boto3.client("ssm")
                ssm.put_parameter(Name="/pager/rota", Value="payments", Type="String")
                assert ssm.get_parameter(Name="/pager/rota")["Parameter"]["Value"] == "payments"
            assert [call.operation for call in fake.calls] == ["StartIncident"]
        """
    )
    downstream.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=2)


def test_the_clock_moves_on_to_the_latest_time_seeded_so_changes_never_predate_it() -> None:
    # Found by a reviewer: a drawn record created in 2030 was resolved "now", in 2026, and
    # the fake answered a record its own stub refused (lastModifiedTime before creationTime).
    later = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
    with IncidentsFake() as fake:
        started = fake.now
        record = fake.put_incident_record(creationTime=later, lastModifiedTime=later, status="OPEN")
        assert fake.now == later
        event = fake.put_timeline_event(incidentRecordArn=record["arn"], eventTime=later + datetime.timedelta(hours=1))
        assert fake.now == event["eventUpdatedTime"] >= later + datetime.timedelta(hours=1)
        fake.put_incident_record(creationTime=started)  # an earlier time leaves the clock where it is
        assert fake.now == event["eventUpdatedTime"]
        client: Any = boto3.client("ssm-incidents")
        client.update_incident_record(arn=record["arn"], status="RESOLVED")
        resolved = client.get_incident_record(arn=record["arn"])["incidentRecord"]
    assert resolved["creationTime"] < resolved["resolvedTime"] == resolved["lastModifiedTime"]
    with IncidentsStub() as stub:
        stub.add_incident_record(resolved)  # the stub's checks accept what the fake answered
        assert stub.client.get_incident_record(arn=resolved["arn"])["incidentRecord"] == resolved


def test_a_seeded_plan_folds_starts_into_its_open_incident_and_one_without_a_dedupe_string_does_not() -> None:
    # As the README says: a moto user who started two incidents from a seeded plan got one.
    with IncidentsFake() as fake:
        client = boto3.client("ssm-incidents")
        alarm_plan = fake.put_response_plan(name="checkout")
        assert alarm_plan["incidentTemplate"]["dedupeString"] == "checkout-alarm"
        first = client.start_incident(responsePlanArn=alarm_plan["arn"], title="Checkout down")
        again = client.start_incident(responsePlanArn=alarm_plan["arn"], title="Search down")
        assert again["incidentRecordArn"] == first["incidentRecordArn"]
        plain = fake.put_response_plan(name="manual", incidentTemplate={"title": "Triage", "impact": 3})
        starts = {client.start_incident(responsePlanArn=plain["arn"])["incidentRecordArn"] for _ in range(2)}
        assert len(starts) == 2


def test_the_decorator_refuses_what_would_run_outside_the_fake() -> None:
    fake = IncidentsFake()

    class Suite:
        def setUp(self) -> None: ...

    def generator() -> Any:
        yield

    async def async_generator() -> Any:
        yield

    with pytest.raises(TypeError) as refused_class:
        fake(Suite)
    assert str(refused_class.value) == (
        "IncidentsFake decorates functions, not the class "
        "test_the_decorator_refuses_what_would_run_outside_the_fake.<locals>.Suite: its setUp or "
        "setup_method would run outside the fake. Decorate each test, use the ssm_incidents_fake fixture, "
        "or start it in setUp: self.enterContext(fake) (Python 3.11+), or fake.start(), self.addCleanup(fake.stop) "
        "and self.addCleanup(fake.assert_no_pending_responses); then fake.reset() for an empty one"
    )
    for made in (generator, async_generator):
        with pytest.raises(TypeError, match=rf"cannot decorate the generator .*{made.__name__}: its body runs after"):
            fake(made)
    with pytest.raises(TypeError, match=r"^IncidentsFake decorates a function or a coroutine function, not 42$"):
        fake(42)  # type: ignore[type-var]


def test_the_fake_answers_in_its_own_partition_whatever_region_the_test_builds_in() -> None:
    with IncidentsFake(region="us-east-1") as fake:
        client = boto3.client("ssm-incidents")
        record = fake.put_incident_record()
        principal = client.get_incident_record(arn=record["arn"])["incidentRecord"]["lastModifiedBy"]
        fake.fail_next("list_response_plans", "AccessDeniedException")
        with payloads.use_region("cn-north-1"), pytest.raises(ClientError) as refused:
            client.list_response_plans()
    assert principal.startswith("arn:aws:sts::")
    assert refused.value.response["Error"]["Message"].startswith(f"User: {principal} is not authorized ")


def test_reset_forgets_state_faults_calls_and_recorded_sleeps() -> None:
    with IncidentsFake() as fake:
        arn = fake.put_incident_record()["arn"]
        client = boto3.client("ssm-incidents")
        fake.fail_next("get_incident_record", "ThrottlingException")
        client.get_incident_record(arn=arn)  # retried once, after a recorded back-off
        fake.fail_next("list_response_plans", "ThrottlingException")
        assert fake.retry_sleeps and fake.calls and fake.pending
        fake.reset()
        assert (fake.retry_sleeps, fake.waiter_sleeps, fake.calls, fake.pending) == ([], [], [], [])
        assert client.list_incident_records()["incidentRecordSummaries"] == []


def test_a_test_case_starts_the_fake_in_set_up_as_the_refusal_says(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        test_case="""
        import unittest

        import boto3

        from ssmincidents_stub import IncidentsFake

        fake = IncidentsFake()


        class IncidentsTest(unittest.TestCase):
            def setUp(self):
                fake.start()
                self.addCleanup(fake.stop)
                self.addCleanup(fake.assert_no_pending_responses)  # runs first: cleanups run last in, first out
                fake.reset()
                self.plan = boto3.client("ssm-incidents").create_response_plan(
                    name="from-set-up", incidentTemplate={"title": "t", "impact": 3}
                )["arn"]

            def test_sees_what_set_up_made(self):
                plans = boto3.client("ssm-incidents").list_response_plans()["responsePlanSummaries"]
                self.assertEqual([plan["arn"] for plan in plans], [self.plan])

            def test_starts_from_what_set_up_made_alone(self):
                self.assertEqual(len(boto3.client("ssm-incidents").list_response_plans()["responsePlanSummaries"]), 1)

            def test_leaves_a_fault_unused(self):
                fake.fail_next("get_incident_record", "ThrottlingException")
        """
    )
    result = downstream.runpytest()
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*1 queued ssm-incidents fault(s) or raw answer(s) never used*"])


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"name": "checkout", "arn": "arn:aws:ssm-incidents::111122223333:response-plan/payments"},
            "arn:aws:ssm-incidents::111122223333:response-plan/checkout",
        ),
        (  # right name, another account: the fake's plans are its own account's
            {"name": "checkout", "arn": "arn:aws:ssm-incidents::444455556666:response-plan/checkout"},
            "arn:aws:ssm-incidents::111122223333:response-plan/checkout",
        ),
    ],
)
def test_a_seeded_plan_whose_arn_is_not_its_names_is_refused(overrides: dict[str, Any], expected: str) -> None:
    # The service makes a plan's ARN from its name: one that disagreed was stored under an ARN
    # that lists, gets and StartIncident each read differently.
    with IncidentsFake() as fake:
        with pytest.raises(
            ValueError, match=rf"is not the ARN of a plan named 'checkout' .*\('{re.escape(expected)}'\)"
        ):
            fake.put_response_plan(**overrides)
        assert fake.put_response_plan(name="checkout")["arn"] == expected  # the name alone makes the ARN


def test_the_ids_a_fake_issues_differ_from_test_to_test_and_after_a_reset(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: every fake issued the same ARNs, so an ARN that code kept from
    # an earlier test quietly named the next test's incident instead of a missing one.
    downstream.makepyfile(
        """
        import json, boto3

        def _started(fake):
            plan = fake.put_response_plan(name="checkout")["arn"]
            return boto3.client("ssm-incidents").start_incident(responsePlanArn=plan)["incidentRecordArn"]

        def test_one(ssm_incidents_fake):
            first = _started(ssm_incidents_fake)
            ssm_incidents_fake.reset()
            print("IDS", json.dumps(["one", first, _started(ssm_incidents_fake)]))

        def test_two(ssm_incidents_fake):
            print("IDS", json.dumps(["two", _started(ssm_incidents_fake)]))
        """
    )
    runs = []
    for _ in range(2):
        result = downstream.runpytest("-s")
        result.assert_outcomes(passed=2)
        runs.append([json.loads(found) for found in re.findall(r"IDS (\[.*?\])", result.stdout.str())])
    (_, before_reset, after_reset), (_, other_test) = runs[0]
    assert len({before_reset, after_reset, other_test}) == 3
    assert runs[0] == runs[1]  # and the same on every run


def test_a_seeded_record_of_another_partition_is_refused() -> None:
    outside = payloads.incident_record()  # built outside the fake: the aws partition
    with IncidentsFake(region="cn-north-1") as fake:
        with pytest.raises(ValueError) as caught:
            fake.put_incident_record(outside)
        assert str(caught.value) == (
            f"incident record arn={outside['arn']!r} is in partition aws, but this IncidentsFake answers in "
            "cn-north-1 (partition aws-cn); build the record inside the fake (its builders follow its region), "
            "or pass an arn of that partition, e.g. "
            f"{payloads.incident_record_arn(partition='aws-cn')!r}"
        )
        assert fake.put_incident_record()["arn"].startswith("arn:aws-cn:")  # built inside: its partition


def test_a_seeded_plan_dict_without_an_arn_gets_the_one_its_name_makes() -> None:
    # Found by a reviewer: the refusal above says "leave arn out", which only keywords allowed.
    template = {"title": "Checkout down", "impact": 2}
    with IncidentsFake() as fake:
        plan = fake.put_response_plan({"name": "checkout", "incidentTemplate": template})
        assert plan["arn"] == "arn:aws:ssm-incidents::111122223333:response-plan/checkout"
        got = boto3.client("ssm-incidents").get_response_plan(arn=plan["arn"])
        assert got["incidentTemplate"] == template
