"""[delivers] The rest-json wire format of ssm-incidents, both ways, derived from the service model.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

import botocore.parsers
from botocore.awsrequest import HeadersDict
from botocore.model import OperationModel, Shape

from ssmincidents_stub import _jsontext, facts, model, payloads

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


class Headers(Protocol):
    """Request headers read by name, ignoring case (botocore's and the standard library's do)."""

    def get(self, name: str, default: Any = None, /) -> Any: ...

    def __getitem__(self, name: str, /) -> Any: ...


_NO_HEADERS: Any = MappingProxyType({})  # an empty, read-only Headers


# Named tuples, not frozen dataclasses: one of each is made on every attempt, and a
# frozen dataclass's __init__ costs five times as much.
class HttpRequest(NamedTuple):
    """One HTTP request as it arrived: the raw, still percent-encoded path and query.

    Header values may be ``str`` or ``bytes``.
    """

    method: str
    path: str
    query: str = ""
    headers: Headers = _NO_HEADERS
    body: bytes = b""


class HttpAnswer(NamedTuple):
    """One HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def error_code(self) -> str | None:
        """The error code a client reads from this answer; None for a success."""
        return error_code_of(self.headers, self.body, self.status)


class WireError(Exception):
    """A request the service cannot read: no such route, or a body that is not its JSON."""

    def __init__(self, answer: HttpAnswer, message: str) -> None:
        super().__init__(message)
        self.answer = answer


def error_code_of(headers: Mapping[str, str], body: bytes = b"", status: int = 400) -> str | None:
    """The error code a botocore client reads from an answer; None for a success.

    Read by the installed botocore's own rest-json parser, so every rule it applies holds
    here too, in its version's order (a 5xx HTML page coded by its status, the
    ``x-amzn-errortype`` header, the body's ``code``, ``__type`` and ``x-amzn-query-error``,
    nulls, a byte-order mark), and no copy of them drifts when botocore changes.
    """
    if status <= 300:  # botocore parses 301 and up as errors
        return None
    response = {"status_code": status, "headers": HeadersDict(headers), "body": body}
    try:
        code = _error_parser().parse(response, None)["Error"]["Code"]
    except (ValueError, TypeError, AttributeError, LookupError):  # a body that breaks botocore's parser too
        return str(status)
    return code if isinstance(code, str) else str(code)


@functools.cache
def _error_parser() -> Any:
    return botocore.parsers.create_parser(model.service_model().protocol)


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


@functools.cache
def _literal_routes() -> dict[tuple[str, str], OperationModel]:
    """The routes without labels, by method and path: most operations, found in one lookup."""
    return {
        (route.method, "/" + "/".join(route.segments)): route.operation
        for route in _routes()
        if not any(segment.startswith("{") for segment in route.segments)
    }


@functools.cache
def _routes_by_first_segment() -> dict[tuple[str, str], tuple[_Route, ...]]:
    """Every route by method and first segment ("{" where that segment is a label), so a path tries few."""
    found: dict[tuple[str, str], list[_Route]] = {}
    for route in _routes():
        first = "{" if route.segments[0].startswith("{") else route.segments[0]
        found.setdefault((route.method, first), []).append(route)
    return {key: tuple(routes) for key, routes in found.items()}


def _route(method: str, path: str) -> tuple[OperationModel, dict[str, str]]:
    literal = _literal_routes().get((method, path))
    if literal is not None:
        return literal, {}
    # Match on the raw path, segment by segment, then unquote each label: an ARN in a
    # label may arrive with its slashes encoded (every SDK) or not (a request written by hand).
    # "/tags/" is the route of /tags/{resourceArn} with an empty label: keep the empty segment.
    raw = tuple((path[1:] if path.startswith("/") else path).split("/"))
    routes = _routes_by_first_segment()
    for route in routes.get((method, raw[0]), ()) + routes.get((method, "{"), ()):
        labels = _match(route.segments, raw)
        if labels is not None:
            return route.operation, labels
    raise WireError(
        _plain_error(facts.UNKNOWN_OPERATION_ERROR, f"No ssm-incidents operation answers {method} {path}"),
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
    return op, _reader(op.name)(request, labels)


_Reader = Callable[[HttpRequest, dict[str, str]], dict[str, Any]]


@functools.cache
def _reader(operation: str) -> _Reader:
    """Reads one operation's parameters: where each member travels, resolved once from the model."""
    op = model.operation_model(operation)
    shape: Any = op.input_shape
    if shape is None:
        return lambda request, labels: {}
    # (member, where it travels, its name there, its shape, its body decoder); in model order.
    members = [
        (name, ref.serialization.get("location"), ref.serialization.get("name", name), ref, _decoder(ref.name, False))
        for name, ref in shape.members.items()
    ]

    def read(request: HttpRequest, labels: dict[str, str]) -> dict[str, Any]:
        document = _json_document(op, request.body)  # read even where no member travels in it: it must be JSON
        query = _query(request.query) if request.query else {}
        params: dict[str, Any] = {}
        for name, location, wire_name, member, decode in members:
            if location is None:
                value = document.get(wire_name)
                if value is not None:
                    params[name] = value if decode is _same else _decoded(op, decode, value, member, name)
            elif location == "querystring":
                if wire_name in query:
                    values = query[wire_name]
                    params[name] = values if member.type_name == "list" else _from_text(op, values[0], member, name)
            elif location == "uri":
                if wire_name in labels:
                    params[name] = labels[wire_name]
            elif location == "header":
                text = request.headers.get(wire_name)
                if text is not None:
                    params[name] = _from_text(op, _text(text), member, name)
        return params

    return read


def _decoded(op: OperationModel, decode: _Codec, value: Any, shape: Shape, path: str) -> Any:
    try:
        return decode(value)
    except (ValueError, OverflowError, OSError):  # a timestamp or blob that cannot be read
        why = _why_unreadable(value, shape, path, strings=False)
    raise _bad_body(op, why)


def _query(query: str) -> dict[str, list[str]]:
    """The query string's values by name, as ``parse_qs(keep_blank_values=True)`` reads it, in a third of the time."""
    values: dict[str, list[str]] = {}
    for pair in query.split("&"):
        if pair:
            name, _, value = pair.partition("=")
            values.setdefault(_unquoted(name), []).append(_unquoted(value))
    return values


def _unquoted(text: str) -> str:
    if "%" not in text and "+" not in text:
        return text
    return urllib.parse.unquote(text.replace("+", " "))


def _json_document(op: OperationModel, body: bytes) -> dict[str, Any]:
    if not body or not body.strip():
        return {}
    try:
        document = _jsontext.loads(body)
    except (ValueError, RecursionError):
        raise _bad_body(op, "the request body is not valid JSON") from None
    if not isinstance(document, dict):
        raise _bad_body(op, "the request body is not a JSON object")
    return document


def _bad_body(op: OperationModel, why: str) -> WireError:
    message = facts.SERIALIZATION_MESSAGE.format(operation=op.name, why=why)
    return WireError(_plain_error(facts.SERIALIZATION_ERROR, message), why)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


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
    except (ValueError, OverflowError, OSError):
        raise _bad_body(op, f"{path}: {text[:80]!r} is not a {kind}") from None
    return text


def from_json(value: Any, shape: Shape, path: str = "") -> Any:
    """A JSON value of ``shape`` turned into the Python value botocore would have sent or parsed.

    Timestamps (epoch seconds or ISO 8601) become aware datetimes and blobs bytes; JSON
    nulls are dropped. A wrong JSON type or an unknown member is left as it is, for the
    model check to name; a timestamp or blob that cannot be read is a ``ValueError``
    naming its path.
    """
    try:
        return _decoder(shape.name, True)(value)
    except (ValueError, OverflowError, OSError):
        why = _why_unreadable(value, shape, path, strings=True)
    raise ValueError(why)


def _why_unreadable(value: Any, shape: Shape, path: str, *, strings: bool) -> str:
    try:
        _name_bad_value(value, shape, path, strings)
    except ValueError as error:
        return str(error)
    return f"{path or shape.name}: cannot be read"


# Codecs are compiled once per shape: a member that holds no timestamp, blob or structure
# below it is passed through as it is, so a call pays only for what needs converting.
_Codec = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _special(structure: Any, codec: Callable[[str], _Codec]) -> dict[str, _Codec]:
    """The codecs of a structure's members that do more than pass their value through."""
    codecs = {member: codec(target.name) for member, target in structure.members.items()}
    return {member: convert for member, convert in codecs.items() if convert is not _same}


@functools.cache
def _decoder(name: str, strings: bool) -> _Codec:
    """``strings``: timestamps may be text too (the control API's seeds); on the wire, only
    a JSON number of epoch seconds is one, as SDKs send it, and anything else is refused."""
    shape: Any = model.shape(name)
    kind = shape.type_name
    if kind == "structure":
        known = frozenset(shape.members)
        special = _special(shape, functools.partial(_decoder, strings=strings))

        def structure(value: Any) -> Any:
            if not isinstance(value, dict):
                return value  # the model check names it
            # On the wire an unknown member is dropped, as the service drops what a newer SDK
            # sends; in a seed it is kept, for the model check to name as a misspelling.
            return {
                member: special[member](item) if member in special else item
                for member, item in value.items()
                if item is not None and (strings or member in known)
            }

        return structure
    if kind in ("list", "map"):
        item_decoder = _decoder((shape.member if kind == "list" else shape.value).name, strings)
        if item_decoder is _same:
            return _same
        if kind == "list":
            return lambda value: [item_decoder(item) for item in value] if isinstance(value, list) else value
        return lambda value: (
            {key: item_decoder(item) for key, item in value.items()} if isinstance(value, dict) else value
        )
    if kind == "timestamp" and not strings:
        return _wire_timestamp
    if kind == "timestamp":
        return _seed_timestamp
    if kind == "blob":
        return lambda value: base64.b64decode(value, validate=True) if isinstance(value, str) else value
    return _same


def _is_number(value: Any) -> bool:
    """A JSON number (``True`` is an int to Python, not a number to JSON)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _seed_timestamp(value: Any) -> datetime.datetime:
    if not (_is_number(value) or isinstance(value, str)):
        raise ValueError(value)  # _name_bad_value says why, in JSON's terms: not botocore's datetime objects
    return _timestamp(value)


def _wire_timestamp(value: Any) -> datetime.datetime:
    if not _is_number(value):
        raise ValueError(value)  # _name_bad_value says why
    return _timestamp(value)


def _name_bad_value(value: Any, shape: Shape, path: str, strings: bool) -> None:
    """Raise ``ValueError`` naming the path of the timestamp or blob that could not be read."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        members = shape.members  # type: ignore[attr-defined]
        for name, item in value.items():
            if item is not None and name in members:
                _name_bad_value(item, members[name], f"{path}.{name}" if path else name, strings)
    elif kind == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            _name_bad_value(item, shape.member, f"{path}[{index}]", strings)  # type: ignore[attr-defined]
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            _name_bad_value(item, shape.value, f"{path}.{key}", strings)  # type: ignore[attr-defined]
    elif kind == "timestamp" and not strings and not _is_number(value):
        raise ValueError(f"{path}: {model.show(value, 80)} is not a timestamp: send epoch seconds as a JSON number")
    elif kind == "timestamp" and (_is_number(value) or isinstance(value, str)):
        try:
            _timestamp(value)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"{path}: {str(value)[:80]!r} is not a timestamp (epoch seconds or ISO 8601)") from None
    elif kind == "timestamp":
        raise ValueError(f"{path}: {model.show(value, 80)} is not a timestamp (epoch seconds or ISO 8601)")
    elif kind == "blob" and isinstance(value, str):
        try:
            base64.b64decode(value, validate=True)
        except ValueError:
            raise ValueError(f"{path}: {value[:80]!r} is not base64") from None


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
    """A Python value of ``shape`` turned into rest-json, as the service sends it.

    Only the values that JSON cannot hold as they are (timestamps, blobs) are converted;
    the rest is shared. The service's state holds modeled members only (its input is
    decoded by the model and its seeds are checked against it), and so does the answer.
    """
    return _encoder(shape.name)(value)


@functools.cache
def _encoder(name: str) -> _Codec:
    shape: Any = model.shape(name)
    kind = shape.type_name
    if kind == "structure":
        special = _special(shape, _encoder)
        if not special:
            return _same

        def structure(value: Any) -> Any:
            converted = dict(value)
            for member, convert in special.items():
                if member in converted:
                    converted[member] = convert(converted[member])
            return converted

        return structure
    if kind in ("list", "map"):
        item_encoder = _encoder((shape.member if kind == "list" else shape.value).name)
        if item_encoder is _same:
            return _same
        if kind == "list":
            return lambda value: [item_encoder(item) for item in value]
        return lambda value: {key: item_encoder(item) for key, item in value.items()}
    if kind in ("timestamp", "blob"):
        return _written
    return _same


def _written(value: Any) -> Any:
    """A timestamp or blob as rest-json writes it (``_as_json``); anything else as it is."""
    return _as_json(value) if isinstance(value, (datetime.datetime, bytes, bytearray)) else value


# What the service holds was decoded from JSON, checked against the model or built here: no cycles.
_encode_json = _jsontext.encoder()


def _as_json(value: Any) -> Any:
    """A value JSON cannot hold, as rest-json writes it: a timestamp in epoch seconds, a blob in base64.

    The answer encoder calls this for each value it does not know (its ``default``), so an
    answer is encoded as the service holds it: no copy of each structure that holds a time,
    with the same text as ``to_wire`` then encoding. The service holds modeled values only,
    so a datetime is a timestamp member and bytes a blob.
    """
    # The rules written here once (to_wire's ``_written`` uses them too), with no call in
    # between: the encoder calls this for every time of every answer.
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} {value!r} is not a value of the model")


_encode_answer = _jsontext.encoder(default=_as_json)


def encode_body(operation: str, output: Mapping[str, Any]) -> bytes:
    """The JSON body of a successful answer to ``operation``."""
    if not output or not _has_output(operation):
        return b""
    for value in output.values():
        if _holds_snapshots(value):
            return _with_snapshots(output).encode("utf-8")
    return _encode_answer(output).encode("utf-8")


def _holds_snapshots(value: Any) -> bool:
    kind = type(value)
    return kind is payloads.Snapshot or (kind is list and bool(value) and type(value[0]) is payloads.Snapshot)


def _with_snapshots(output: Mapping[str, Any]) -> str:
    """An answer holding snapshots (an item, or a page of them): each one's JSON is encoded once and kept on it.

    Encoding is most of what an answer costs the fake (about 3 microseconds a list item,
    10 an incident record, in the C encoder); the service hands out the same snapshot
    until the item changes, so its JSON is spliced in instead of encoded again.
    """
    members = []
    for name, value in output.items():
        if type(value) is payloads.Snapshot:
            text = _snapshot_json(value)
        elif _holds_snapshots(value):
            text = "[" + ", ".join([_snapshot_json(item) for item in value]) + "]"
        else:
            text = _encode_answer(value)
        members.append(f"{_json_name(name)}: {text}")
    return "{" + ", ".join(members) + "}"  # the encoder's own separators: the same bytes as encoding it whole


@functools.cache
def _json_name(name: str) -> str:
    """A member's name as JSON: the model's few names, encoded once."""
    return _encode_json(name)


def _snapshot_json(item: Any) -> str:
    if type(item) is not payloads.Snapshot:
        return _encode_answer(item)
    if item.encoded is None:
        item.encoded = _encode_answer(item)
    return item.encoded


@functools.cache
def _has_output(operation: str) -> bool:
    return model.operation_model(operation).output_shape is not None


def encode_output(operation: str, output: Mapping[str, Any]) -> HttpAnswer:
    """A successful answer: the model's status (200, or 201/204 where it says) and the body."""
    body = encode_body(operation, output)
    return HttpAnswer(model.success_status(operation), payloads.wire_headers(payloads.next_request_id()), body)


def encode_error(error: payloads.ErrorPayload) -> HttpAnswer:
    """An error answer: its status, ``x-amzn-errortype`` and the modeled fields as JSON."""
    info = model.error_info(error.code)
    fields = to_wire(error.fields, info.shape) if info else {"message": error.message}
    headers = payloads.wire_headers(payloads.next_request_id(), error.code)
    return HttpAnswer(error.http_status, headers, _encode_json(fields).encode("utf-8"))


def _plain_error(error: tuple[str, int], message: str) -> HttpAnswer:
    """An error of the protocol, not of the service: ``error`` is (code, status), from ``facts``."""
    code, status = error
    headers = payloads.wire_headers(payloads.next_request_id(), code)
    return HttpAnswer(status, headers, json.dumps({"message": message}).encode("utf-8"))


_ATTEMPT = re.compile(r"attempt=(\d{1,9})\b")  # longer is no SDK's: read as absent


def sdk_attempt(headers: Headers) -> int:
    """The attempt number an AWS SDK puts in ``amz-sdk-request`` (1 when absent)."""
    match = _ATTEMPT.search(_text(headers.get("amz-sdk-request") or ""))
    return int(match.group(1)) if match else 1
