# mypy: disable-error-code="arg-type, dict-item, call-overload"
# (this file passes wrongly typed arguments on purpose)
"""Hostile input, tried and counted: every bad input gets its documented error, naming itself.

Each case feeds one bad input to the public API and checks the exact exception type
and that the message quotes the argument (or member path) and the value. A
KeyError, AttributeError, IndexError or a TypeError not of our own making would fail.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis.errors import InvalidArgument

from ssmincidents_stub import IncidentsFake, IncidentsStub, incident_record, model, timeline_event
from ssmincidents_stub import strategies as S
from ssmincidents_stub.model import UnknownOperationError
from ssmincidents_stub.payloads import PayloadError, incident_record_arn

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
        "status='200' is not an HTTP status code",
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


def test_the_campaign_is_big_enough_and_distinct() -> None:
    assert len(CASES) >= 40
    assert len({name for name, *_ in CASES}) == len(CASES)


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
    ]


@pytest.mark.parametrize("value", WEIRD, ids=[type(v).__name__ + str(i) for i, v in enumerate(WEIRD)])
def test_no_weird_value_reaches_an_internal_error(value: Any) -> None:
    for name, call in _calls():
        try:
            call(value)
        except DOCUMENTED as error:
            # Our own errors name what was wrong: an argument (name=...) or a member path.
            text = str(error)
            assert "=" in text or ": " in text, f"{name} with {value!r}: unhelpful {text}"
            assert not text.startswith(("'", "unhashable", "argument of type")), f"{name}: {text}"


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
