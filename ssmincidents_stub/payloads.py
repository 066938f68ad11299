"""Realistic, model-valid payloads: incident records, timeline events and error bodies.

Builders return dicts shaped exactly as botocore returns them (timezone-aware
datetimes parsed by botocore itself) with reproducible defaults: a serial number,
reset before each test by the plugin, makes every default distinct within a test
and identical between runs. Nothing reads the clock or unseeded randomness.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore.utils import parse_timestamp

from ssmincidents_stub import facts, model

__all__ = [
    "ErrorPayload",
    "PayloadError",
    "apply_overrides",
    "checked_incident_record",
    "checked_timeline_event",
    "copy_payload",
    "error_payload",
    "event_from",
    "incident_record",
    "incident_record_arn",
    "next_request_id",
    "record_from",
    "request_identifier",
    "require_mapping",
    "reset_serials",
    "response_metadata",
    "timeline_event",
    "wire_headers",
]

# 2026-03-14T09:20:00Z: the clock every default starts from.
_BASE_EPOCH = 1_773_480_000

_serials = itertools.count(1)


class PayloadError(ValueError):
    """A payload that breaks the service model or how the real service behaves."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"invalid {what}:\n{lines}" if len(problems) > 1 else f"invalid {what}: {problems[0]}")


def reset_serials() -> None:
    """Start default identifiers again from 1 (the plugin calls this before each test)."""
    global _serials
    _serials = itertools.count(1)


def _next_serial() -> int:
    return next(_serials)


def _timestamp(minutes_after_base: int) -> datetime.datetime:
    # botocore's own parser, so the tzinfo is the one a real call returns.
    return parse_timestamp(_BASE_EPOCH + 60 * minutes_after_base)  # type: ignore[arg-type]


def incident_record_arn(
    response_plan: str = "checkout-critical",
    incident_id: str | None = None,
    *,
    account: str = facts.EXAMPLE_ACCOUNT,
    partition: str = "aws",
) -> str:
    """An incident record ARN in the form the service issues."""
    arn = _format_arn(response_plan, incident_id or facts.stable_uuid("incident", response_plan), account, partition)
    _raise_if_invalid("incident record ARN", arn, "Arn", "arn")
    return arn


def _format_arn(
    response_plan: str, incident_id: str, account: str = facts.EXAMPLE_ACCOUNT, partition: str = "aws"
) -> str:
    return facts.INCIDENT_RECORD_ARN_FORMAT.format(
        partition=partition, account=account, response_plan=response_plan, incident_id=incident_id
    )


_RESPONDER_ROLE = f"arn:aws:iam::{facts.EXAMPLE_ACCOUNT}:role/IncidentResponder"

_TITLES = (
    ("checkout-critical", "Checkout API 5xx error rate above 5%"),
    ("payments-latency", "Payment authorisations slower than 2 s at p99"),
    ("search-degraded", "Search results missing for EU customers"),
    ("login-outage", "Sign-in failing for all users"),
)


def incident_record(**overrides: Any) -> dict[str, Any]:
    """An ``incidentRecord`` as ``get_incident_record`` returns it.

    Keyword arguments replace members; ``None`` removes an optional member.
    ``status="RESOLVED"`` adds a ``resolvedTime`` unless one is given.
    """
    serial = _next_serial()
    rng = random.Random(f"incident-record/{serial}")
    plan, title = _TITLES[(serial - 1) % len(_TITLES)]
    arn = _format_arn(plan, facts.stable_uuid("incident-record", serial))
    alarm = f"arn:aws:cloudwatch:us-east-1:{facts.EXAMPLE_ACCOUNT}:alarm:{plan}-alarm"
    created = _timestamp(10 * serial)
    record: dict[str, Any] = {
        "arn": arn,
        "title": title,
        "summary": f"{title}. Customers are affected; on-call is engaged.",
        "status": "OPEN",
        "impact": rng.choice([1, 2, 3]),
        "creationTime": created,
        "lastModifiedTime": created + datetime.timedelta(minutes=rng.randint(1, 9)),
        "lastModifiedBy": _RESPONDER_ROLE,
        "dedupeString": f"{plan}-alarm-{serial}",
        "incidentRecordSource": {
            "createdBy": _RESPONDER_ROLE,
            "invokedBy": "cloudwatch.amazonaws.com",
            "resourceArn": alarm,
            "source": "aws.cloudwatch",
        },
        "chatChannel": {"chatbotSns": [f"arn:aws:sns:us-east-1:{facts.EXAMPLE_ACCOUNT}:{plan}-chat"]},
        "notificationTargets": [{"snsTopicArn": f"arn:aws:sns:us-east-1:{facts.EXAMPLE_ACCOUNT}:{plan}-pager"}],
        "automationExecutions": [
            {
                "ssmExecutionArn": (
                    f"arn:aws:ssm:us-east-1:{facts.EXAMPLE_ACCOUNT}:automation-execution/"
                    f"{facts.stable_uuid('automation', serial)}"
                )
            }
        ],
    }
    _apply(record, overrides)
    if record.get("status") == "RESOLVED" and "resolvedTime" not in overrides:
        record["resolvedTime"] = record.get("lastModifiedTime")
    # The defaults are valid by construction: only what the caller changed needs checking.
    _check_record_realism(record)
    _raise_if_invalid("incident record", record, "IncidentRecord", "incidentRecord", overrides)
    return record


def checked_incident_record(record: Any) -> dict[str, Any]:
    """``record`` itself, once it passes the model and the service's own rules."""
    require_mapping("record", record)
    _check_record_realism(record)
    _raise_if_invalid("incident record", record, "IncidentRecord", "incidentRecord")
    return record  # type: ignore[no-any-return]


def checked_timeline_event(event: Any) -> dict[str, Any]:
    """``event`` itself, once it passes the model and the service's own rules."""
    require_mapping("event", event)
    _check_event_realism(event)
    _raise_if_invalid("timeline event", event, "TimelineEvent", "event")
    return event  # type: ignore[no-any-return]


def record_from(record: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with ``overrides`` applied and checked, or a new one built from them."""
    if record is None:
        return incident_record(**overrides)
    return checked_incident_record(apply_overrides(require_mapping("record", record), overrides))


def event_from(event: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``event`` with ``overrides`` applied and checked, or a new one built from them."""
    if event is None:
        return timeline_event(**overrides)
    return checked_timeline_event(apply_overrides(require_mapping("event", event), overrides))


def apply_overrides(payload: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``payload`` with members replaced; a ``None`` value removes the member."""
    result = dict(payload)
    _apply(result, overrides)
    return result


def timeline_event(**overrides: Any) -> dict[str, Any]:
    """An ``event`` as ``get_timeline_event`` returns it (``eventData`` is a JSON string)."""
    serial = _next_serial()
    rng = random.Random(f"timeline-event/{serial}")
    event_type = overrides.get("eventType")
    if not isinstance(event_type, str):
        event_type = facts.EVENT_TYPES[(serial - 1) % len(facts.EVENT_TYPES)]
    incident_arn = overrides.get("incidentRecordArn") or incident_record_arn()
    at = _timestamp(10 * serial + rng.randint(0, 5))
    note = ("Paged the on-call engineer", "Rolled back deploy 4121", "Error rate back to normal")[serial % 3]
    event: dict[str, Any] = {
        "incidentRecordArn": incident_arn,
        "eventId": facts.stable_uuid("timeline-event", serial),
        "eventType": event_type,
        "eventTime": at,
        "eventUpdatedTime": at + datetime.timedelta(seconds=rng.randint(0, 90)),
        "eventData": facts.event_data(event_type, note=note, actor_arn=_RESPONDER_ROLE, resource_arn=incident_arn),
        "eventReferences": [{"resource": incident_arn}],
    }
    _apply(event, overrides)
    _check_event_realism(event)
    changed = set(overrides) | ({"eventReferences"} if "incidentRecordArn" in overrides else set())
    _raise_if_invalid("timeline event", event, "TimelineEvent", "event", changed)
    return event


def _apply(payload: dict[str, Any], overrides: Mapping[str, Any]) -> None:
    for name, value in overrides.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value


def _check_record_realism(record: dict[str, Any]) -> None:
    problems = _time_problems(record, "incidentRecord", "creationTime", "lastModifiedTime")
    if "resolvedTime" in record and record.get("status") != "RESOLVED":
        problems.append(
            f"incidentRecord.resolvedTime: only a RESOLVED record has one "
            f"(status is {record.get('status')!r}); pass status='RESOLVED' or resolvedTime=None"
        )
    if problems:
        raise PayloadError("incident record", problems)


def _check_event_realism(event: Mapping[str, Any]) -> None:
    problems = _time_problems(event, "event", "eventTime", "eventUpdatedTime")
    if problems:
        raise PayloadError("timeline event", problems)


def _naive_times(payload: Mapping[str, Any], path: str) -> list[str]:
    # botocore always returns timezone-aware datetimes: a test fed anything else is misled.
    problems = []
    for name, value in payload.items():
        if isinstance(value, datetime.datetime) and value.tzinfo is None:
            problems.append(
                f"{path}.{name}: {value!r} is a naive datetime; botocore returns "
                f"timezone-aware ones (e.g. tzinfo=datetime.timezone.utc)"
            )
        elif name in _TIME_MEMBERS and not isinstance(value, datetime.datetime):
            problems.append(
                f"{path}.{name}: {value!r} is not a datetime; botocore returns timestamps as "
                f"timezone-aware datetime objects"
            )
    return problems


# Timestamp members of the two payloads, from the model.
_TIME_MEMBERS = frozenset(
    name
    for shape_name in ("IncidentRecord", "TimelineEvent")
    for name, member in model.shape(shape_name).members.items()  # type: ignore[attr-defined]
    if member.type_name == "timestamp"
)


def _time_problems(payload: Mapping[str, Any], path: str, first: str, later: str) -> list[str]:
    problems = _naive_times(payload, path)
    start, end = payload.get(first), payload.get(later)
    both_aware = not problems and all(isinstance(t, datetime.datetime) for t in (start, end))
    if both_aware and end < start:  # type: ignore[operator]
        problems.append(f"{path}.{later}: {end.isoformat()} is before {first} {start.isoformat()}")  # type: ignore[union-attr]
    return problems


def _raise_if_invalid(what: str, value: Any, shape_name: str, path: str, only: Iterable[str] | None = None) -> None:
    if only is None:
        violations = model.check(value, shape_name, path)
    else:
        violations = model.check_members(value, shape_name, only, path)
    if violations:
        raise PayloadError(what, [str(v) for v in violations])


# ---------------------------------------------------------------- responses and errors


def wire_headers(request_id: str, error_code: str | None = None) -> dict[str, str]:
    """The HTTP headers the service sends with an answer (botocore lowercases them)."""
    headers = {
        "date": "Sat, 14 Mar 2026 09:20:00 GMT",
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


def copy_payload(value: Any) -> Any:
    """A copy of a payload's dicts and lists; the leaves (str, int, datetime) are immutable."""
    if isinstance(value, dict):
        return {key: copy_payload(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_payload(item) for item in value]
    return value


def request_identifier(params: Mapping[str, Any]) -> str | None:
    """The resource a request names (an event ID, else an ARN): what a 404 reports missing."""
    identifier = params.get("eventId") or params.get("arn")
    return identifier if isinstance(identifier, str) else None


def require_mapping(name: str, value: Any) -> Mapping[str, Any]:
    """``value`` if it is a dict-like mapping, else a TypeError naming the argument."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name}={value!r} is not a dict")
    return value


def next_request_id() -> str:
    """A fresh, reproducible request ID."""
    return facts.stable_uuid("request", _next_serial())


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
    if not isinstance(code, str) or not code:
        raise ValueError(f"code={code!r} is not an error code; pass a non-empty string")
    errors = model.modeled_errors(op.name)
    info = errors.get(code)
    if message is not None and not isinstance(message, str):
        raise TypeError(f"message={message!r} must be a string or None")
    if http_status_code is not None and (not isinstance(http_status_code, int) or not 400 <= http_status_code <= 599):
        raise ValueError(f"http_status_code={http_status_code!r} is not an HTTP error status; pass 400-599")
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
        return ErrorPayload(op.name, code, message or code, http_status_code)
    unknown = sorted(set(modeled_fields) - set(info.members))
    if unknown:
        raise ValueError(
            f"{', '.join(f'{name}={modeled_fields[name]!r}' for name in unknown)}: not a "
            f"modeled field of {code}; its modeled fields: {', '.join(info.members) or 'none'}"
        )
    resource = resource_type or facts.resource_type_for(op.name)
    identifier = resource_identifier or _default_identifier(resource)
    fields = _default_error_fields(info, resource, identifier)
    fields.update(modeled_fields)
    fields["message"] = message or _default_message(code, op.name, resource, identifier)
    violations = model.check(fields, info.shape.name, code)
    if violations:
        raise PayloadError(f"{code} fields", [str(v) for v in violations])
    return ErrorPayload(op.name, code, fields["message"], http_status_code or info.http_status, fields)


def _default_identifier(resource_type: str | None) -> str:
    if resource_type == "TIMELINE_EVENT":
        return facts.stable_uuid("timeline-event", "missing")
    return incident_record_arn()


def _default_error_fields(info: model.ErrorInfo, resource: str | None, identifier: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "quotaCode": facts.QUOTA_CODE,
        "serviceCode": next(iter(model.shape("ServiceCode").metadata.get("enum", [])), None),
        "resourceType": resource,
        "resourceIdentifier": identifier,
    }
    wanted = info.required if info.code != "ResourceNotFoundException" else info.members
    return {name: values[name] for name in wanted if values.get(name) is not None}


def _default_message(code: str, operation: str, resource: str | None, identifier: str) -> str:
    template = facts.ERROR_MESSAGES.get(code, code)
    return template.format(
        resource=(resource or "resource").replace("_", " ").capitalize(),
        identifier=identifier,
        account=facts.EXAMPLE_ACCOUNT,
        operation=operation,
    )
