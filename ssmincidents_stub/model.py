"""The ssm-incidents service model from the installed botocore: shapes, errors, constraints.

Everything the rest of the package knows about the service's shapes comes from
here, and everything here comes from botocore's own model files and retry rules.
The checker reports each broken constraint with its path and says which layer
rejects it: botocore's client-side ``ParamValidator`` or the service itself.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping, Sequence
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
    "Violation",
    "check",
    "error_info",
    "modeled_errors",
    "operation_model",
    "operation_names",
    "service_model",
    "shape",
]


class UnknownOperationError(ValueError):
    """An operation name that the ssm-incidents model does not have."""


@functools.cache
def service_model() -> ServiceModel:
    """The service model botocore ships, loaded once per process."""
    loader = botocore.loaders.create_loader()
    return ServiceModel(loader.load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


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
            f"operation={operation!r} is not an operation of {SERVICE_NAME}; "
            f"valid operations (either spelling, e.g. get_incident_record or "
            f"GetIncidentRecord): {choices}"
        )
    return service_model().operation_model(name)


def shape(name: str) -> Shape:
    """A named shape of the model, e.g. ``IncidentRecord``."""
    try:
        return service_model().shape_for(name)
    except botocore.model.NoShapeFoundError:
        raise ValueError(
            f"shape={name!r} is not a shape of the {SERVICE_NAME} model; valid shapes: "
            + ", ".join(sorted(service_model().shape_names))
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
    for error_shape in service_model().error_shapes:
        info = _error_info(error_shape)
        if info.code == code:
            return info
    return None


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

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def service_message(self) -> str:
        """The sentence the service puts in a ValidationException for this violation."""
        if self.constraint == "max":
            measured = "length" if isinstance(self.value, (str, list)) else "value"
            rule = f"have {measured} less than or equal to {self.bound}"
        elif self.constraint == "pattern":
            rule = f"satisfy regular expression pattern: {self.bound}"
        elif self.constraint == "enum":
            rule = f"satisfy enum value set: [{', '.join(self.bound)}]"
        else:
            rule = self.message
        shown = self.value if isinstance(self.value, (str, int)) else _show(self.value)
        return f"Value '{shown}' at '{self.path}' failed to satisfy constraint: Member must {rule}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}...{text[-12:]} (length {len(value)})"


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    # Python's "$" also matches before a final newline; the service's does not.
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


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


def check(value: Any, shape_: Shape, path: str = "") -> list[Violation]:
    """Every constraint of ``shape_`` that ``value`` breaks, client and server side.

    Client-side rules mirror botocore's ``ParamValidator`` (type, required and
    unknown members, ``min``, one member per tagged union). Server-side rules are
    what botocore skips and the service enforces: ``max``, ``pattern``, ``enum``.
    """
    found: list[Violation] = []
    _check(value, shape_, path, found)
    return found


def _check(value: Any, shape_: Shape, path: str, found: list[Violation]) -> None:
    type_name = shape_.type_name
    if type_name == "timestamp":
        if not _is_timestamp(value):
            found.append(Violation(path, f"{_show(value)} is not a timestamp (a datetime)", "client", "type"))
        return
    if type_name == "blob":
        if not isinstance(value, (bytes, bytearray, str)):
            found.append(Violation(path, f"{_show(value)} is not bytes", "client", "type"))
        return
    accepted = _CLIENT_TYPES[type_name]
    if not isinstance(value, accepted) or (type_name != "boolean" and isinstance(value, bool)):
        if isinstance(value, bool) and isinstance(value, accepted):
            # botocore lets a bool through as an int; the service's JSON parser does not.
            layer: Layer = "server"
        else:
            layer = "client"
        wanted = {"structure": "a dict", "map": "a dict", "list": "a list"}.get(
            type_name, f"an {type_name}" if type_name[0] in "aeiou" else f"a {type_name}"
        )
        found.append(
            Violation(
                path,
                f"{_show(value)} is not {wanted} (got {type(value).__name__})",
                layer,
                "type",
            )
        )
        if layer == "client":
            return
    if type_name == "structure":
        assert isinstance(shape_, StructureShape)
        _check_structure(value, shape_, path, found)
    elif type_name == "list":
        _check_range(value, len(value), shape_, path, found, f"{len(value)} items")
        for index, item in enumerate(value):
            _check(item, shape_.member, f"{path}[{index}]", found)  # type: ignore[attr-defined]
    elif type_name == "map":
        for key, item in value.items():
            _check(key, shape_.key, f"{path} (key {key!r})", found)  # type: ignore[attr-defined]
            _check(item, shape_.value, f"{path}.{key}", found)  # type: ignore[attr-defined]
    elif type_name == "string":
        _check_range(value, len(value), shape_, path, found, f"length {len(value)}")
        _check_string(value, shape_, path, found)
    elif type_name in ("integer", "long", "float", "double"):
        _check_range(value, value, shape_, path, found, _show(value))


def _is_timestamp(value: Any) -> bool:
    # botocore accepts whatever its own timestamp parser accepts.
    if isinstance(value, datetime.datetime):
        return True
    try:
        parse_to_aware_datetime(value)
    except (ValueError, TypeError, OverflowError, OSError):
        return False
    return True


def _check_structure(value: Mapping[str, Any], shape_: StructureShape, path: str, found: list[Violation]) -> None:
    members = shape_.members
    prefix = f"{path}." if path else ""
    if shape_.is_tagged_union and len(value) != 1:
        given = ", ".join(value) or "none"
        found.append(
            Violation(
                path or shape_.name,
                f"a tagged union takes exactly one member, got {len(value)} ({given}); members: {', '.join(members)}",
                "client",
                "union",
            )
        )
    for name in shape_.required_members:
        if name not in value:
            found.append(
                Violation(
                    f"{prefix}{name}",
                    f"missing required member (required: {', '.join(shape_.required_members)})",
                    "client",
                    "required",
                )
            )
    for name, item in value.items():
        if name not in members:
            found.append(
                Violation(
                    f"{prefix}{name}",
                    f"unknown member {name!r}; valid members: {', '.join(members)}",
                    "client",
                    "unknown",
                )
            )
        else:
            _check(item, members[name], f"{prefix}{name}", found)


def _check_range(value: Any, measure: float, shape_: Shape, path: str, found: list[Violation], shown: str) -> None:
    low = shape_.metadata.get("min")
    high = shape_.metadata.get("max")
    if low is not None and measure < low:
        found.append(Violation(path, f"{shown} is below the minimum {low}", "client", "min", value, low))
    if high is not None and measure > high:
        found.append(Violation(path, f"{shown} is above the maximum {high}", "server", "max", value, high))


def _check_string(value: str, shape_: Shape, path: str, found: list[Violation]) -> None:
    enum: Sequence[str] | None = shape_.metadata.get("enum")
    if enum and value not in enum:
        shown = f"{_show(value)} is not one of {', '.join(enum)}"
        found.append(Violation(path, shown, "server", "enum", value, list(enum)))
    pattern = shape_.metadata.get("pattern")
    if pattern and not _compiled(pattern).search(value):
        shown = f"{_show(value)} does not match the pattern {pattern!r}"
        found.append(Violation(path, shown, "server", "pattern", value, pattern))
