"""The rest-json codec: its shortcuts read and write exactly what the general tools would."""

from __future__ import annotations

import datetime
import json
import urllib.parse
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssmincidents_stub import _jsontext, model, payloads, strategies, wire

# What a query string of this service can hold, and the characters that make parsing it tricky.
query_strings = st.text(alphabet="ab=&%+2F0x; \u00e9:/", max_size=40)


@settings(max_examples=500, deadline=None)
@given(query_strings)
def test_query_strings_read_as_parse_qs_reads_them(query: str) -> None:
    assert wire._query(query) == urllib.parse.parse_qs(query, keep_blank_values=True)


def _reference_to_wire(value: object, shape: object) -> object:
    """The plain recursive conversion that the compiled encoders replace."""
    kind = shape.type_name  # type: ignore[attr-defined]
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {name: _reference_to_wire(item, members[name]) for name, item in value.items() if name in members}
    if kind == "list" and isinstance(value, list):
        return [_reference_to_wire(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if kind == "map" and isinstance(value, dict):
        return {key: _reference_to_wire(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp" and isinstance(value, datetime.datetime):
        return value.timestamp()
    return value


def _operations_answering(holds: Callable[[Any], bool] = lambda shape: True) -> list[str]:
    """The operations whose output shape exists and ``holds``."""
    shapes = {name: model.operation_model(name).output_shape for name in sorted(model.operation_names())}
    return [name for name, shape in shapes.items() if shape is not None and holds(shape)]


@st.composite
def answers(draw: st.DrawFn, names: list[str]) -> tuple[str, Any, dict[str, Any]]:
    """(operation, its output shape, an output of that shape), for one of ``names``."""
    name = draw(st.sampled_from(names))
    shape: Any = model.operation_model(name).output_shape
    return name, shape, draw(strategies.from_shape(shape.name))


@settings(max_examples=40, deadline=None)
@given(answers(_operations_answering()))
def test_compiled_codecs_agree_with_the_plain_recursive_conversion(answer: tuple[str, Any, dict[str, Any]]) -> None:
    _, shape, value = answer
    encoded = wire.to_wire(value, shape)
    assert encoded == _reference_to_wire(value, shape)
    decoded = wire.from_json(json.loads(json.dumps(encoded)), shape)
    assert _close(decoded, value), (decoded, value)


def _close(got: object, want: object) -> bool:
    """Equal, but for timestamps, which a JSON float carries to within a microsecond."""
    if isinstance(want, datetime.datetime) and isinstance(got, datetime.datetime):
        return abs((got - want).total_seconds()) <= 1e-5
    if isinstance(want, dict) and isinstance(got, dict):
        return got.keys() == want.keys() and all(_close(got[key], want[key]) for key in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(_close(a, b) for a, b in zip(got, want, strict=True))
    return got == want


@pytest.mark.parametrize(
    ("event_time", "why"),
    [
        (1e300, "eventTime: '1e+300' is not a timestamp (epoch seconds or ISO 8601)"),
        (-(10**30), "eventTime: '-1000000000000000000000000000000' is not a timestamp (epoch seconds or ISO 8601)"),
        # Found by a reviewer: the JS SDK sends a string or a boolean as it is given, and AWS refuses it.
        (
            "2026-03-14T10:00:00Z",
            "eventTime: '2026-03-14T10:00:00Z' is not a timestamp: send epoch seconds as a JSON number",
        ),
        ("1773482400", "eventTime: '1773482400' is not a timestamp: send epoch seconds as a JSON number"),
        (True, "eventTime: True is not a timestamp: send epoch seconds as a JSON number"),
        ({"s": 1}, "eventTime: {'s': 1} is not a timestamp: send epoch seconds as a JSON number"),
    ],
)
def test_an_unreadable_timestamp_in_a_body_is_a_serialization_error(event_time: object, why: str) -> None:
    # Other SDKs (through the server) send whatever JSON they like; rest-json's body
    # timestamps are epoch seconds as JSON numbers, and anything else is not read at all.
    body = {"incidentRecordArn": "arn", "eventTime": event_time, "eventType": "Note", "eventData": "{}"}
    request = wire.HttpRequest("POST", "/createTimelineEvent", "", {}, json.dumps(body).encode())
    with pytest.raises(wire.WireError) as caught:
        wire.decode_request(request)
    assert str(caught.value) == why
    answer = caught.value.answer
    assert answer.status == 400 and answer.error_code == "SerializationException"
    assert json.loads(answer.body)["message"] == f"Could not read the CreateTimelineEvent request: {why}"


def test_a_nested_timestamp_of_the_wrong_json_type_names_its_path() -> None:
    body = {"filters": [{"key": "creationTime", "condition": {"after": False}}]}
    request = wire.HttpRequest("POST", "/listIncidentRecords", "", {}, json.dumps(body).encode())
    with pytest.raises(wire.WireError, match=r"^filters\[0\]\.condition\.after: False is not a timestamp"):
        wire.decode_request(request)


def test_seeds_still_take_iso_timestamps() -> None:
    # The control API's seeds are written by people, in JSON: there ISO 8601 is welcome.
    shape = model.shape("TimelineEvent")
    event = wire.from_json({"eventTime": "2026-03-14T10:00:00Z"}, shape)
    assert event["eventTime"] == datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.timezone.utc)


def test_a_route_with_a_label_is_found_by_its_first_segment() -> None:
    arn = "arn:aws:ssm-incidents::111122223333:response-plan/x"
    for method, operation in [("GET", "ListTagsForResource"), ("POST", "TagResource"), ("DELETE", "UntagResource")]:
        request = wire.HttpRequest(
            method, f"/tags/{urllib.parse.quote(arn, safe='')}", "tagKeys=a" * (method == "DELETE")
        )
        op, params = wire.decode_request(request)
        assert op.name == operation and params["resourceArn"] == arn
    with pytest.raises(wire.WireError, match="no ssm-incidents operation answers PUT /tags/x"):
        wire.decode_request(wire.HttpRequest("PUT", "/tags/x"))


@pytest.mark.parametrize("body", [b"null", b"[1]", b"nope"])
def test_a_body_that_is_not_a_json_object_is_refused_even_where_no_member_travels_in_it(body: bytes) -> None:
    request = wire.HttpRequest("GET", "/getIncidentRecord", "arn=a", {}, body)
    with pytest.raises(wire.WireError, match="the request body is not") as caught:
        wire.decode_request(request)
    assert caught.value.answer.error_code == "SerializationException"  # the protocol's error, not the service's
    assert caught.value.answer.status == 400


def test_an_attempt_number_no_sdk_sends_is_read_as_absent() -> None:
    # Found by a reviewer: 5,000 digits made int() raise inside the server's thread.
    assert wire.sdk_attempt({"amz-sdk-request": "attempt=" + "9" * 5000}) == 1
    assert wire.sdk_attempt({"amz-sdk-request": "attempt=3; max=5"}) == 3


def _is_structure_list(shape: Any) -> bool:
    return shape.type_name == "list" and shape.member.type_name == "structure"  # type: ignore[no-any-return]


def _as_snapshots(value: Any, shape: Any) -> Any:
    """A structure member as a snapshot, a list of structures as a list of snapshots, anything else as it is."""
    if shape.type_name == "structure":
        return payloads.Snapshot(value)
    if _is_structure_list(shape):
        return [payloads.Snapshot(item) for item in value]
    return value


def _holds_structures(shape: Any) -> bool:
    """An answer that holds a structure or a list of them: one that snapshots can fill."""
    return any(m.type_name == "structure" or _is_structure_list(m) for m in shape.members.values())


@settings(max_examples=200, deadline=None)
@given(answers(_operations_answering(_holds_structures)))
def test_an_answer_spliced_from_snapshots_is_byte_for_byte_the_answer_encoded_whole(
    answer: tuple[str, Any, dict[str, Any]],
) -> None:
    name, shape, output = answer
    whole = wire.encode_body(name, output)
    snapshotted = {member: _as_snapshots(value, shape.members[member]) for member, value in output.items()}
    assert wire.encode_body(name, snapshotted) == whole
    assert wire.encode_body(name, snapshotted) == whole  # again, from the encodings kept on the items


@settings(max_examples=100, deadline=None)
@given(answers(_operations_answering()))
def test_an_answer_body_is_what_json_dumps_writes(answer: tuple[str, Any, dict[str, Any]]) -> None:
    name, shape, output = answer
    expected = json.dumps(wire.to_wire(output, shape)).encode("utf-8") if output else b""
    assert wire.encode_body(name, output) == expected


OPTIONS: list[dict[str, Any]] = [
    {},
    {"separators": (",", ":")},
    {"separators": (",", ":"), "sort_keys": True},
    {"separators": (",", ":"), "default": str},
]


@pytest.mark.parametrize("accelerated", [True, False], ids=["c-encoder", "pure-python"])
@pytest.mark.parametrize("options", OPTIONS, ids=lambda options: ",".join(options) or "defaults")
def test_encoders_built_once_write_what_json_dumps_writes(
    accelerated: bool, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not accelerated:
        monkeypatch.setattr(json.encoder, "c_make_encoder", None)
    encode = _jsontext.encoder(**options)
    value = {"title": "Checkout \u00e9\n", "b": 2, "a": [1773480600.123, None, True, {}], "z": {"y": "x"}}
    assert encode(value) == encode(value) == json.dumps(value, **options)
    if "default" in options:
        assert encode({"when": datetime.date(2026, 3, 14)}) == '{"when":"2026-03-14"}'
    else:
        with pytest.raises(TypeError, match="not JSON serializable"):
            encode({"when": datetime.date(2026, 3, 14)})


# ---------------------------------------------------------------- error codes as botocore reads them

_CODES = st.sampled_from(
    ["ThrottlingException", "", "ConflictException:http://internal.amazon.com/", "aws.protocol#AccessDenied", "5", None]
)
_ERROR_DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={"code": _CODES | st.integers(0, 9), "Code": _CODES, "__type": _CODES, "message": st.text(max_size=5)},
).map(lambda document: json.dumps(document).encode())
_ERROR_BODIES = st.one_of(
    st.sampled_from([b"", b"  \n", b"<html><body>Service Unavailable</body></html>", b" <html>", b"not json", b"{"]),
    _ERROR_DOCUMENTS,
    _ERROR_DOCUMENTS.map(lambda body: b"\xef\xbb\xbf" + body),  # a byte-order mark
)
_ERROR_HEADERS = st.dictionaries(
    st.sampled_from(["x-amzn-errortype", "X-Amzn-ErrorType", "x-amzn-query-error"]),
    st.sampled_from(["ThrottlingException", "", "ValidationException;Sender", "Throttling:http://x/", ";Sender"]),
    max_size=2,
)


@settings(max_examples=150, deadline=None)
@given(
    # Not 304: HTTP gives it no body, and add_raw_response refuses one.
    status=st.sampled_from([301, 400, 403, 404, 409, 429, 500, 502, 503, 504]) | st.integers(305, 599),
    headers=_ERROR_HEADERS,
    body=_ERROR_BODIES,
)
def test_the_fake_records_the_error_code_the_client_raised(status: int, headers: dict[str, str], body: bytes) -> None:
    # Found by reviewers, twice: a hand-written reading of botocore's rules missed a 5xx
    # HTML page, nulls, x-amzn-query-error and a byte-order mark, and differed between
    # botocore versions. What the fake records (and error coverage counts) is what the
    # client raised.
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError

    from ssmincidents_stub import IncidentsFake

    with IncidentsFake(assert_all_responses_used=False) as fake:
        fake.add_raw_response("ListResponsePlans", body, status=status, headers=headers)
        client = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
        try:
            client.list_response_plans()
        except ClientError as error:
            raised = str(error.response["Error"]["Code"])
        else:
            raise AssertionError(f"a {status} answer was not an error")
        assert fake.calls[-1].error_code == raised


@pytest.mark.parametrize("status", [200, 204, 300])
def test_an_answer_up_to_300_has_no_error_code_even_with_an_error_header(status: int) -> None:
    assert wire.error_code_of({"x-amzn-errortype": "ThrottlingException"}, b"{}", status) is None


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _read(loads: Callable[[Any], Any], document: bytes | str) -> tuple[str, Any]:
    try:
        return "value", loads(document)
    except Exception as error:
        return type(error).__name__, str(error)


@given(
    value=_JSON_VALUES,
    before=st.sampled_from(["", " ", "\n\t", "\ufeff"]),
    after=st.sampled_from(["", " \r\n", "x", "}", " 1"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]),
    ascii_only=st.booleans(),
)
@settings(max_examples=300)
def test_the_fast_json_reader_reads_and_refuses_exactly_as_json_loads(
    value: Any, before: str, after: str, encoding: str, ascii_only: bool
) -> None:
    text = before + json.dumps(value, ensure_ascii=ascii_only) + after
    document = text.encode(encoding)
    assert _read(_jsontext.loads, document) == _read(json.loads, document)
    assert _read(_jsontext.loads, text) == _read(json.loads, text)  # text too, as json.loads takes it


@pytest.mark.parametrize(
    "document", [b"", b"   ", b"{", b'{"a": 1,}', b"\xff\xfe", b'{"a": NaN}', b"[" * 100_000 + b"]" * 100_000]
)
def test_the_fast_json_reader_refuses_bad_documents_as_json_loads_does(document: bytes) -> None:
    assert _read(_jsontext.loads, document) == _read(json.loads, document)
