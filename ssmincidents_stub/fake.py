"""IncidentsFake: an in-process Incident Manager that answers every ssm-incidents client.

It takes over at the last step before the network: botocore's ``Endpoint._send``,
the call that follows the ``before-send`` event. A ``before-send`` handler added
to botocore's built-in handlers (moto's way) only reaches sessions created
afterwards, since each client copies its event emitter when it is made; the send
step is shared by every client, made before or after the fake started. So
botocore's serializer, signer, response parser, error factory and retry handler
all run for real. Retry back-off is recorded, not slept. Other services pass
through untouched.
"""

from __future__ import annotations

import base64
import datetime
import functools
import json
import os
import re
import threading
import time
import types
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import botocore.endpoint
from botocore import xform_name
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.model import OperationModel, Shape
from botocore.utils import parse_timestamp

from ssmincidents_stub import clients, facts, model, payloads

__all__ = ["Call", "FakeAlreadyActiveError", "IncidentsFake", "UnservedOperationError"]

SERVED_OPERATIONS = ("GetIncidentRecord", "GetTimelineEvent", "CreateTimelineEvent", "ListTimelineEvents")


class UnservedOperationError(NotImplementedError):
    """A call the fake has no answer for; it never falls through to the network."""


class FakeAlreadyActiveError(RuntimeError):
    """A second IncidentsFake was started while one is active."""


@dataclass(frozen=True)
class Call:
    """One HTTP attempt the fake answered."""

    operation: str
    params: dict[str, Any]
    attempt: int
    status: int
    error_code: str | None
    body: str

    @property
    def method(self) -> str:
        """The operation in the client's spelling, e.g. ``get_incident_record``."""
        return xform_name(self.operation)


@dataclass
class _WireAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class _Fault:
    """An error to answer with, completed at answer time with the request's identifier."""

    code: str
    message: str | None
    http_status_code: int | None
    fields: dict[str, Any]

    def answer(self, operation_name: str, params: Mapping[str, Any]) -> _WireAnswer:
        error = payloads.error_payload(
            operation_name,
            self.code,
            self.message,
            http_status_code=self.http_status_code,
            resource_identifier=payloads.request_identifier(params),
            **self.fields,
        )
        return _error_answer(error)


@dataclass
class _Raw:
    body: bytes

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


_active_lock = threading.Lock()
_active: IncidentsFake | None = None


class IncidentsFake:
    """Stateful, wire-level Incident Manager for every ssm-incidents client in the process.

    Use it as a context manager (the ``ssm_incidents_fake`` fixture does), also inside
    ``@given`` tests and outside pytest.
    """

    def __init__(self) -> None:
        # Stored as the wire body the service would send: serialized once, when put.
        self._records: dict[str, bytes] = {}
        self._events: dict[tuple[str, str], _StoredEvent] = {}
        self._client_tokens: dict[str, str] = {}
        self._queued: dict[str, deque[_WireAnswer | _Fault]] = {}
        self.calls: list[Call] = []
        """Every HTTP attempt answered, oldest first."""
        self.retry_sleeps: list[float] = []
        """Back-off delays botocore asked for (in seconds) and did not sleep."""
        self._undo: list[Callable[[], None]] = []

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Answer every ssm-incidents client until ``stop()``."""
        global _active
        with _active_lock:
            if _active is not None:
                raise FakeAlreadyActiveError(
                    "an IncidentsFake is already active; stop it first (one fake answers "
                    "every client in the process, so two would contradict each other)"
                )
            _active = self
        try:
            self._patch_environment()
            self._patch(botocore.endpoint.Endpoint, "_send", _fake_send)
            self._patch(botocore.endpoint.Endpoint, "_needs_retry", _needs_retry_without_sleep)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Remove every patch and restore the environment; safe to call twice."""
        global _active
        while self._undo:
            self._undo.pop()()
        with _active_lock:
            if _active is self:
                _active = None

    def __enter__(self) -> IncidentsFake:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _patch(self, owner: Any, name: str, replacement: Any) -> None:
        original = owner.__dict__[name]
        setattr(owner, name, replacement)
        self._undo.append(lambda: setattr(owner, name, original))

    def _patch_environment(self) -> None:
        # Like moto: any client made during the fake gets fake credentials and a region.
        saved = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}

        def restore() -> None:
            for name in [k for k in os.environ if k.startswith("AWS_")]:
                del os.environ[name]
            os.environ.update(saved)

        self._undo.append(restore)
        for name in saved:
            del os.environ[name]
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": clients.FAKE_CREDENTIALS["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": clients.FAKE_CREDENTIALS["aws_secret_access_key"],
                "AWS_SESSION_TOKEN": clients.FAKE_CREDENTIALS["aws_session_token"],
                "AWS_DEFAULT_REGION": clients.DEFAULT_REGION,
                "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true",
            }
        )

    # ------------------------------------------------------------ state

    def put_incident_record(self, record: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
        """Store an incident record (built like ``incident_record``); return it."""
        record = payloads.record_from(record, overrides)
        self._records[record["arn"]] = _wire_body("GetIncidentRecord", {"incidentRecord": record})
        return record

    def put_timeline_event(self, event: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
        """Store a timeline event (built like ``timeline_event``); return it."""
        event = payloads.event_from(event, overrides)
        self._store_event(event)
        return event

    # ------------------------------------------------------------ faults and raw answers

    def fail_next(
        self,
        operation: str,
        code: str,
        times: int = 1,
        *,
        message: str | None = None,
        http_status_code: int | None = None,
        **modeled_fields: Any,
    ) -> payloads.ErrorPayload:
        """Make the next ``times`` HTTP attempts of ``operation`` fail with ``code``.

        Attempts, not calls: botocore's retries use them up. A modeled code gets its
        modeled status and fields; another code needs ``http_status_code``.
        """
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError(f"times={times!r} is not a positive whole number of attempts")
        if "resource_identifier" in modeled_fields:
            raise TypeError(
                "fail_next() takes no resource_identifier: the fake answers with the identifier the request names"
            )
        # Built once now so a bad code or field fails here, not inside the client call.
        error = payloads.error_payload(operation, code, message, http_status_code=http_status_code, **modeled_fields)
        fault = _Fault(code, message, http_status_code, dict(modeled_fields))
        self._queue_answers(error.operation).extend([fault] * times)
        return error

    def add_raw_response(
        self,
        operation: str,
        body: str | bytes | Mapping[str, Any] = b"",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next attempt of ``operation`` with exactly this HTTP response.

        ``body`` is sent as given (a dict is JSON-encoded), so nulls, unknown union
        members, real AWS samples or a malformed body reach botocore's parser as they are.
        """
        op = model.operation_model(operation)
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise ValueError(f"status={status!r} is not an HTTP status code (100-599)")
        if isinstance(body, Mapping):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        if not isinstance(body, bytes):
            raise TypeError(f"body={body!r} is not str, bytes or a dict")
        if headers is not None and (
            not isinstance(headers, Mapping)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items())
        ):
            raise TypeError(f"headers={headers!r} is not a dict of str to str")
        wire_headers = payloads.wire_headers(payloads.next_request_id())
        wire_headers.update({name.lower(): value for name, value in (headers or {}).items()})
        self._queue_answers(op.name).append(_WireAnswer(status, wire_headers, body))

    def _queue_answers(self, operation_name: str) -> deque[_WireAnswer | _Fault]:
        return self._queued.setdefault(operation_name, deque())

    # ------------------------------------------------------------ assertions

    def calls_to(self, operation: str) -> list[Call]:
        """The recorded attempts of one operation (either spelling)."""
        name = model.operation_model(operation).name
        return [call for call in self.calls if call.operation == name]

    # ------------------------------------------------------------ serving

    def _serve(self, request: AWSPreparedRequest) -> AWSResponse:
        op, params = _parse_request(request)
        attempt = _attempt(request)
        queued = self._queued.get(op.name)
        if queued:
            next_answer = queued.popleft()
            answer = next_answer.answer(op.name, params) if isinstance(next_answer, _Fault) else next_answer
        elif op.name in SERVED_OPERATIONS:
            answer = self._answer_from_state(op, params)
        else:
            served = ", ".join(xform_name(name) for name in SERVED_OPERATIONS)
            raise UnservedOperationError(
                f"the ssm-incidents fake does not serve {xform_name(op.name)} ({op.name}); it "
                f"serves {served}. Queue an answer with fake.add_raw_response("
                f"{xform_name(op.name)!r}, ...) or use the ssm_incidents_stub fixture"
            )
        error_code = answer.headers.get("x-amzn-errortype", "").split(":")[0] or None
        self.calls.append(
            Call(op.name, params, attempt, answer.status, error_code, answer.body.decode("utf-8", "replace"))
        )
        headers: Any = answer.headers
        return AWSResponse(request.url, answer.status, headers, _Raw(answer.body))

    def _answer_from_state(self, op: OperationModel, params: dict[str, Any]) -> _WireAnswer:
        assert op.input_shape is not None and op.output_shape is not None
        violations = [v for v in model.check(params, op.input_shape) if v.layer == "server"]
        if violations:
            count = len(violations)
            noun = "error" if count == 1 else "errors"
            text = f"{count} validation {noun} detected: " + "; ".join(v.service_message() for v in violations)
            return _error_answer(payloads.error_payload(op.name, "ValidationException", text))
        served: Callable[[dict[str, Any]], _WireAnswer] = getattr(self, f"_{xform_name(op.name)}")
        return served(params)

    def _get_incident_record(self, params: dict[str, Any]) -> _WireAnswer:
        body = self._records.get(params["arn"])
        return (
            _success("GetIncidentRecord", body) if body is not None else _not_found("GetIncidentRecord", params["arn"])
        )

    def _get_timeline_event(self, params: dict[str, Any]) -> _WireAnswer:
        stored = self._events.get((params["incidentRecordArn"], params["eventId"]))
        if stored is None:
            return _not_found("GetTimelineEvent", params["eventId"])
        return _success("GetTimelineEvent", stored.body)

    def _create_timeline_event(self, params: dict[str, Any]) -> _WireAnswer:
        arn = params["incidentRecordArn"]
        if arn not in self._records:
            return _not_found("CreateTimelineEvent", arn, resource_type="INCIDENT_RECORD")
        token = params.get("clientToken")
        event_id = self._client_tokens.get(token) if token else None
        if event_id is None:  # a repeated clientToken is the same request: same event
            event_time = parse_timestamp(params["eventTime"])
            event = {
                "incidentRecordArn": arn,
                "eventId": facts.stable_uuid("created-event", arn, len(self._events)),
                "eventType": params["eventType"],
                "eventTime": event_time,
                "eventUpdatedTime": event_time,
                "eventData": params["eventData"],
            }
            if params.get("eventReferences"):
                event["eventReferences"] = params["eventReferences"]
            self._store_event(event)
            event_id = event["eventId"]
            if token:
                self._client_tokens[token] = event_id
        output = {"eventId": event_id, "incidentRecordArn": arn}
        return _success("CreateTimelineEvent", _wire_body("CreateTimelineEvent", output))

    def _list_timeline_events(self, params: dict[str, Any]) -> _WireAnswer:
        if params.get("filters"):
            raise UnservedOperationError(
                "the ssm-incidents fake does not apply list_timeline_events filters; "
                "leave filters out, or queue the answer with fake.add_raw_response('list_timeline_events', ...)"
            )
        events = [e.event for (arn, _), e in self._events.items() if arn == params["incidentRecordArn"]]
        events.sort(key=lambda e: e["eventTime"], reverse=params.get("sortOrder") == "DESCENDING")
        start = _page_start(params.get("nextToken"))
        if start is None:
            message = f"The nextToken {params['nextToken']!r} is not valid"
            return _error_answer(payloads.error_payload("ListTimelineEvents", "ValidationException", message))
        end = start + int(params.get("maxResults", 100))
        summary_members = model.shape("EventSummary").members  # type: ignore[attr-defined]
        output: dict[str, Any] = {
            "eventSummaries": [{k: v for k, v in e.items() if k in summary_members} for e in events[start:end]]
        }
        if end < len(events):
            output["nextToken"] = base64.urlsafe_b64encode(f"offset:{end}".encode()).decode()
        return _success("ListTimelineEvents", _wire_body("ListTimelineEvents", output))

    def _store_event(self, event: dict[str, Any]) -> None:
        body = _wire_body("GetTimelineEvent", {"event": event})
        self._events[(event["incidentRecordArn"], event["eventId"])] = _StoredEvent(event, body)


@dataclass(frozen=True)
class _StoredEvent:
    event: dict[str, Any]
    body: bytes


def _page_start(token: Any) -> int | None:
    if token is None:
        return 0
    try:
        kind, _, offset = base64.urlsafe_b64decode(str(token).encode()).decode().partition(":")
        return int(offset) if kind == "offset" else None
    except ValueError:
        return None


# ---------------------------------------------------------------- the two patches


_ENDPOINT_MODULE: Any = botocore.endpoint
_ORIGINAL_SEND = vars(botocore.endpoint.Endpoint)["_send"]
_ORIGINAL_NEEDS_RETRY = vars(botocore.endpoint.Endpoint)["_needs_retry"]


def _fake_send(endpoint: botocore.endpoint.Endpoint, request: AWSPreparedRequest) -> AWSResponse:
    fake = _active
    if fake is None or getattr(endpoint, "_endpoint_prefix", None) != model.SERVICE_NAME:
        response: AWSResponse = _ORIGINAL_SEND(endpoint, request)
        return response
    return fake._serve(request)


class _RecordingTime(types.SimpleNamespace):
    """Stands in for the ``time`` module inside ``_needs_retry``: records sleeps."""

    def __init__(self, record: Callable[[float], None]) -> None:
        super().__init__(sleep=record, time=time.time, monotonic=time.monotonic)


def _needs_retry_without_sleep(endpoint: botocore.endpoint.Endpoint, *args: Any, **kwargs: Any) -> bool:
    fake = _active
    if fake is None or getattr(endpoint, "_endpoint_prefix", None) != model.SERVICE_NAME:
        return bool(_ORIGINAL_NEEDS_RETRY(endpoint, *args, **kwargs))
    # botocore computes the back-off and sleeps in this one function: run it with a
    # clock that records the delay instead. The swap is brief and locked, but a thread
    # retrying another service in that same instant would skip its sleep too.
    with _sleep_swap_lock:
        real_time = _ENDPOINT_MODULE.time
        _ENDPOINT_MODULE.time = _RecordingTime(fake.retry_sleeps.append)
        try:
            return bool(_ORIGINAL_NEEDS_RETRY(endpoint, *args, **kwargs))
        finally:
            _ENDPOINT_MODULE.time = real_time


_sleep_swap_lock = threading.Lock()


# ---------------------------------------------------------------- the wire format


_ATTEMPT = re.compile(r"attempt=(\d+)")


def _attempt(request: AWSPreparedRequest) -> int:
    match = _ATTEMPT.search(str(request.headers.get("amz-sdk-request", "")))
    return int(match.group(1)) if match else 1


@dataclass(frozen=True)
class _Route:
    operation: OperationModel
    method: str
    path: re.Pattern[str]


@functools.cache
def _all_routes() -> list[_Route]:
    routes = []
    for name in model.operation_names():
        op = model.operation_model(name)
        path = op.http["requestUri"].split("?")[0]
        pattern = re.sub(r"\{(\w+)(\+?)\}", lambda m: f"(?P<{m[1]}>{'.+' if m[2] else '[^/]+'})", path)
        routes.append(_Route(op, op.http["method"], re.compile(f"^{pattern}$")))
    return routes


def _route(method: str, path: str) -> tuple[_Route, re.Match[str]]:
    for route in _all_routes():
        match = route.path.match(path)
        if match and route.method == method:
            return route, match
    raise UnservedOperationError(f"no ssm-incidents operation answers {method} {path}")


def _parse_request(request: AWSPreparedRequest) -> tuple[OperationModel, dict[str, Any]]:
    """The operation and parameters, read from the HTTP request as the service reads it."""
    url = urllib.parse.urlsplit(request.url)
    route, match = _route(str(request.method), url.path)
    op = route.operation
    shape = op.input_shape
    params: dict[str, Any] = {}
    if shape is None:
        return op, params
    query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
    body: Any = request.body
    document = json.loads(body) if body else {}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "querystring" and wire_name in query:
            values = query[wire_name]
            params[name] = values if member.type_name == "list" else values[0]
        elif location == "uri" and wire_name in match.groupdict():
            params[name] = urllib.parse.unquote(match.group(wire_name))
        elif location == "header" and wire_name in request.headers:
            params[name] = request.headers[wire_name]
        elif location is None and isinstance(document, dict) and wire_name in document:
            params[name] = document[wire_name]
    return op, params


def _to_wire(value: Any, shape: Shape) -> Any:
    """A parsed value turned back into rest-json, as the service sends it."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {name: _to_wire(item, members[name]) for name, item in value.items() if name in members}
    if kind == "list":
        return [_to_wire(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if kind == "map":
        return {key: _to_wire(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    if kind == "timestamp" and isinstance(value, datetime.datetime):
        return value.timestamp()
    if kind == "blob" and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return value


def _wire_body(operation_name: str, output: dict[str, Any]) -> bytes:
    shape = model.operation_model(operation_name).output_shape
    assert shape is not None
    return json.dumps(_to_wire(output, shape)).encode("utf-8")


def _success(operation_name: str, body: bytes) -> _WireAnswer:
    # The success status is the model's (200 for most operations, 201 for creations).
    status = int(model.operation_model(operation_name).http.get("responseCode", 200))
    return _WireAnswer(status, payloads.wire_headers(payloads.next_request_id()), body)


def _error_answer(error: payloads.ErrorPayload) -> _WireAnswer:
    info = model.error_info(error.code)
    fields = _to_wire(error.fields, info.shape) if info else {"message": error.message}
    headers = payloads.wire_headers(payloads.next_request_id(), error.code)
    return _WireAnswer(error.http_status, headers, json.dumps(fields).encode("utf-8"))


def _not_found(operation_name: str, identifier: str, resource_type: str | None = None) -> _WireAnswer:
    error = payloads.error_payload(
        operation_name, "ResourceNotFoundException", resource_identifier=identifier, resource_type=resource_type
    )
    return _error_answer(error)
