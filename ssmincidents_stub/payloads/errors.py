"""[is] Error bodies and response metadata, as the service sends them and botocore parses them.

Floor one. ``error_payload`` builds an ``ErrorPayload`` for any operation: a modeled
code gets its modeled status and realistic modeled fields; another code needs its
status. ``response_metadata`` is the ``ResponseMetadata`` botocore attaches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ssmincidents_stub import facts, model
from ssmincidents_stub.payloads._base import (
    PayloadError,
    caller,
    check_payload,
    copy_payload,
    current_account,
    current_partition,
    next_serial,
)
from ssmincidents_stub.payloads.plans import response_plan_arn
from ssmincidents_stub.payloads.records import incident_record_arn

__all__ = [
    "STUB_DATE",
    "ErrorPayload",
    "checked_error",
    "checked_response_metadata",
    "error_payload",
    "next_request_id",
    "request_identifier",
    "resolve_error_arguments",
    "response_metadata",
    "wire_headers",
]

# An error code travels in an HTTP header (x-amzn-errortype): a plain token.
_ERROR_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,127}")


@dataclass(frozen=True)
class ErrorPayload:
    """An error as the service would send it: code, message, status and modeled members."""

    operation: str
    code: str
    message: str
    http_status: int
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def retryable(self) -> bool:
        """Whether botocore's retry handler would retry it."""
        return model.is_retryable(self.code, self.http_status)

    @property
    def modeled_fields(self) -> dict[str, Any]:
        """The modeled members other than ``message``, as ``add_error`` takes them."""
        return {name: value for name, value in self.fields.items() if name != "message"}


def error_payload(
    operation: str,
    code: str,
    message: str | None = None,
    *,
    http_status_code: int | None = None,
    resource_identifier: str | None = None,
    resource_type: str | None = None,
    **modeled_fields: Any,
) -> ErrorPayload:
    """A realistic error body for ``operation``.

    A code the model lists for the operation gets its modeled HTTP status and
    realistic values for its modeled members; any other code needs
    ``http_status_code`` and takes no modeled members.
    """
    op = model.operation_model(operation)
    if not isinstance(code, str) or not _ERROR_CODE.fullmatch(code):
        raise ValueError(
            f"code={model.show(code)} is not an error code; pass a name such as 'ThrottlingException' "
            f"(a letter, then letters, digits, '.', '_' or '-'; at most 128 characters)"
        )
    errors = model.modeled_errors(op.name)
    info = errors.get(code)
    if message is not None and not isinstance(message, str):
        raise TypeError(f"message={model.show(message)} must be a string or None")
    if http_status_code is not None and (
        not isinstance(http_status_code, int)
        or isinstance(http_status_code, bool)
        or not 400 <= http_status_code <= 599
    ):
        raise ValueError(f"http_status_code={model.show(http_status_code)} is not an HTTP error status; pass 400-599")
    if info is None:
        if http_status_code is None:
            raise ValueError(
                f"code={code!r} is not a modeled error of {op.name}; modeled codes: "
                f"{', '.join(errors)}. For another code pass http_status_code= as well"
            )
        if modeled_fields:
            raise ValueError(
                f"{code} is not modeled for {op.name}, so it has no modeled fields; got {', '.join(modeled_fields)}"
            )
        text = message or code
        check_payload(f"{code} fields", {"message": text}, "ValidationException", code)  # a message-only shape
        return ErrorPayload(op.name, code, text, http_status_code)
    unknown = sorted(set(modeled_fields) - set(info.members))
    if unknown:
        raise ValueError(
            f"{', '.join(f'{name}={model.show(modeled_fields[name])}' for name in unknown)}: not a "
            f"modeled field of {code}; its modeled fields: {', '.join(info.members) or 'none'}"
        )
    resource, identifier = _subject(op.name, resource_type, resource_identifier)
    fields = _default_error_fields(info, resource, identifier)
    fields.update(modeled_fields)
    fields["message"] = message or _default_message(code, op.name, resource, identifier)
    check_payload(f"{code} fields", fields, info.shape.name, code)
    return ErrorPayload(op.name, code, fields["message"], http_status_code or info.http_status, copy_payload(fields))


def checked_error(error: Any) -> ErrorPayload:
    """An ``ErrorPayload`` (as ``strategies.client_errors()`` yields) checked like a new one."""
    if not isinstance(error, ErrorPayload):
        raise TypeError(f"error={model.show(error)} is not an ErrorPayload")
    known = isinstance(error.operation, str) and isinstance(error.code, str)  # a list would not hash
    info = model.modeled_errors(error.operation).get(error.code) if known else None
    status = None if info is not None and error.http_status == info.http_status else error.http_status
    if not isinstance(error.fields, Mapping):
        raise TypeError(f"error.fields={model.show(error.fields)} is not a dict of the error's members")
    fields = error.modeled_fields
    odd = [name for name in fields if not isinstance(name, str)]
    if odd:
        raise ValueError(f"error.fields has a name that is not a string: {model.show(odd[0])}; fields are named by str")
    return error_payload(error.operation, error.code, error.message, http_status_code=status, **fields)


def resolve_error_arguments(
    method: str,
    operation: str | ErrorPayload,
    code: str | None,
    message: str | None,
    http_status_code: int | None,
    modeled_fields: Mapping[str, Any],
    *,
    alone_with: str,
) -> ErrorPayload | tuple[str, str]:
    """What ``add_error`` or ``fail_next`` (``method``) was asked to queue, before it builds anything.

    An ``ErrorPayload`` in place of the operation comes alone (``alone_with`` names what
    ``method`` still takes beside it) and is returned checked like a new one; otherwise
    ``(operation, code)``, the operation by its model name and a code that was given. A transport
    fault's code is the caller's to refuse: ``faults``, which knows them, is a floor above this one.
    """
    if isinstance(operation, ErrorPayload):
        if code is not None or message is not None or http_status_code is not None or modeled_fields:
            raise TypeError(
                f"{method}(error) takes an ErrorPayload alone (and {alone_with}); its code, message, status "
                f"and fields come from it"
            )
        return checked_error(operation)
    name = model.operation_model(operation).name
    if code is None:
        raise ValueError(
            "code=None is not an error code; pass one such as 'ThrottlingException', or pass an ErrorPayload alone"
        )
    return name, code


def _subject(operation: str, resource_type: str | None, identifier: str | None) -> tuple[str | None, str | None]:
    """The resource an error of ``operation`` names: its type and identifier, as given or as the request's would be.

    The type is the one ``facts.REQUEST_SUBJECTS`` gives the operation (for tags, the
    identifier's ARN tells); with no identifier given, one of that type is made up.
    """
    listed = facts.REQUEST_SUBJECTS.get(operation)
    if resource_type is None and listed is not None:
        resource_type = listed[0]
        if resource_type is None:  # a tag operation: the ARN says what it tags
            resource_type = facts.resource_type_of_arn(identifier) if identifier is not None else "RESPONSE_PLAN"
    if identifier is None and resource_type is not None:
        identifier = _default_identifier(resource_type)
    return resource_type, identifier


def _default_identifier(resource_type: str) -> str:
    """A made-up identifier of a resource of that type, in the form the service's requests name it."""
    if resource_type == "TIMELINE_EVENT":
        return facts.stable_uuid("timeline-event", "missing")
    if resource_type == "RESOURCE_POLICY":
        return facts.policy_id(facts.stable_uuid("resource-policy", "missing"))
    if resource_type == "RESPONSE_PLAN":
        return response_plan_arn(_MISSING_PLAN)
    if resource_type == "REPLICATION_SET":
        return facts.REPLICATION_SET_ARN_FORMAT.format(
            partition=current_partition(), account=current_account(), id=facts.stable_uuid("replication-set", "missing")
        )
    return incident_record_arn()


_MISSING_PLAN = "checkout-critical"  # the plan of incident_record_arn()'s default record


def _default_error_fields(info: model.ErrorInfo, resource: str | None, identifier: str | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "quotaCode": facts.QUOTA_CODE,
        "serviceCode": next(iter(model.shape("ServiceCode").metadata.get("enum", [])), None),
        "resourceType": resource,
        "resourceIdentifier": identifier,
    }
    wanted = info.required if info.code != "ResourceNotFoundException" else info.members
    return {name: values[name] for name in wanted if values.get(name) is not None}


def _default_message(code: str, operation: str, resource: str | None, identifier: str | None) -> str:
    if identifier is None:  # an operation that names no one resource (a create, a list of the account's)
        if code == "ResourceNotFoundException":
            return model.documentation_text(code)
        identifier = f"arn:{current_partition()}:ssm-incidents::{current_account()}:*"
    template = facts.ERROR_MESSAGES.get(code, code)
    return template.format(
        resource=(resource or "resource").replace("_", " ").capitalize(),
        identifier=identifier or "''",  # an empty name, shown as one
        caller=caller(),  # the principal records name as createdBy and lastModifiedBy
        operation=operation,
    )


# ---------------------------------------------------------------- headers and metadata


# The Date of a stubbed answer: a stub has no clock. The fake puts its service's time in
# its place and the server the wall clock's (an answer still carrying this very object gets it).
STUB_DATE = "Sat, 14 Mar 2026 09:20:00 GMT"


def wire_headers(request_id: str, error_code: str | None = None) -> dict[str, str]:
    """The HTTP headers the service sends with an answer (botocore lowercases them)."""
    headers = {
        "date": STUB_DATE,
        "content-type": "application/json",
        "x-amzn-requestid": request_id,
    }
    if error_code is not None:
        # The service appends its namespace; botocore keeps the part before the colon.
        headers["x-amzn-errortype"] = f"{error_code}:http://internal.amazon.com/coral/com.amazonaws.ssmincidents/"
    return headers


def response_metadata(request_id: str, http_status: int = 200, error_code: str | None = None) -> dict[str, Any]:
    """The ``ResponseMetadata`` botocore attaches to every parsed response."""
    return {
        "RequestId": request_id,
        "HTTPStatusCode": http_status,
        "HTTPHeaders": wire_headers(request_id, error_code),
        "RetryAttempts": 0,
    }


# What botocore puts in ResponseMetadata, and the type of each.
_METADATA_TYPES: dict[str, type | tuple[type, ...]] = {
    "RequestId": str,
    "HostId": str,
    "HTTPStatusCode": int,
    "HTTPHeaders": dict,
    "RetryAttempts": int,
    "MaxAttemptsReached": bool,
}
_HEADER_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}")


def checked_response_metadata(value: Any) -> dict[str, Any]:
    """A ``ResponseMetadata`` override, checked: botocore's keys, their types, valid headers."""
    if not isinstance(value, Mapping):
        raise TypeError(f"ResponseMetadata={model.show(value)} is not a dict")
    problems = []
    for key, item in value.items():
        wanted = _METADATA_TYPES.get(key) if isinstance(key, str) else None
        if wanted is None:
            problems.append(
                f"ResponseMetadata.{model.show(key)}: not a key botocore sets; valid: {', '.join(_METADATA_TYPES)}"
            )
        elif not isinstance(item, wanted) or (wanted is int and isinstance(item, bool)):
            problems.append(f"ResponseMetadata.{key}: {model.show(item)} is not {getattr(wanted, '__name__', wanted)}")
    status = value.get("HTTPStatusCode")
    if isinstance(status, int) and not 100 <= status <= 599:
        problems.append(f"ResponseMetadata.HTTPStatusCode: {model.show(status)} is not an HTTP status (100-599)")
    headers = value.get("HTTPHeaders")
    if isinstance(headers, Mapping):
        problems.extend(header_problems(headers, "ResponseMetadata.HTTPHeaders"))
    if problems:
        raise PayloadError("ResponseMetadata", problems)
    return copy_payload(dict(value))  # type: ignore[no-any-return]


def header_problems(headers: Mapping[Any, Any], path: str) -> list[str]:
    """What makes these unsendable as HTTP headers: names not tokens, values with CR, LF or NUL."""
    problems = []
    for name, value in list(headers.items())[:100]:
        if not isinstance(name, str) or not _HEADER_TOKEN.fullmatch(name):
            problems.append(f"{path}: header name {model.show(name)} is not an HTTP token (no spaces, ':', CR or LF)")
        elif not isinstance(value, str):
            problems.append(f"{path}.{name}: {model.show(value)} is not a string")
        elif any(ch in value for ch in "\r\n\x00"):
            problems.append(f"{path}.{name}: {model.show(value)} contains CR, LF or NUL")
        elif not _latin1(value):  # what an HTTP/1.1 header can carry (and http.server sends)
            problems.append(
                f"{path}.{name}: {model.show(value)} is not Latin-1, which HTTP headers are (ASCII is safest)"
            )
    if len(headers) > 100:
        problems.append(f"{path}: {len(headers)} headers; at most 100")
    return problems


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def request_identifier(operation: str, params: Mapping[str, Any]) -> str | None:
    """What a request of ``operation`` names (``facts.REQUEST_SUBJECTS``): what its 404 reports missing."""
    listed = facts.REQUEST_SUBJECTS.get(operation)
    identifier = params.get(listed[1]) if listed is not None else None
    return identifier if isinstance(identifier, str) else None


def next_request_id() -> str:
    """A fresh, reproducible request ID."""
    return facts.serial_uuid("request", next_serial())
