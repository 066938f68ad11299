# mypy: disable-error-code="arg-type, dict-item, call-overload"
# (this file passes wrongly typed arguments on purpose)
"""Hostile input, tried and counted: every bad input gets its documented error, naming itself.

Each case feeds one bad input to the public API and checks the exact exception type
and that the message quotes the argument (or member path) and the value. A
KeyError, AttributeError, IndexError or a TypeError not of our own making would fail.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from botocore.stub import ANY
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ssmincidents_stub import (
    DEFAULT,
    IncidentsFake,
    IncidentsServer,
    IncidentsStub,
    incident_record,
    model,
    timeline_event,
    use_region,
)
from ssmincidents_stub import strategies as S
from ssmincidents_stub.model import UnknownOperationError
from ssmincidents_stub.payloads import ErrorPayload, PayloadError, incident_record_arn

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/plan/1"
SNS = "arn:aws:sns:us-east-1:111122223333:pager"

Case = tuple[str, Callable[[], Any], type[Exception], str]


def stub() -> IncidentsStub:
    return IncidentsStub()


def fake() -> IncidentsFake:
    return IncidentsFake()


CASES: list[Case] = [
    # IncidentsStub construction and queueing
    ("client a string", lambda: IncidentsStub("s3"), TypeError, "client='s3' is not an ssm-incidents client"),
    ("client an int", lambda: IncidentsStub(5), TypeError, "client=5 is not an ssm-incidents client"),
    ("record not a dict", lambda: stub().add_incident_record(5), TypeError, "record=5 is not a dict"),
    ("event not a dict", lambda: stub().add_timeline_event([1]), TypeError, "event=[1] is not a dict"),
    (
        "expected_params a string",
        lambda: stub().add_incident_record(expected_params="arn"),
        TypeError,
        "expected_params='arn' is not a dict",
    ),
    (
        "impact too high",
        lambda: stub().add_incident_record(impact=7),
        PayloadError,
        "incidentRecord.impact: 7 is above the maximum 5",
    ),
    (
        "impact a string",
        lambda: stub().add_incident_record(impact="7"),
        PayloadError,
        "incidentRecord.impact: '7' is not an integer (got str)",
    ),
    (
        "impact a bool",
        lambda: stub().add_incident_record(impact=True),
        PayloadError,
        "incidentRecord.impact: True is not an integer (got bool)",
    ),
    (
        "malformed arn",
        lambda: stub().add_incident_record(arn="not-an-arn"),
        PayloadError,
        "incidentRecord.arn: 'not-an-arn' does not match the pattern",
    ),
    (
        "oversize arn",
        lambda: stub().add_incident_record(arn="arn:aws:x:y::" + "z" * 1000),
        PayloadError,
        "incidentRecord.arn: length 1013 is above the maximum 1000",
    ),
    (
        "required member removed",
        lambda: stub().add_incident_record(title=None),
        PayloadError,
        "incidentRecord.title: missing required member",
    ),
    (
        "status not in the enum",
        lambda: stub().add_incident_record(status="closed"),
        PayloadError,
        "incidentRecord.status: 'closed' is not one of OPEN, RESOLVED",
    ),
    (
        "empty union",
        lambda: stub().add_incident_record(chatChannel={}),
        PayloadError,
        "incidentRecord.chatChannel: a tagged union takes exactly one member, got 0 (none)",
    ),
    (
        "two-member union",
        lambda: stub().add_incident_record(chatChannel={"empty": {}, "chatbotSns": [SNS]}),
        PayloadError,
        "incidentRecord.chatChannel: a tagged union takes exactly one member, got 2 (empty, chatbotSns)",
    ),
    (
        "unknown union member",
        lambda: stub().add_incident_record(chatChannel={"slack": {}}),
        PayloadError,
        "incidentRecord.chatChannel.slack: unknown member 'slack'",
    ),
    (
        "time a string",
        lambda: stub().add_incident_record(creationTime="yesterday"),
        PayloadError,
        "incidentRecord.creationTime: 'yesterday' is not a timestamp (a datetime)",
    ),
    (
        "naive time",
        lambda: stub().add_incident_record(creationTime=datetime.datetime(2026, 1, 1)),
        PayloadError,
        "incidentRecord.creationTime: datetime.datetime(2026, 1, 1, 0, 0) is a naive datetime",
    ),
    (
        "epoch int time",
        lambda: stub().add_incident_record(lastModifiedTime=1773480000),
        PayloadError,
        "incidentRecord.lastModifiedTime: 1773480000 is not a datetime",
    ),
    (
        "nested wrong type",
        lambda: stub().add_incident_record(notificationTargets=[{"snsTopicArn": 5}]),
        PayloadError,
        "incidentRecord.notificationTargets[0].snsTopicArn: 5 is not a string (got int)",
    ),
    (
        "list a string",
        lambda: stub().add_incident_record(automationExecutions="arn"),
        PayloadError,
        "incidentRecord.automationExecutions: 'arn' is not a list (got str)",
    ),
    (
        "too many targets",
        lambda: stub().add_incident_record(notificationTargets=[{"snsTopicArn": SNS}] * 11),
        PayloadError,
        "incidentRecord.notificationTargets: 11 items is above the maximum 10",
    ),
    (
        "unknown member",
        lambda: stub().add_incident_record(colour="red"),
        PayloadError,
        "incidentRecord.colour: unknown member 'colour'",
    ),
    (
        "oversize event id",
        lambda: stub().add_timeline_event(eventId="e" * 51),
        PayloadError,
        "event.eventId: length 51 is above the maximum 50",
    ),
    (
        "event id removed",
        lambda: stub().add_timeline_event(eventId=None),
        PayloadError,
        "event.eventId: missing required member",
    ),
    (
        "eventData a dict",
        lambda: stub().add_timeline_event(eventData={"a": 1}),
        PayloadError,
        "event.eventData: {'a': 1} is not a string (got dict)",
    ),
    (
        "bad related item id",
        lambda: stub().add_timeline_event(eventReferences=[{"relatedItemId": "related-item/x/1"}]),
        PayloadError,
        "event.eventReferences[0].relatedItemId: 'related-item/x/1' does not match the pattern",
    ),
    (
        "operation None",
        lambda: stub().add_error(None, "ThrottlingException"),
        UnknownOperationError,
        "operation=None is not an operation of ssm-incidents",
    ),
    (
        "operation misspelt",
        lambda: stub().add_error("GetIncidentRecords", "ThrottlingException"),
        UnknownOperationError,
        "operation='GetIncidentRecords' is not an operation of ssm-incidents",
    ),
    ("code None", lambda: stub().add_error("get_incident_record", None), ValueError, "code=None is not an error code"),
    (
        "code unmodeled",
        lambda: stub().add_error("get_incident_record", "Throttling"),
        ValueError,
        "code='Throttling' is not a modeled error of GetIncidentRecord",
    ),
    (
        "snake-case field",
        lambda: stub().add_error("get_incident_record", "ThrottlingException", quota_code="x"),
        ValueError,
        "quota_code='x': not a modeled field of ThrottlingException",
    ),
    (
        "field wrong type",
        lambda: stub().add_error("get_incident_record", "ThrottlingException", quotaCode=5),
        PayloadError,
        "ThrottlingException.quotaCode: 5 is not a string (got int)",
    ),
    (
        "field not in its enum",
        lambda: stub().add_error("get_incident_record", "ResourceNotFoundException", resourceType="INCIDENT"),
        PayloadError,
        "ResourceNotFoundException.resourceType: 'INCIDENT' is not one of",
    ),
    (
        "status out of range",
        lambda: stub().add_error("get_incident_record", "Boom", http_status_code=99),
        ValueError,
        "http_status_code=99 is not an HTTP error status",
    ),
    (
        "message bytes",
        lambda: stub().add_error("get_incident_record", "ThrottlingException", b"slow"),
        TypeError,
        "message=b'slow' must be a string or None",
    ),
    (
        "expected param misspelt",
        lambda: stub().add_error("get_incident_record", "ThrottlingException", expected_params={"ARN": ARN}),
        ValueError,
        "expected_params has 'ARN', not a parameter of get_incident_record",
    ),
    (
        "response a string",
        lambda: stub().add_response("get_incident_record", "x"),
        TypeError,
        "response='x' is not a dict",
    ),
    (
        "response empty",
        lambda: stub().add_response("get_incident_record", {}),
        PayloadError,
        "invalid GetIncidentRecord response: incidentRecord: missing required member",
    ),
    (
        "response operation an int",
        lambda: stub().add_response(5, {}),
        UnknownOperationError,
        "operation=5 is not an operation of ssm-incidents",
    ),
    # IncidentsFake
    (
        "times zero",
        lambda: fake().fail_next("get_incident_record", "ThrottlingException", times=0),
        ValueError,
        "times=0 is not a positive whole number of attempts",
    ),
    (
        "times a string",
        lambda: fake().fail_next("get_incident_record", "ThrottlingException", times="2"),
        ValueError,
        "times='2' is not a positive whole number of attempts",
    ),
    (
        "times a bool",
        lambda: fake().fail_next("get_incident_record", "ThrottlingException", times=True),
        ValueError,
        "times=True is not a positive whole number of attempts",
    ),
    (
        "raw status a string",
        lambda: fake().add_raw_response("get_incident_record", "{}", status="200"),
        ValueError,
        "status='200' is not the HTTP status code of a final answer",
    ),
    (
        "raw body an int",
        lambda: fake().add_raw_response("get_incident_record", 5),
        TypeError,
        "body=5 is not str, bytes or a dict",
    ),
    (
        "raw headers an int",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers=5),
        TypeError,
        "headers=5 is not a dict of str to str",
    ),
    (
        "raw header value an int",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers={"x-amzn-requestid": 5}),
        TypeError,
        "headers={'x-amzn-requestid': 5} is not a dict of str to str",
    ),
    ("put record a string", lambda: fake().put_incident_record("x"), TypeError, "record='x' is not a dict"),
    (
        "put event epoch time",
        lambda: fake().put_timeline_event(eventTime=5),
        PayloadError,
        "event.eventTime: 5 is not a datetime",
    ),
    (
        "calls_to unknown",
        lambda: fake().calls_to("list_incidents"),
        UnknownOperationError,
        "operation='list_incidents' is not an operation of ssm-incidents",
    ),
    (
        "resource_identifier to fail_next",
        lambda: fake().fail_next("get_incident_record", "ResourceNotFoundException", resource_identifier=ARN),
        TypeError,
        "fail_next() takes no resource_identifier",
    ),
    # builders
    (
        "builder drops a required member",
        lambda: incident_record(impact=None),
        PayloadError,
        "incidentRecord.impact: missing required member",
    ),
    (
        "builder bad arn",
        lambda: timeline_event(incidentRecordArn="bad"),
        PayloadError,
        "event.incidentRecordArn: 'bad' does not match the pattern",
    ),
    (
        "arn with a short account",
        lambda: incident_record_arn(account="12"),
        PayloadError,
        "arn: 'arn:aws:ssm-incidents::12:incident-record/",
    ),
    # strategies
    (
        "partition not allowed",
        lambda: S.arns(partition="aws-iso").validate(),
        InvalidArgument,
        "partition='aws-iso' is not allowed by the model's Arn pattern",
    ),
    (
        "layer unknown",
        lambda: S.invalid_arns(layer="both").validate(),
        InvalidArgument,
        "layer='both' must be None, 'client' or 'server'",
    ),
    (
        "shape unknown",
        lambda: S.from_shape("Nope").validate(),
        InvalidArgument,
        "shape='Nope' is not a shape of the ssm-incidents model",
    ),
    (
        "member not a strategy",
        lambda: S.incident_records(title="x").validate(),
        InvalidArgument,
        "title='x' must be a Hypothesis strategy",
    ),
    (
        "error operation unknown",
        lambda: S.client_errors(operation="x").validate(),
        InvalidArgument,
        "operation='x' is not an operation of ssm-incidents",
    ),
    # model
    (
        "check unknown shape",
        lambda: model.check(1, "NoShape"),
        ValueError,
        "shape='NoShape' is not a shape of the ssm-incidents model",
    ),
    ("shape an int", lambda: model.shape(5), ValueError, "shape=5 is not a shape of the ssm-incidents model"),
    (
        "operation_model None",
        lambda: model.operation_model(None),
        UnknownOperationError,
        "operation=None is not an operation of ssm-incidents",
    ),
]


def _deep(levels: int) -> Any:
    value: Any = "leaf"
    for _ in range(levels):
        value = {"a": [value]}
    return value


def _self_referencing() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["self"] = value
    return value


def _busy_fake() -> IncidentsFake:
    # A fake that answers, so a call reaches the service's own validation.
    return IncidentsFake()


def _create_event(event_type: str) -> Any:
    with IncidentsFake() as fake:
        record = fake.put_incident_record()
        boto3.client("ssm-incidents").create_timeline_event(
            incidentRecordArn=record["arn"],
            eventTime=datetime.datetime(2026, 3, 14, tzinfo=datetime.timezone.utc),
            eventType=event_type,
            eventData='"x"',
        )


ROUND_TWO: list[Case] = [
    # integers too large to show, or to turn into text at all
    (
        "impact 10**80",
        lambda: incident_record(impact=10**80),
        PayloadError,
        "impact: <an integer of 266 bits> is above the maximum 5",
    ),
    (
        "impact 10**5000",
        lambda: stub().add_incident_record(impact=10**5000),
        PayloadError,
        "<an integer of 16610 bits> is above the maximum 5",
    ),
    (
        "title 10**80",
        lambda: incident_record(title=10**80),
        PayloadError,
        "title: <an integer of 266 bits> is not a string",
    ),
    (
        "times 10**80 as status",
        lambda: fake().add_raw_response("get_incident_record", "{}", status=10**80),
        ValueError,
        "status=<an integer of 266 bits> is not the HTTP status code of a final answer",
    ),
    # non-string keys in unions and maps
    (
        "union int keys",
        lambda: incident_record(chatChannel={1: {}, 2: {}}),
        PayloadError,
        "a tagged union takes exactly one member, got 2 (1, 2)",
    ),
    (
        "union None key",
        lambda: incident_record(chatChannel={None: {}}),
        PayloadError,
        "incidentRecord.chatChannel.None: unknown member None",
    ),
    (
        "tag map int key",
        lambda: stub().add_response("list_tags_for_resource", {"tags": {1: "x"}}),
        PayloadError,
        "tags (key 1): 1 is not a string (got int)",
    ),
    # 100,000-deep nesting, and a value that contains itself
    (
        "deep member",
        lambda: incident_record(notificationTargets=_deep(100_000)),
        PayloadError,
        "incidentRecord.notificationTargets: {'a': [{'a': [...]}]} is not a list (got dict)",
    ),
    (
        "deep response",
        lambda: stub().add_response("get_incident_record", {"incidentRecord": _deep(100_000)}),
        PayloadError,
        "incidentRecord.arn: missing required member",
    ),
    (
        "deep expected_params",
        lambda: stub().add_incident_record(expected_params={"arn": _deep(100_000)}),
        ValueError,
        "expected_params is nested more than 64 levels deep",
    ),
    (
        "deep raw body",
        lambda: fake().add_raw_response("get_incident_record", _deep(100_000)),
        ValueError,
        "body is nested more than 64 levels deep",
    ),
    (
        "cyclic raw body",
        lambda: fake().add_raw_response("get_incident_record", _self_referencing()),
        ValueError,
        "body is nested more than 64 levels deep",
    ),
    (
        "cyclic expected_params",
        lambda: stub().add_incident_record(expected_params=_self_referencing()),
        ValueError,
        "expected_params has 'self', not a parameter",
    ),
    # malformed ResponseMetadata
    (
        "metadata a string",
        lambda: stub().add_response("list_incident_records", {"incidentRecordSummaries": [], "ResponseMetadata": "x"}),
        TypeError,
        "ResponseMetadata='x' is not a dict",
    ),
    (
        "metadata status a string",
        lambda: stub().add_response(
            "list_incident_records", {"incidentRecordSummaries": [], "ResponseMetadata": {"HTTPStatusCode": "200"}}
        ),
        PayloadError,
        "ResponseMetadata.HTTPStatusCode: '200' is not int",
    ),
    (
        "metadata status 700",
        lambda: stub().add_response(
            "list_incident_records", {"incidentRecordSummaries": [], "ResponseMetadata": {"HTTPStatusCode": 700}}
        ),
        PayloadError,
        "ResponseMetadata.HTTPStatusCode: 700 is not an HTTP status (100-599)",
    ),
    (
        "metadata unknown key",
        lambda: stub().add_response(
            "list_incident_records", {"incidentRecordSummaries": [], "ResponseMetadata": {"Retries": 1}}
        ),
        PayloadError,
        "ResponseMetadata.'Retries': not a key botocore sets",
    ),
    (
        "metadata header CRLF",
        lambda: stub().add_response(
            "list_incident_records",
            {"incidentRecordSummaries": [], "ResponseMetadata": {"HTTPHeaders": {"x-a": "1\r\nx-b: 2"}}},
        ),
        PayloadError,
        "ResponseMetadata.HTTPHeaders.x-a: '1\\r\\nx-b: 2' contains CR, LF or NUL",
    ),
    # counts that would exhaust memory
    (
        "times 10**12",
        lambda: fake().fail_next("get_incident_record", "ThrottlingException", times=10**12),
        ValueError,
        "times=1000000000000 is more attempts than any client makes; pass at most 10,000",
    ),
    (
        "times 10**8",
        lambda: fake().fail_next("get_incident_record", "ThrottlingException", times=10**8),
        ValueError,
        "times=100000000 is more attempts than any client makes",
    ),
    (
        "raw body 17 MB",
        lambda: fake().add_raw_response("get_incident_record", b"x" * (17 * 1024 * 1024)),
        ValueError,
        "body of 17,825,792 bytes is larger than the 16,777,216 bytes a raw answer may hold",
    ),
    # lone surrogates
    (
        "surrogate in a title",
        lambda: incident_record(title="Checkout \ud800 down"),
        PayloadError,
        "incidentRecord.title: contains a lone surrogate '\\ud800' at index 9",
    ),
    (
        "surrogate in an error message",
        lambda: stub().add_error("get_incident_record", "ThrottlingException", "slow \udc80"),
        PayloadError,
        "ThrottlingException.message: contains a lone surrogate",
    ),
    (
        "surrogate in a raw body",
        lambda: fake().add_raw_response("get_incident_record", '{"a": "\ud800"}'),
        ValueError,
        "has a lone surrogate at index 7, which UTF-8 cannot encode; pass bytes",
    ),
    (
        "surrogate in a put event",
        lambda: fake().put_timeline_event(eventData='"\udfff"'),
        PayloadError,
        "event.eventData: contains a lone surrogate",
    ),
    # raw bodies that are not JSON-serializable
    (
        "raw body with an object",
        lambda: fake().add_raw_response("get_incident_record", {"a": object()}),
        TypeError,
        "cannot be sent as JSON (Object of type object is not JSON serializable)",
    ),
    (
        "raw body with NaN",
        lambda: fake().add_raw_response("get_incident_record", {"impact": float("nan")}),
        TypeError,
        "cannot be sent as JSON (Out of range float values are not JSON compliant",
    ),
    (
        "raw body a set",
        lambda: fake().add_raw_response("get_incident_record", {1, 2}),
        TypeError,
        "body={1, 2} is not str, bytes or a dict",
    ),
    # CR/LF in error codes and header names
    (
        "CRLF in a stubbed code",
        lambda: stub().add_error("get_incident_record", "Boom\r\nX-Evil: 1", http_status_code=400),
        ValueError,
        "code='Boom\\r\\nX-Evil: 1' is not an error code",
    ),
    (
        "CRLF in a faulted code",
        lambda: fake().fail_next("get_incident_record", "Boom\n", http_status_code=400),
        ValueError,
        "code='Boom\\n' is not an error code",
    ),
    (
        "CRLF in a header name",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers={"x-evil\r\n": "1"}),
        ValueError,
        "header name 'x-evil\\r\\n' is not an HTTP token",
    ),
    (
        "LF in a header value",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers={"x-a": "1\nx-b: 2"}),
        ValueError,
        "headers.x-a: '1\\nx-b: 2' contains CR, LF or NUL",
    ),
    (  # found by a reviewer: the server's thread died sending it, and the call log said 200
        "a header value HTTP cannot carry",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers={"x-team": "\N{FIRE} on-call"}),
        ValueError,
        "headers.x-team: '\N{FIRE} on-call' is not Latin-1, which HTTP headers are (ASCII is safest)",
    ),
    (
        "a lone surrogate in a header value",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers={"x-a": "\ud800"}),
        ValueError,
        "headers.x-a: '\\ud800' is not Latin-1",
    ),
    (
        "colon in a header name",
        lambda: fake().add_raw_response("get_incident_record", "{}", headers={"x:a": "1"}),
        ValueError,
        "header name 'x:a' is not an HTTP token",
    ),
    # ARN builders given None or ""
    (
        "arn plan None",
        lambda: incident_record_arn(None),
        ValueError,
        "response_plan=None is not a name for an incident record ARN",
    ),
    (
        "arn plan empty",
        lambda: incident_record_arn(""),
        ValueError,
        "response_plan='' is not a name for an incident record ARN",
    ),
    (
        "arn plan with a slash",
        lambda: incident_record_arn("a/b"),
        ValueError,
        "response_plan='a/b' is not a name for an incident record ARN; pass a non-empty string without '/'",
    ),
    (
        "arn id empty",
        lambda: incident_record_arn("plan", ""),
        ValueError,
        "incident_id='' is not a name for an incident record ARN",
    ),
    # event types the service does not let you create
    (
        "create an SSM Incident Trigger event",
        lambda: _create_event("SSM Incident Trigger"),
        ClientError,
        "Invalid eventType 'SSM Incident Trigger': you can only create or update events of type Custom Event and Note",
    ),
    ("create a lower-case note", lambda: _create_event("note"), ClientError, "Invalid eventType 'note'"),
    # events of incidents the fake does not hold
    (
        "put event, unknown incident",
        lambda: fake().put_timeline_event(incidentRecordArn=ARN),
        ValueError,
        f"incidentRecordArn='{ARN}': the fake holds no such incident",
    ),
    (
        "put event, no incident at all",
        lambda: fake().put_timeline_event(),
        ValueError,
        "put_timeline_event() needs an incident to belong to, and the fake holds none",
    ),
    # expected_params botocore would refuse: they can never match
    (
        "expected arn an int",
        lambda: stub().add_incident_record(expected_params={"arn": 5}),
        ValueError,
        "expected_params can never match: botocore refuses these parameters before any call reaches the stub: "
        "arn: 5 is not a string (got int)",
    ),
    (
        "expected arn None",
        lambda: stub().add_error("get_incident_record", "ThrottlingException", expected_params={"arn": None}),
        ValueError,
        "arn: None is not a string",
    ),
    (
        "expected without a required one",
        lambda: stub().add_timeline_event(expected_params={"eventId": "e"}),
        ValueError,
        "incidentRecordArn: missing required member",
    ),
    (
        "expected union with two members",
        lambda: stub().add_response(
            "update_incident_record",
            {},
            expected_params={"arn": ARN, "chatChannel": {"empty": {}, "chatbotSns": [SNS]}},
        ),
        ValueError,
        "chatChannel: a tagged union takes exactly one member, got 2",
    ),
    # ErrorPayload handed in whole, and combined wrongly
    (
        "error payload with a CRLF code",
        lambda: stub().add_error(ErrorPayload("GetIncidentRecord", "X\r\n", "m", 400)),
        ValueError,
        "code='X\\r\\n' is not an error code",
    ),
    (
        "error payload plus a code",
        lambda: fake().fail_next(ErrorPayload("GetIncidentRecord", "ThrottlingException", "m", 429), 3),
        TypeError,
        "fail_next(error) takes an ErrorPayload alone (and times=)",
    ),
    (
        "error payload of no operation",
        lambda: stub().add_error(ErrorPayload("Nope", "ThrottlingException", "m", 429)),
        UnknownOperationError,
        "operation='Nope' is not an operation of ssm-incidents",
    ),
    # regions
    (
        "fake region huge int",
        lambda: IncidentsFake(region=10**80),
        ValueError,
        "region=<an integer of 266 bits> is not an AWS region name",
    ),
    ("use_region None", lambda: use_region(None).__enter__(), ValueError, "region=None is not an AWS region name"),
]


def test_the_campaign_is_big_enough_and_distinct() -> None:
    assert len(CASES) >= 40
    assert len(ROUND_TWO) >= 30
    names = [name for name, *_ in CASES + ROUND_TWO]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(("name", "call", "error", "message"), ROUND_TWO, ids=[case[0] for case in ROUND_TWO])
def test_round_two_gets_clear_bounded_errors(
    name: str, call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    started = time.process_time()  # CPU time: a loaded machine's waits do not count
    with pytest.raises(Exception) as caught:
        call()
    # botocore raises a subclass of ClientError made for the service; any other type is exact.
    exact = type(caught.value) is error or (error is ClientError and isinstance(caught.value, ClientError))
    assert exact, f"{name}: {type(caught.value).__name__}: {caught.value}"
    assert message in str(caught.value)
    assert len(str(caught.value)) < 1000, str(caught.value)
    assert time.process_time() - started < 10  # bounded work, not a runaway


@pytest.mark.parametrize(("name", "call", "error", "message"), CASES, ids=[case[0] for case in CASES])
def test_bad_input_gets_its_documented_error(
    name: str, call: Callable[[], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(Exception) as caught:
        call()
    assert type(caught.value) is error, f"{name}: {type(caught.value).__name__}: {caught.value}"
    assert message in str(caught.value)


WEIRD = [None, 5, -1, 3.5, True, "", "x" * 2000, b"bytes", [], {}, (), object(), datetime.date(2026, 1, 1)]
DOCUMENTED = (ValueError, TypeError, InvalidArgument)


def _calls() -> list[tuple[str, Callable[[Any], Any]]]:
    return [
        ("IncidentsStub(client)", lambda v: IncidentsStub(v)),
        ("add_incident_record(record)", lambda v: stub().add_incident_record(v)),
        ("add_incident_record(title=)", lambda v: stub().add_incident_record(title=v)),
        ("add_incident_record(expected_params=)", lambda v: stub().add_incident_record(expected_params=v)),
        ("add_timeline_event(eventReferences=)", lambda v: stub().add_timeline_event(eventReferences=v)),
        ("add_error(operation)", lambda v: stub().add_error(v, "ThrottlingException")),
        ("add_error(code)", lambda v: stub().add_error("get_incident_record", v)),
        ("add_error(http_status_code=)", lambda v: stub().add_error("get_incident_record", "X", http_status_code=v)),
        ("add_response(response)", lambda v: stub().add_response("get_incident_record", v)),
        ("fail_next(times=)", lambda v: fake().fail_next("get_incident_record", "ThrottlingException", times=v)),
        ("add_raw_response(body)", lambda v: fake().add_raw_response("get_incident_record", v)),
        ("add_raw_response(status=)", lambda v: fake().add_raw_response("get_incident_record", "{}", status=v)),
        ("put_incident_record(record)", lambda v: fake().put_incident_record(v)),
        ("incident_record(chatChannel=)", lambda v: incident_record(chatChannel=v)),
        ("timeline_event(eventTime=)", lambda v: timeline_event(eventTime=v)),
        ("model.check(shape)", lambda v: model.check({}, v)),
        ("from_shape(shape)", lambda v: S.from_shape(v).validate()),
        ("arns(partition=)", lambda v: S.arns(partition=v).validate()),
        # Found by a reviewer: values that reached a cache or a dict before any check.
        ("IncidentsFake(region=)", lambda v: IncidentsFake(region=v)),
        ("IncidentsServer(region=)", lambda v: IncidentsServer(region=v)),
        ("use_region(region)", lambda v: use_region(v).__enter__()),
        ("add_error(ErrorPayload(code=))", lambda v: stub().add_error(ErrorPayload("GetIncidentRecord", v, "m", 429))),
        (
            "fail_next(ErrorPayload(fields=))",
            lambda v: (
                fake().fail_next(ErrorPayload("GetIncidentRecord", "ThrottlingException", "m", 429, {v: 1}))
                if _hashable(v)
                else fake().fail_next(ErrorPayload("GetIncidentRecord", "ThrottlingException", "m", 429, v))
            ),
        ),
        ("fault_plans(codes=)", lambda v: S.fault_plans(codes=[v]).validate()),
        ("put_finding(incidentRecordArn=)", lambda v: fake().put_finding(incidentRecordArn=v)),
        *_DRAWN,
    ]


# Strategies whose overrides are checked as they are drawn (so a run of Hypothesis of their own).
_DRAWN: list[tuple[str, Callable[[Any], Any]]] = [
    ("incident_records(creationTime=)", lambda v: find(S.incident_records(creationTime=st.just(v)), bool)),
    ("timeline_events(eventTime=)", lambda v: find(S.timeline_events(eventTime=st.just(v)), bool)),
    ("incident_records(impact=)", lambda v: find(S.incident_records(impact=st.just(v)), bool)),
]


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


# What Python says when a library used a value it never checked.
_INTERNAL = ("'", "unhashable", "argument of type", "keywords must be strings", "can't compare", "'<' not supported")


@pytest.mark.parametrize("value", WEIRD, ids=[type(v).__name__ + str(i) for i, v in enumerate(WEIRD)])
def test_no_weird_value_reaches_an_internal_error(value: Any) -> None:
    for name, call in _calls():
        try:
            call(value)
        except DOCUMENTED as error:
            # Our own errors name what was wrong: an argument (name=...) or a member path.
            text = str(error)
            assert "=" in text or ": " in text, f"{name} with {value!r}: unhelpful {text}"
            assert not text.startswith(_INTERNAL), f"{name}: {text}"
            assert not any(internal in text for internal in _INTERNAL[1:]), f"{name}: {text}"


# ---------------------------------------------------------------- bad marker and ini values, as users meet them


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        (
            "ssm_incidents_stub(assert_all_response_used=False)",
            "*@pytest.mark.ssm_incidents_stub got unknown option(s) assert_all_response_used; "
            "valid: assert_all_responses_used",
        ),
        (
            "ssm_incidents_stub(False)",
            "*@pytest.mark.ssm_incidents_stub takes keyword arguments only, got (False,)",
        ),
        (
            "ssm_incidents_stub(assert_all_responses_used='no')",
            "*@pytest.mark.ssm_incidents_stub(assert_all_responses_used='no'): pass True or False",
        ),
    ],
)
def test_a_bad_marker_is_a_clear_error(downstream: pytest.Pytester, marker: str, message: str) -> None:
    downstream.makepyfile(
        f"""
        import pytest

        @pytest.mark.{marker}
        def test_marked(ssm_incidents_stub):
            pass
        """
    )
    result = downstream.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([message])


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("eu west 1", "ERROR: ini option ssm_incidents_region='eu west 1' is not an AWS region name, e.g. us-east-1"),
        ("", "ERROR: ini option ssm_incidents_region='' is not an AWS region name, e.g. us-east-1"),
        (
            "mars-north-1",
            "ERROR: ini option ssm_incidents_region: region='mars-north-1' is not a region of any partition "
            "in botocore's data*",
        ),
        ("US-EAST-1", "ERROR: ini option ssm_incidents_region: region='US-EAST-1' is not a region of any partition*"),
        (
            "aws-global",
            "ERROR: ini option ssm_incidents_region: region='aws-global' is botocore's name for the global "
            "endpoints of partition 'aws', not a region that ssm-incidents runs in; use a region such as 'us-east-1'",
        ),
        (
            "us-iso-east-1",
            "ERROR: ini option ssm_incidents_region: region='us-iso-east-1' is in partition 'aws-iso', which the "
            "ssm-incidents model's ARN pattern does not allow*",
        ),
    ],
)
def test_a_bad_region_stops_the_run_at_once(downstream: pytest.Pytester, region: str, message: str) -> None:
    downstream.makeini(f"[pytest]\nssm_incidents_region = {region}\n")
    downstream.makepyfile("def test_region(ssm_incidents_client):\n    pass\n")
    result = downstream.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


@pytest.mark.parametrize(
    ("ini", "message"),
    [
        (
            "ssm_incidents_fake_aws_env = maybe\n",
            "ERROR: ini option ssm_incidents_fake_aws_env: invalid truth value 'maybe'; use true or false*",
        ),
        (
            "ssm_incidents_fake_aws_env = true\nssm_incidents_region = eu west 1\n",
            "ERROR: ini option ssm_incidents_region='eu west 1' is not an AWS region name, e.g. us-east-1",
        ),
    ],
)
def test_a_bad_fake_aws_env_setting_is_named_before_a_conftest_can_fail_on_it(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ini: str, message: str
) -> None:
    # Found by a reviewer: the option exists for conftest.py files that make a client when
    # imported, and those failed first, with botocore's NoRegionError hiding the cause.
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    downstream.makeini(f"[pytest]\n{ini}")
    downstream.makeconftest("import boto3\nCLIENT = boto3.client('ssm-incidents')\n")
    downstream.makepyfile("def test_nothing():\n    pass\n")
    # A fresh process: pytest 7.4 warns (PluggyTeardownRaisedWarning) as it passes the error on.
    result = downstream.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "NoRegionError" not in result.stdout.str() + result.stderr.str()


# ---------------------------------------------------------------- generated junk at every public entry point


class _Unprintable:
    def __repr__(self) -> str:
        raise RuntimeError("a user's object whose repr fails")


_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30),
    st.floats(),
    st.text(),
    st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1),
    st.binary(),
    st.datetimes(),
    st.dates(),
    st.decimals(allow_nan=True),
    st.just(object()),
    st.sampled_from([ANY, DEFAULT, float("inf"), b"\xff", "\r\n"]),
    st.builds(pow, st.just(10), st.just(5000)),  # too large for str(); st.just would repr it
)
JUNK = st.recursive(
    _LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.none()), children, max_size=4),
        st.frozensets(st.integers(), max_size=3),
    ),
    max_leaves=12,
)


def quiet() -> IncidentsStub:
    return IncidentsStub(assert_all_responses_used=False)


def _entry_points() -> list[tuple[str, Callable[[Any], Any]]]:
    # Not the drawn ones: a Hypothesis run inside @given is the nested_given health check.
    drawn = {name for name, _ in _DRAWN}
    return [
        *[(name, call) for name, call in _calls() if name not in drawn],
        ("IncidentsStub(assert_all_responses_used=)", lambda v: IncidentsStub(assert_all_responses_used=v)),
        ("add_incident_record(**)", lambda v: quiet().add_incident_record(**{"summary": v, "impact": v})),
        ("add_timeline_event(event)", lambda v: quiet().add_timeline_event(v)),
        ("add_timeline_event(expected_params=)", lambda v: quiet().add_timeline_event(expected_params=v)),
        ("add_error(error)", lambda v: quiet().add_error(v)),
        ("add_error(message)", lambda v: quiet().add_error("get_incident_record", "ThrottlingException", v)),
        ("add_error(**fields)", lambda v: quiet().add_error("get_incident_record", "ThrottlingException", quotaCode=v)),
        ("add_response(operation)", lambda v: quiet().add_response(v, {})),
        ("add_response(metadata)", lambda v: quiet().add_response("delete_incident_record", {"ResponseMetadata": v})),
        ("fail_next(operation)", lambda v: fake().fail_next(v, "ThrottlingException")),
        ("fail_next(code)", lambda v: fake().fail_next("get_incident_record", v)),
        ("fail_next(message=)", lambda v: fake().fail_next("get_incident_record", "ThrottlingException", message=v)),
        ("add_raw_response(headers=)", lambda v: fake().add_raw_response("get_incident_record", "{}", headers=v)),
        ("put_timeline_event(event)", lambda v: fake().put_timeline_event(v)),
        ("put_incident_record(**)", lambda v: fake().put_incident_record(title=v)),
        ("calls_to(operation)", lambda v: fake().calls_to(v)),
        ("incident_record_arn(plan)", lambda v: incident_record_arn(v)),
        ("model.check(value)", lambda v: model.check(v, "IncidentRecord")),
        ("model.operation_model(name)", lambda v: model.operation_model(v)),
        ("client_errors(operation=)", lambda v: S.client_errors(operation=v).validate()),
        ("incident_records(**)", lambda v: S.incident_records(title=v).validate()),
    ]


ENTRY_POINTS = _entry_points()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=JUNK, entry=st.sampled_from(ENTRY_POINTS))
def test_junk_at_any_entry_point_gets_only_documented_errors(
    value: Any, entry: tuple[str, Callable[[Any], Any]]
) -> None:
    name, call = entry
    message = _documented_error_of(call, value)
    assert len(message) < 1000, f"{name}: {len(message)} characters"
    use_region("us-east-1").__enter__()  # an entry point that succeeded may have changed it


def _documented_error_of(call: Callable[[Any], Any], value: Any) -> str:
    """The message of the documented error ``call(value)`` raises ("" if none): any other escapes."""
    try:
        call(value)
    except DOCUMENTED as error:
        return str(error)
    return ""


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=[name for name, _ in ENTRY_POINTS])
def test_an_object_whose_repr_fails_is_named_by_its_type(entry: tuple[str, Callable[[Any], Any]]) -> None:
    # Hypothesis cannot report such a value, so it is tried here, at every entry point.
    _, call = entry
    assert "a user's object" not in _documented_error_of(call, _Unprintable())
    use_region("us-east-1").__enter__()
