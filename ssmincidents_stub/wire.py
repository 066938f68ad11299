"""The rest-json wire format of ssm-incidents, both ways, derived from the service model.

Delivery floor, shared by the fake and the server: an HTTP request becomes the
operation and its parameters as the service reads them (typed: timestamps as aware
datetimes, integers as ints); an output dict or an error becomes the status, headers
and body the service sends. Nothing here knows the service's state or semantics.
"""

from __future__ import annotations

import base64
import datetime
import functools
import json
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.model import OperationModel, Shape

from ssmincidents_stub import model, payloads

__all__ = [
    "HttpAnswer",
    "HttpRequest",
    "WireError",
    "decode_request",
    "encode_error",
    "encode_output",
    "error_code_of",
    "from_json",
    "to_wire",
]


@dataclass(frozen=True)
class HttpRequest:
    """One HTTP request as it arrived: the raw, still percent-encoded path and query."""

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class HttpAnswer:
    """One HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def error_code(self) -> str | None:
        return error_code_of(self.headers)


class WireError(Exception):
    """A request the service cannot read: no such route, or a body that is not its JSON."""

    def __init__(self, answer: HttpAnswer, message: str) -> None:
        super().__init__(message)
        self.answer = answer


def error_code_of(headers: Mapping[str, str]) -> str | None:
    """The error code an answer carries in ``x-amzn-errortype`` (the part before the colon)."""
    return headers.get("x-amzn-errortype", "").split(":")[0] or None


# ---------------------------------------------------------------- requests


@dataclass(frozen=True)
class _Route:
    operation: OperationModel
    method: str
    segments: tuple[str, ...]  # a literal segment, or "{label}"


@functools.cache
def _routes() -> tuple[_Route, ...]:
    routes = []
    for name in model.operation_names():
        op = model.operation_model(name)
        path = op.http["requestUri"].split("?")[0]
        routes.append(_Route(op, op.http["method"], tuple(path[1:].split("/"))))
    return tuple(routes)


def _route(method: str, path: str) -> tuple[OperationModel, dict[str, str]]:
    # Match on the raw path, segment by segment, then unquote each label: an ARN in a
    # label may arrive with its slashes encoded (botocore) or not (other SDKs).
    # "/tags/" is the route of /tags/{resourceArn} with an empty label: keep the empty segment.
    raw = tuple((path[1:] if path.startswith("/") else path).split("/"))
    for route in _routes():
        if route.method != method:
            continue
        labels = _match(route.segments, raw)
        if labels is not None:
            return route.operation, labels
    raise WireError(
        _plain_error(404, "UnknownOperationException", f"No ssm-incidents operation answers {method} {path}"),
        f"no ssm-incidents operation answers {method} {path}",
    )


def _match(template: tuple[str, ...], raw: tuple[str, ...]) -> dict[str, str] | None:
    labels: dict[str, str] = {}
    if template and template[-1].endswith("+}"):  # a greedy label takes the rest of the path
        head = len(template) - 1
        if len(raw) < len(template):
            return None
        raw = (*raw[:head], "/".join(raw[head:]))
    if len(raw) != len(template):
        return None
    for part, value in zip(template, raw, strict=True):
        if part.startswith("{"):
            labels[part.strip("{}+")] = urllib.parse.unquote(value)
        elif part != value:
            return None
    return labels


def decode_request(request: HttpRequest) -> tuple[OperationModel, dict[str, Any]]:
    """The operation and its parameters, read from the request as the service reads them.

    Raises ``WireError`` (carrying the answer the service would give) for an unknown
    route or a body that is not a JSON object of the operation's members.
    """
    op, labels = _route(request.method.upper(), request.path)
    shape = op.input_shape
    params: dict[str, Any] = {}
    if shape is None:
        return op, params
    document = _json_document(op, request.body)
    query = urllib.parse.parse_qs(request.query, keep_blank_values=True) if request.query else {}
    headers = {name.lower(): value for name, value in request.headers.items()}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location is None:
            if wire_name in document and document[wire_name] is not None:
                params[name] = _from_json(op, document[wire_name], member, name)
        elif location == "querystring" and wire_name in query:
            values = query[wire_name]
            params[name] = values if member.type_name == "list" else _from_text(op, values[0], member, name)
        elif location == "uri" and wire_name in labels:
            params[name] = labels[wire_name]
        elif location == "header" and wire_name.lower() in headers:
            params[name] = _from_text(op, headers[wire_name.lower()], member, name)
    return op, params


def _json_document(op: OperationModel, body: bytes) -> dict[str, Any]:
    if not body or not body.strip():
        return {}
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise _bad_body(op, "the request body is not valid JSON") from None
    if not isinstance(document, dict):
        raise _bad_body(op, "the request body is not a JSON object")
    return document


def _bad_body(op: OperationModel, why: str) -> WireError:
    error = payloads.error_payload(op.name, "ValidationException", f"Could not read the request: {why}")
    return WireError(encode_error(error), why)


def _from_text(op: OperationModel, text: str, shape: Shape, path: str) -> Any:
    """A query-string or header value, as the service converts it."""
    kind = shape.type_name
    try:
        if kind in ("integer", "long"):
            return int(text)
        if kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError(text)
            return text == "true"
        if kind == "timestamp":
            return _timestamp(text)
    except (ValueError, OverflowError):
        raise _bad_body(op, f"{path}: {text[:80]!r} is not a {kind}") from None
    return text


def from_json(value: Any, shape: Shape, path: str = "") -> Any:
    """A JSON value of ``shape`` turned into the Python value botocore would have sent or parsed.

    Timestamps (epoch seconds or ISO 8601) become aware datetimes and blobs bytes; JSON
    nulls and unknown members are dropped, as the service drops them. A wrong JSON type
    is left as it is, for the model check to name; a timestamp or blob that cannot be
    read is a ``ValueError`` naming its path.
    """
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        return {
            name: from_json(item, members[name], f"{path}.{name}" if path else name)
            for name, item in value.items()
            if item is not None and name in members
        }
    if kind == "list" and isinstance(value, list):
        member = shape.member  # type: ignore[attr-defined]
        return [from_json(item, member, f"{path}[{i}]") for i, item in enumerate(value)]
    if kind == "map" and isinstance(value, dict):
        member = shape.value  # type: ignore[attr-defined]
        return {key: from_json(item, member, f"{path}.{key}") for key, item in value.items()}
    if kind == "timestamp" and not isinstance(value, bool) and isinstance(value, (int, float, str)):
        try:
            return _timestamp(value)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"{path}: {str(value)[:80]!r} is not a timestamp (epoch seconds or ISO 8601)") from None
    if kind == "blob" and isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except ValueError:
            raise ValueError(f"{path}: {value[:80]!r} is not base64") from None
    return value


def _from_json(op: OperationModel, value: Any, shape: Shape, path: str) -> Any:
    try:
        return from_json(value, shape, path)
    except ValueError as error:
        raise _bad_body(op, str(error)) from None


def _timestamp(value: float | str) -> datetime.datetime:
    if isinstance(value, str):
        try:
            seconds = float(value)
        except ValueError:
            parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.timezone.utc)
    else:
        seconds = value
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)


# ---------------------------------------------------------------- answers


def to_wire(value: Any, shape: Shape) -> Any:
    """A Python value of ``shape`` turned into rest-json, as the service sends it."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        return {name: to_wire(item, members[name]) for name, item in value.items() if name in members}
    if kind == "list":
        member = shape.member  # type: ignore[attr-defined]
        return [to_wire(item, member) for item in value]
    if kind == "map":
        member = shape.value  # type: ignore[attr-defined]
        return {key: to_wire(item, member) for key, item in value.items()}
    if kind == "timestamp" and isinstance(value, datetime.datetime):
        return value.timestamp()
    if kind == "blob" and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return value


def encode_body(operation: str, output: Mapping[str, Any]) -> bytes:
    """The JSON body of a successful answer to ``operation``."""
    shape = model.operation_model(operation).output_shape
    if shape is None or not output:
        return b""
    return json.dumps(to_wire(output, shape)).encode("utf-8")


def encode_output(operation: str, output: Mapping[str, Any] | bytes) -> HttpAnswer:
    """A successful answer: the model's status (200, or 201/204 where it says) and the body.

    ``output`` may be a body already encoded with ``encode_body``.
    """
    body = output if isinstance(output, bytes) else encode_body(operation, output)
    return HttpAnswer(_success_status(operation), payloads.wire_headers(payloads.next_request_id()), body)


@functools.cache
def _success_status(operation: str) -> int:
    return int(model.operation_model(operation).http.get("responseCode", 200))


def encode_error(error: payloads.ErrorPayload) -> HttpAnswer:
    """An error answer: its status, ``x-amzn-errortype`` and the modeled fields as JSON."""
    info = model.error_info(error.code)
    fields = to_wire(error.fields, info.shape) if info else {"message": error.message}
    headers = payloads.wire_headers(payloads.next_request_id(), error.code)
    return HttpAnswer(error.http_status, headers, json.dumps(fields).encode("utf-8"))


def _plain_error(status: int, code: str, message: str) -> HttpAnswer:
    headers = payloads.wire_headers(payloads.next_request_id(), code)
    return HttpAnswer(status, headers, json.dumps({"message": message}).encode("utf-8"))


_ATTEMPT = re.compile(r"attempt=(\d+)")


def sdk_attempt(headers: Mapping[str, str]) -> int:
    """The attempt number an AWS SDK puts in ``amz-sdk-request`` (1 when absent)."""
    value = headers.get("amz-sdk-request") or headers.get("Amz-Sdk-Request") or ""
    match = _ATTEMPT.search(value if isinstance(value, str) else value.decode("ascii", "replace"))
    return int(match.group(1)) if match else 1
