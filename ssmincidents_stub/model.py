"""[is] The ssm-incidents service model from the installed botocore: shapes, errors, constraints.

Everything the rest of the package knows about the service's shapes comes from
here, and everything here comes from botocore's own model files and retry rules.
The checker reports each broken constraint with its path and says which layer
rejects it: botocore's client-side ``ParamValidator`` or the service itself.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import functools
import itertools
import json
import re
import reprlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import botocore.loaders
from botocore import xform_name
from botocore.model import OperationModel, ServiceModel, Shape, StructureShape
from botocore.retries.standard import ThrottledRetryableChecker, TransientRetryableChecker
from botocore.utils import parse_to_aware_datetime

SERVICE_NAME = "ssm-incidents"

Layer = Literal["client", "server"]

__all__ = [
    "SERVICE_NAME",
    "ErrorInfo",
    "UnknownOperationError",
    "UnknownRegionError",
    "Violation",
    "arn_partitions",
    "check",
    "check_members",
    "error_info",
    "loader",
    "modeled_errors",
    "operation_model",
    "operation_names",
    "partition_of",
    "service_model",
    "shape",
    "show",
]


class UnknownOperationError(ValueError):
    """An operation name that the ssm-incidents model does not have."""


@functools.cache
def service_model() -> ServiceModel:
    """The service model botocore ships, loaded once per process."""
    return ServiceModel(loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@functools.cache
def loader() -> botocore.loaders.Loader:
    """A loader of botocore's own data only; it caches what it reads, so the clients share it.

    botocore's default loader also searches ``~/.aws/models`` and ``AWS_DATA_PATH``: a
    user's file there would change the model, and so this plugin's limits.
    """
    return botocore.loaders.Loader(
        extra_search_paths=[botocore.loaders.Loader.BUILTIN_DATA_PATH], include_default_search_paths=False
    )


@functools.cache
def partitions() -> tuple[dict[str, Any], ...]:
    """botocore's partitions data (``id``, ``regions``, ``regionRegex``, ``outputs``), in botocore's order."""
    return tuple(loader().load_data("partitions")["partitions"])


@functools.cache
def regions_in(partition: str) -> frozenset[str]:
    """The regions botocore lists for ``partition``, without the names of its global endpoints."""
    return frozenset(
        region
        for entry in partitions()
        if entry["id"] == partition
        for region in entry["regions"]
        if re.fullmatch(entry["regionRegex"], region)
    )


@functools.cache
def aws_dns_suffixes() -> tuple[str, ...]:
    """The DNS suffixes of every partition's endpoints (``amazonaws.com``, ``api.aws``, ...), from botocore's data."""
    outputs = [partition["outputs"] for partition in partitions()]
    keys = ("dnsSuffix", "dualStackDnsSuffix")
    return tuple(sorted({str(output[key]) for output in outputs for key in keys if key in output}))


class UnknownRegionError(ValueError):
    """A region that no partition of botocore's data accepts."""


def partition_of(region: str) -> str:
    """The partition of ``region`` (``aws``, ``aws-cn``, ``aws-us-gov``), from botocore's data.

    Raises ``UnknownRegionError`` for a region no partition accepts, or one whose
    partition the model's ARN pattern does not allow (so no ARN could be built for it).
    """
    if not isinstance(region, str) or not region:  # before the cache, which would hash a list
        raise UnknownRegionError(f"region={show(region)} is not an AWS region name, e.g. 'us-east-1'")
    return _partition_of(region)


@functools.cache
def _partition_of(region: str) -> str:
    for partition in partitions():
        if region in partition["regions"] and not re.fullmatch(partition["regionRegex"], region):
            # Listed, but not a region name by the partition's own pattern: a global endpoint's name.
            raise UnknownRegionError(
                f"region={show(region)} is botocore's name for the global endpoints of partition "
                f"{partition['id']!r}, not a region that {SERVICE_NAME} runs in; use a region such as 'us-east-1'"
            )
        if re.fullmatch(partition["regionRegex"], region):
            name = str(partition["id"])
            if name not in arn_partitions():
                raise UnknownRegionError(
                    f"region={show(region)} is in partition {name!r}, which the {SERVICE_NAME} model's ARN "
                    f"pattern does not allow; partitions it allows: {', '.join(arn_partitions())}"
                )
            return name
    raise UnknownRegionError(
        f"region={_show(region)} is not a region of any partition in botocore's data "
        f"(partitions: {', '.join(p['id'] for p in partitions())}); use a region name such as "
        f"'us-east-1', 'eu-west-1', 'cn-north-1' or 'us-gov-west-1'"
    )


@functools.cache
def arn_partitions() -> tuple[str, ...]:
    """botocore's partitions that the model's ``Arn`` pattern accepts, in botocore's order."""
    ids = [partition["id"] for partition in partitions()]
    pattern = re.compile(service_model().shape_for("Arn").metadata["pattern"])
    return tuple(p for p in ids if pattern.match(f"arn:{p}:svc:region:123456789012:resource"))


@functools.cache
def _operation_aliases() -> dict[str, str]:
    names = service_model().operation_names
    aliases = {name: name for name in names}
    aliases.update({xform_name(name): name for name in names})
    return aliases


def operation_names() -> list[str]:
    """Every operation of the service, in the model's spelling (``GetIncidentRecord``)."""
    return list(service_model().operation_names)


def operation_model(operation: str) -> OperationModel:
    """The operation named ``GetIncidentRecord`` or ``get_incident_record``."""
    name = _operation_aliases().get(operation) if isinstance(operation, str) else None
    if name is None:
        choices = ", ".join(sorted(xform_name(op) for op in operation_names()))
        raise UnknownOperationError(
            f"operation={show(operation, 100)} is not an operation of {SERVICE_NAME}; "
            f"valid operations (either spelling, e.g. get_incident_record or "
            f"GetIncidentRecord): {choices}"
        )
    return service_model().operation_model(name)


@functools.cache
def success_status(operation: str) -> int:
    """The HTTP status of a successful answer to ``operation``: the model's (201, 204), else 200."""
    return int(operation_model(operation).http.get("responseCode", 200))


@functools.cache
def waited_operations() -> frozenset[str]:
    """The operations some waiter of the service polls (``GetReplicationSet``), from botocore's waiter model."""
    waiters = loader().load_service_model(SERVICE_NAME, "waiters-2")
    return frozenset(config["operation"] for config in waiters["waiters"].values())


def shape(name: str) -> Shape:
    """A named shape of the model, e.g. ``IncidentRecord`` (one object per name, kept)."""
    try:
        if not isinstance(name, str) or name not in _shape_names():
            raise botocore.model.NoShapeFoundError(name)
        return _known_shape(name)
    except botocore.model.NoShapeFoundError:
        names = sorted(service_model().shape_names)
        close = difflib.get_close_matches(name, names, n=5) if isinstance(name, str) else []
        hint = f"closest: {', '.join(close)}" if close else f"e.g. {', '.join(names[:5])}"
        raise ValueError(
            f"shape={show(name, 100)} is not a shape of the {SERVICE_NAME} model ({len(names)} shapes, "
            f"listed by model.service_model().shape_names); {hint}"
        ) from None


@dataclass(frozen=True)
class ErrorInfo:
    """One modeled error: its code, HTTP status and modeled members."""

    code: str
    http_status: int
    members: tuple[str, ...]
    required: tuple[str, ...]
    shape: StructureShape

    @property
    def retryable(self) -> bool:
        """Whether botocore's retry handler retries it (throttling or a transient 5xx)."""
        return is_retryable(self.code, self.http_status)


def is_retryable(code: str, http_status: int) -> bool:
    """botocore's own rule: throttling codes and transient server statuses are retried."""
    throttled: list[str] = getattr(ThrottledRetryableChecker, "_THROTTLED_ERROR_CODES")  # noqa: B009
    transient: list[str] = getattr(TransientRetryableChecker, "_TRANSIENT_ERROR_CODES")  # noqa: B009
    statuses: list[int] = getattr(TransientRetryableChecker, "_TRANSIENT_STATUS_CODES")  # noqa: B009
    return code in throttled or code in transient or http_status in statuses


def _error_info(error_shape: Shape) -> ErrorInfo:
    assert isinstance(error_shape, StructureShape)
    return ErrorInfo(
        code=error_shape.error_code or error_shape.name,
        http_status=int(error_shape.metadata["error"]["httpStatusCode"]),
        members=tuple(m for m in error_shape.members if m != "message"),
        required=tuple(m for m in error_shape.required_members if m != "message"),
        shape=error_shape,
    )


@functools.cache
def _errors_of(operation_name: str) -> dict[str, ErrorInfo]:
    op = service_model().operation_model(operation_name)
    return {info.code: info for info in map(_error_info, op.error_shapes)}


def modeled_errors(operation: str) -> dict[str, ErrorInfo]:
    """The errors the model lists for ``operation``, keyed by error code."""
    return dict(_errors_of(operation_model(operation).name))


def error_info(code: str) -> ErrorInfo | None:
    """The modeled error with that code anywhere in the service, or None."""
    return _all_errors().get(code)


@functools.cache
def _all_errors() -> dict[str, ErrorInfo]:
    return {info.code: info for info in map(_error_info, service_model().error_shapes)}


# ---------------------------------------------------------------- constraints


@dataclass(frozen=True)
class Violation:
    """One broken constraint: where, what, and who rejects it."""

    path: str
    message: str
    layer: Layer
    constraint: str
    value: Any = None
    bound: Any = None
    shape: str = ""
    """The name of the shape whose constraint broke."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def service_message(self) -> str:
        """The sentence the service puts in a ValidationException for this violation."""
        if self.constraint == "max":
            measured = "length" if isinstance(self.value, (str, list, dict)) else "value"
            rule = f"have {measured} less than or equal to {self.bound}"
        elif self.constraint == "pattern":
            rule = f"satisfy regular expression pattern: {self.bound}"
        elif self.constraint == "enum":
            rule = f"satisfy enum value set: [{', '.join(self.bound)}]"
        elif self.constraint == "required":
            return f"Value null at '{self.path}' failed to satisfy constraint: Member must not be null"
        elif self.constraint == "min":
            measured = "length" if isinstance(self.value, (str, list, dict)) else "value"
            rule = f"have {measured} greater than or equal to {self.bound}"
        elif self.constraint == "type":
            rule = f"be {self.bound}"
        elif self.constraint == "union":
            rule = f"have exactly one member set, one of: {', '.join(self.bound)}"
        elif self.constraint == "unknown":
            rule = f"be one of the members: {', '.join(self.bound)}"
        else:
            rule = self.message
        return f"Value '{_as_sent(self.value)}' at '{self.path}' failed to satisfy constraint: Member must {rule}"


def _as_sent(value: Any) -> str:
    """A value as the service would quote it: JSON-like, not a Python repr, and bounded."""
    if isinstance(value, str):
        return value if len(value) <= 80 else f"{value[:77]}..."  # quoted by the caller, as a short one is
    try:
        text = json.dumps(value, default=_as_text, separators=(", ", ": "))
    except (ValueError, TypeError, RecursionError):
        return _show(value)
    return text if len(text) <= 200 else f"{text[:197]}..."


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.datetime) else str(value)


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 3
_SHORT.maxstring = 200
_SHORT.maxother = 80
_SHORT.maxlong = 40
_SHORT.maxdict = _SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = 4


def documentation_text(shape_name: str) -> str:
    """A shape's documentation string as plain text (the model writes it as HTML)."""
    return " ".join(re.sub(r"<[^>]+>", " ", shape(shape_name).documentation).split())


def show(value: Any, width: int = 200) -> str:
    """``repr(value)``, bounded: any value, however large or deep, in about ``width`` characters."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"<an integer of {value.bit_length()} bits>"
    try:
        text = _SHORT.repr(value)
    except Exception:  # a user's object whose __repr__ fails: name its type instead
        return f"<{type(value).__name__} object>"
    if len(text) > width:
        size = f", length {len(value)}" if isinstance(value, (str, bytes, list, tuple, dict)) else ""
        text = f"{text[: width - 40]}... ({type(value).__name__}{size})"
    return text


_show = show


@dataclass(frozen=True)
class _Rules:
    """One shape's constraints, resolved once: botocore rebuilds member maps on every access."""

    name: str
    type_name: str
    members: dict[str, str]
    required: tuple[str, ...]
    union: bool
    element: str | None
    key: str | None
    value: str | None
    low: int | None
    high: int | None
    enum: tuple[str, ...]
    pattern: str | None
    regex: re.Pattern[str] | None


# The width of the model's whole-number types, which it does not state: AWS models are
# Smithy models, where an integer is a 32-bit and a long a 64-bit signed number. A shape
# with no bounds of its own holds what its type does; the service reads nothing wider.
INTEGER_BITS = {"integer": 32, "long": 64}


def bounds(shape_: Shape) -> tuple[Any, Any]:
    """The shape's ``min`` and ``max``; for a whole number without its own, its type's (``INTEGER_BITS``)."""
    meta, bits = shape_.metadata, INTEGER_BITS.get(shape_.type_name)
    if bits is None:
        return meta.get("min"), meta.get("max")
    return meta.get("min", -(2 ** (bits - 1))), meta.get("max", 2 ** (bits - 1) - 1)


# The model's patterns are Java regular expressions, where "." matches no line terminator.
JAVA_LINE_TERMINATORS = "\n\r\x85\u2028\u2029"
_JAVA_DOT = r"[^\n\r\x85\u2028\u2029]"  # the same, as a regular expression reads them


def _as_python(pattern: str) -> str:
    """A model pattern as Python reads it the way the service (Java) does.

    Python's "." matches every line terminator but "\\n", and its "$" also matches before
    a final newline: a "." outside a character class becomes a class without the line
    terminators, and a final "$" becomes "\\Z".
    """
    out: list[str] = []
    escaped = in_class = False
    class_start = -1
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            # A "]" first in a class ("[]..." or "[^]...") is a literal, not its end.
            in_class = not (char == "]" and index > class_start)
        elif char == "[":
            in_class = True
            class_start = index + (2 if pattern[index + 1 : index + 2] == "^" else 1)
        elif char == ".":
            out.append(_JAVA_DOT)
            continue
        out.append(char)
    if out and out[-1] == "$" and not escaped and (len(out) < 2 or out[-2] != "\\"):
        out[-1] = "\\Z"
    return "".join(out)


def pattern_regex(shape_name: str) -> re.Pattern[str] | None:
    """A string shape's pattern, compiled to match what the service's does; None if it has none."""
    return _rules(shape_name).regex


@functools.cache
def _rules(name: str) -> _Rules:
    shape_: Any = service_model().shape_for(name)
    meta = shape_.metadata
    pattern = meta.get("pattern")
    regex = re.compile(_as_python(pattern)) if pattern else None
    kind = shape_.type_name
    members = shape_.members if kind == "structure" else {}
    low, high = bounds(shape_)
    return _Rules(
        name=name,
        type_name=kind,
        members={member: ref.name for member, ref in members.items()},
        required=tuple(meta.get("required", ())),
        union=bool(meta.get("union")),
        element=shape_.member.name if kind == "list" else None,
        key=shape_.key.name if kind == "map" else None,
        value=shape_.value.name if kind == "map" else None,
        low=low,
        high=high,
        enum=tuple(meta.get("enum", ())),
        pattern=pattern,
        regex=regex,
    )


# Python types botocore's ParamValidator accepts per model type (validate.py).
_CLIENT_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "float": (float, int),
    "double": (float, int),
    "structure": (dict,),
    "map": (dict,),
    "list": (list, tuple),
}
_TYPE_WORDS = {"structure": "a dict", "map": "a dict", "list": "a list", "integer": "an integer"}


def check(value: Any, shape_: Shape | str, path: str = "") -> list[Violation]:
    """Every constraint of ``shape_`` (a Shape or a shape name) that ``value`` breaks.

    Client-side rules mirror botocore's ``ParamValidator`` (type, required and
    unknown members, ``min``, one member per tagged union). Server-side rules are
    what botocore skips and the service enforces: ``max``, ``pattern``, ``enum``.
    """
    name = shape_ if isinstance(shape_, str) else getattr(shape_, "name", None)
    if not isinstance(name, str) or name not in _shape_names():
        raise ValueError(f"shape={show(shape_)} is not a shape of the {SERVICE_NAME} model")
    if _is_valid(name)(value):  # the common case, answered without building a report
        return []
    return _full_check(value, name, path)


def _full_check(value: Any, name: str, path: str = "") -> list[Violation]:
    found: list[Violation] = []
    with contextlib.suppress(_EnoughFound):
        _check(value, _rules(name), path, found)
    return found


# A value may be huge; its report need not be. Checking stops after this many violations.
MAX_VIOLATIONS = 20


class _EnoughFound(Exception):
    pass


def _found(found: list[Violation], violation: Violation) -> None:
    found.append(violation)
    if len(found) >= MAX_VIOLATIONS:
        raise _EnoughFound


@functools.cache
def _known_shape(name: str) -> Shape:
    # botocore builds a new Shape, and its members, on every shape_for: build each once.
    return service_model().shape_for(name)


@functools.cache
def _shape_names() -> frozenset[str]:
    return frozenset(service_model().shape_names)


_Valid = Callable[[Any], bool]


@functools.cache
def _is_valid(name: str) -> _Valid:
    """A predicate compiled once per shape: True only for a value ``_check`` finds nothing wrong with.

    It never says True where ``_check`` would object; where in doubt (a subclass, a
    timestamp string, a type it does not know) it says False, and the full check
    decides and writes the report.
    """
    rules = _rules(name)
    kind = rules.type_name
    low, high = rules.low, rules.high
    if kind == "structure":
        members = {member: _is_valid(target) for member, target in rules.members.items()}
        required, union = rules.required, rules.union

        def structure(value: Any) -> bool:
            if type(value) is not dict or (union and len(value) != 1):
                return False
            for member in required:
                if member not in value:
                    return False
            for member, item in value.items():
                valid = members.get(member) if type(member) is str else None
                if valid is None or not valid(item):
                    return False
            return True

        return structure
    if kind in ("list", "map"):

        def sized(value: Any) -> bool:
            return (high is None or len(value) <= high) and (low is None or len(value) >= low)

        if kind == "list":
            element = _is_valid(rules.element or "")
            return lambda value: (
                (type(value) is list or type(value) is tuple) and sized(value) and all(map(element, value))
            )
        key, item = _is_valid(rules.key or ""), _is_valid(rules.value or "")
        return lambda value: (
            type(value) is dict and sized(value) and all(map(key, value)) and all(map(item, value.values()))
        )
    if kind == "string":
        enum, regex = frozenset(rules.enum), rules.regex

        def string(value: Any) -> bool:
            return (
                type(value) is str
                and (low is None or len(value) >= low)
                and (high is None or len(value) <= high)
                and (not enum or value in enum)
                and (regex is None or regex.search(value) is not None)
            )

        return string
    if kind == "timestamp":
        return lambda value: type(value) is datetime.datetime
    if kind == "blob":
        return lambda value: type(value) in (bytes, bytearray, str)
    if kind == "boolean":
        return lambda value: type(value) is bool
    if kind not in ("integer", "long", "float", "double"):
        return lambda value: False  # a type this predicate does not know: the full check decides
    numbers = (int,) if kind in ("integer", "long") else (int, float)
    return lambda value: type(value) in numbers and (low is None or value >= low) and (high is None or value <= high)


def _check(value: Any, rules: _Rules, path: str, found: list[Violation]) -> None:
    type_name = rules.type_name
    if type_name == "timestamp":
        if not _is_timestamp(value):
            message = f"{_show(value)} is not a timestamp (a datetime)"
            _found(found, Violation(path, message, "client", "type", value, "a timestamp"))
        return
    if type_name == "blob":
        if not isinstance(value, (bytes, bytearray, str)):
            _found(found, Violation(path, f"{_show(value)} is not bytes", "client", "type", value, "bytes"))
        return
    accepted = _CLIENT_TYPES[type_name]
    if not isinstance(value, accepted) or (type_name != "boolean" and isinstance(value, bool)):
        # botocore lets a bool through as an int; the service's JSON parser does not.
        layer: Layer = "server" if isinstance(value, accepted) else "client"
        wanted = _TYPE_WORDS.get(type_name, f"a {type_name}")
        message = f"{_show(value)} is not {wanted} (got {type(value).__name__})"
        _found(found, Violation(path, message, layer, "type", value, wanted))
        if layer == "client":
            return
    if type_name == "structure":
        _check_structure(value, rules, path, found)
    elif type_name == "list":
        _check_range(value, len(value), rules, path, found, f"{len(value)} items")
        element = _rules(rules.element or "")
        for index, item in enumerate(itertools.islice(value, _checked_items(rules, len(value)))):
            _check(item, element, f"{path}[{index}]", found)
    elif type_name == "map":
        # botocore checks no map's size; the service does.
        _check_range(value, len(value), rules, path, found, f"{len(value)} entries", min_layer="server")
        key_rules, value_rules = _rules(rules.key or ""), _rules(rules.value or "")
        for key, item in itertools.islice(value.items(), _checked_items(rules, len(value))):
            _check(key, key_rules, f"{path} (key {_show(key)})", found)
            _check(item, value_rules, f"{path}.{key if isinstance(key, str) else _show(key)}", found)
    elif type_name == "string":
        _check_range(value, len(value), rules, path, found, f"length {len(value)}")
        if rules.high is None or len(value) <= rules.high:  # no pattern search over a huge string
            _check_string(value, rules, path, found)
    else:
        _check_range(value, value, rules, path, found, _show(value))


def _is_timestamp(value: Any) -> bool:
    # botocore accepts whatever its own timestamp parser accepts.
    if isinstance(value, datetime.datetime):
        return True
    try:
        parse_to_aware_datetime(value)
    except Exception:  # botocore's parser raises RuntimeError, ValueError, OverflowError...
        return False
    return True


def _check_structure(value: Mapping[str, Any], rules: _Rules, path: str, found: list[Violation]) -> None:
    members = rules.members
    prefix = f"{path}." if path else ""
    if rules.union and len(value) != 1:
        given = ", ".join(name if isinstance(name, str) else _show(name) for name in list(value)[:5]) or "none"
        message = f"a tagged union takes exactly one member, got {len(value)} ({given}); members: {', '.join(members)}"
        _found(found, Violation(path or rules.name, message, "client", "union", value, tuple(members)))
    for name in rules.required:
        if name not in value:
            message = f"missing required member (required: {', '.join(rules.required)})"
            _found(found, Violation(f"{prefix}{name}", message, "client", "required"))
    for name, item in value.items():
        member = members.get(name) if isinstance(name, str) else None
        if member is None:
            message = f"unknown member {_show(name)}; valid members: {', '.join(members)}"
            shown_name = name if isinstance(name, str) and len(name) <= 80 else _show(name)
            _found(found, Violation(f"{prefix}{shown_name}", message, "client", "unknown", item, tuple(members)))
        else:
            _check(item, _rules(member), f"{prefix}{name}", found)


def _checked_items(rules: _Rules, size: int) -> int:
    # Past the maximum the value is refused anyway: its excess is not worth checking. With
    # no maximum every item is checked (the report still stops at MAX_VIOLATIONS).
    return size if rules.high is None else min(size, rules.high + 1)


def _check_range(
    value: Any,
    measure: float,
    rules: _Rules,
    path: str,
    found: list[Violation],
    shown: str,
    min_layer: Layer = "client",
) -> None:
    if rules.low is not None and measure < rules.low:
        message = f"{shown} is below the minimum {rules.low}"
        _found(found, Violation(path, message, min_layer, "min", value, rules.low, rules.name))
    if rules.high is not None and measure > rules.high:
        message = f"{shown} is above the maximum {rules.high}"
        _found(found, Violation(path, message, "server", "max", value, rules.high, rules.name))


def _check_string(value: str, rules: _Rules, path: str, found: list[Violation]) -> None:
    if rules.enum and value not in rules.enum:
        shown = f"{_show(value)} is not one of {', '.join(rules.enum)}"
        _found(found, Violation(path, shown, "server", "enum", value, list(rules.enum)))
    if rules.regex is not None and not rules.regex.search(value):
        shown = f"{_show(value)} does not match the pattern {rules.pattern!r}"
        _found(found, Violation(path, shown, "server", "pattern", value, rules.pattern))


def check_members(value: Mapping[str, Any], shape_: str, names: Iterable[str], path: str = "") -> list[Violation]:
    """Like ``check``, for only the named members of a structure (the rest are known good)."""
    rules = _rules(shape_)
    prefix = f"{path}." if path else ""
    found: list[Violation] = []
    with contextlib.suppress(_EnoughFound):
        _check_named(value, rules, names, prefix, found)
    return found


def _check_named(
    value: Mapping[str, Any], rules: _Rules, names: Iterable[str], prefix: str, found: list[Violation]
) -> None:
    for name in names:
        member = rules.members.get(name)
        if member is None:
            message = f"unknown member {name!r}; valid members: {', '.join(rules.members)}"
            _found(
                found, Violation(f"{prefix}{name}", message, "client", "unknown", value.get(name), tuple(rules.members))
            )
        elif name in value:
            _check(value[name], _rules(member), f"{prefix}{name}", found)
        elif name in rules.required:
            message = f"missing required member (required: {', '.join(rules.required)})"
            _found(found, Violation(f"{prefix}{name}", message, "client", "required"))
