"""[is] What real Incident Manager traffic looks like where the service model is silent.

Written down once, here. Everything else (shapes, patterns, limits, enums,
error codes and statuses) comes from :mod:`ssmincidents_stub.model`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from ssmincidents_stub import _jsontext, model

# AWS documentation's example account; never a real one.
EXAMPLE_ACCOUNT = "111122223333"

# An incident record ARN has no region:
# arn:<partition>:ssm-incidents::<account>:incident-record/<response-plan>/<incident-id>
INCIDENT_RECORD_ARN_FORMAT = "arn:{partition}:ssm-incidents::{account}:incident-record/{response_plan}/{incident_id}"

# Errors of the rest-json protocol, not of the service, so not in its model (Smithy's
# restJson1 protocol tests): a request no operation's route matches, and a body that cannot
# be read as the operation's input (not JSON, not an object, a value of the wrong JSON type).
UNKNOWN_OPERATION_ERROR = ("UnknownOperationException", 404)
SERIALIZATION_ERROR = ("SerializationException", 400)
SERIALIZATION_MESSAGE = "Could not read the {operation} request: {why}"

# Common timeline event types and a builder of realistic `eventData` JSON for each.
CUSTOM_EVENT = "Custom Event"
INCIDENT_UPDATE_EVENT = "SSM Incident Record Update"
INCIDENT_TRIGGER_EVENT = "SSM Incident Trigger"
INCIDENT_START_EVENT = "SSM Incident Start"
EVENT_TYPES = (CUSTOM_EVENT, INCIDENT_UPDATE_EVENT, INCIDENT_TRIGGER_EVENT)
NOTE_EVENT = "Note"

# The only event types CreateTimelineEvent and UpdateTimelineEvent accept: the model
# says so in prose only (the documentation of their eventType), so it is written here.
CREATABLE_EVENT_TYPES = (CUSTOM_EVENT, NOTE_EVENT)


_COMPACT = _jsontext.encoder(default=str, separators=(",", ":"))
_DUMPS = _jsontext.encoder()  # json.dumps with its defaults, built once: the service writes event data on every change


def record_update_event_data(changes: list[tuple[str, Any]], *, modified_by: str, title: str) -> str:
    """The ``eventData`` of an "SSM Incident Record Update" event, in the form of the API Reference's sample.

    (GetTimelineEvent's sample: ``{"modifiedBy": ..., "modifiedAttributes": [{"attributeName":
    ..., "newValue": ...}], "incidentTitle": ...}``.) ``changes`` holds (member, new value);
    a value that is not a string is written as its JSON, as the sample writes related items.
    """
    modified = [{"attributeName": name, "newValue": _as_text(new)} for name, new in changes]
    return _DUMPS({"modifiedBy": modified_by, "modifiedAttributes": modified, "incidentTitle": title})


def trigger_event_data(*, source: str, trigger_arn: str | None, raw_data: str | None, created: bool) -> str:
    """The ``eventData`` of an "SSM Incident Trigger" event: what raised the incident.

    Written for incidents raised by an alarm or event (StartIncident's ``triggerDetails``),
    not for ones started by hand; ``rawData`` is the trigger's payload as a JSON string, and
    ``createdIncident`` is false when the trigger was folded into an open incident.
    """
    data: dict[str, Any] = {"createdIncident": created, "incidentSource": source}
    if trigger_arn:
        data["triggerArn"] = trigger_arn
    if raw_data is not None:
        data["rawData"] = raw_data
    return _DUMPS(data)


def start_event_data(
    *, title: str, trigger_arn: str | None, runbook: dict[str, Any] | None, contacts: list[str]
) -> str:
    """The ``eventData`` of the "SSM Incident Start" event every new incident's timeline opens with."""
    data: dict[str, Any] = {"incidentTitle": title, "contactsEngage": [{"contactArn": arn} for arn in contacts]}
    if runbook is not None:
        data["ssmDocumentName"] = runbook["documentName"]
        data["ssmDocumentVersion"] = runbook.get("documentVersion", "$DEFAULT")
    if trigger_arn:
        data["triggerArn"] = trigger_arn
    return _DUMPS(data)


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return _COMPACT(value) if value is not None else ""


def event_data(event_type: str, *, note: str, actor_arn: str, resource_arn: str) -> str:
    """Realistic ``eventData`` for an event of that type, for the payload builders."""
    if event_type == INCIDENT_UPDATE_EVENT:
        return record_update_event_data([("summary", note)], modified_by=actor_arn, title="Checkout API 5xx errors")
    if event_type == INCIDENT_TRIGGER_EVENT:
        raw = json.dumps({"source": "aws.cloudwatch", "detail": {"state": {"value": "ALARM", "reason": note}}})
        return trigger_event_data(source="aws.cloudwatch", trigger_arn=resource_arn, raw_data=raw, created=True)
    # A custom event's or a note's data is a JSON-encoded string.
    return json.dumps(note)


# Who calls the fake: the session its fake credentials stand for (an assumed role).
CALLER_ROLE = "IncidentResponder/ssmincidents-stub"


def caller_arn(partition: str, account: str = EXAMPLE_ACCOUNT) -> str:
    """The principal every call comes from, as the service names it.

    One principal for everything that names who acted: a record's ``createdBy`` and
    ``lastModifiedBy``, a replication set's, an update event's ``modifiedBy``, and the
    ``User:`` of a default AccessDeniedException message.
    """
    return f"arn:{partition}:sts::{account}:assumed-role/{CALLER_ROLE}"


# The sseKmsKeyId the service shows for a Region given no key of the caller's: its data is
# encrypted with an AWS owned key (the model's SseKmsKey says only "at most 2048 characters").
DEFAULT_KMS_KEY = "DefaultKey"

# ARNs of the service's other resources (like incident records, they name no region).
RESPONSE_PLAN_ARN_FORMAT = "arn:{partition}:ssm-incidents::{account}:response-plan/{name}"
REPLICATION_SET_ARN_FORMAT = "arn:{partition}:ssm-incidents::{account}:replication-set/{id}"

# The source of an incident started by a StartIncident call with no triggerDetails.
MANUAL_SOURCE = "aws.ssm-incidents.custom"

# The keys each list operation filters on, and what each compares: a time (a before or
# after condition), or strings or integers (equals). The model names them in prose only.
INCIDENT_RECORD_FILTERS = {"creationTime": "time", "impact": "integer", "status": "string", "createdBy": "string"}
TIMELINE_EVENT_FILTERS = {"eventTime": "time", "eventType": "string", "eventReference": "string"}

# How long the fake's replication set takes to settle (CREATING or UPDATING to ACTIVE,
# DELETING to gone), on the fake's clock: under one waiter delay, so a waiter polls twice.
REPLICATION_SETTLE_SECONDS = 20

# "Attempting to delete a Region from your replication set sooner than 24 hours after
# creation causes the deletion to fail" (Incident Manager User Guide, "Using the
# Incident Manager replication set"). The error is not documented: a ValidationException here.
REGION_DELETION_WAIT_SECONDS = 24 * 60 * 60

# Shapes the model gives a minimum size that the service's answers do not keep: an
# untagged resource's ListTagsForResource answers {"tags": {}} though TagMap says min 1.
MAY_BE_EMPTY_IN_ANSWERS = ("TagMap",)

# Service Quotas code shape ("L-" and eight hex digits); the service's real one is not published.
QUOTA_CODE = "L-3A7E0B21"

# Message text the service sends with each error, where the model does not say.
ERROR_MESSAGES = {
    "ThrottlingException": "Rate exceeded",
    "ResourceNotFoundException": "{resource} {identifier} does not exist",
    "AccessDeniedException": (
        "User: {caller} is not authorized to perform: ssm-incidents:{operation} on resource: {identifier}"
    ),
    "ValidationException": "1 validation error detected",
    "InternalServerException": "An internal error occurred. Try the request again.",
    "ConflictException": "The request conflicts with the current state of the resource",
    "ServiceQuotaExceededException": "A service quota was exceeded",
}


# What a request of each operation acts on: the ResourceType a 404 (or the resource an
# AccessDeniedException) names, and the request member that identifies it. The model lists
# ResourceNotFoundException for an operation but not which resource it reports, and the API
# Reference says only "a resource which doesn't exist"; this table is the fake's reading: an
# operation reports the resource its request names, a create the one it would belong to (an
# event's incident, an incident's response plan). A type of None follows from the ARN (tags
# go on plans, records and the replication set). Operations not listed name no one resource
# (CreateResponsePlan, the lists of the account).
REQUEST_SUBJECTS: dict[str, tuple[str | None, str]] = {
    "BatchGetIncidentFindings": ("INCIDENT_RECORD", "incidentRecordArn"),
    "CreateTimelineEvent": ("INCIDENT_RECORD", "incidentRecordArn"),
    "DeleteIncidentRecord": ("INCIDENT_RECORD", "arn"),
    "DeleteReplicationSet": ("REPLICATION_SET", "arn"),
    "DeleteResourcePolicy": ("RESOURCE_POLICY", "policyId"),
    "DeleteResponsePlan": ("RESPONSE_PLAN", "arn"),
    "DeleteTimelineEvent": ("TIMELINE_EVENT", "eventId"),
    "GetIncidentRecord": ("INCIDENT_RECORD", "arn"),
    "GetReplicationSet": ("REPLICATION_SET", "arn"),
    "GetResourcePolicies": ("RESPONSE_PLAN", "resourceArn"),
    "GetResponsePlan": ("RESPONSE_PLAN", "arn"),
    "GetTimelineEvent": ("TIMELINE_EVENT", "eventId"),
    "ListIncidentFindings": ("INCIDENT_RECORD", "incidentRecordArn"),
    "ListRelatedItems": ("INCIDENT_RECORD", "incidentRecordArn"),
    "ListTagsForResource": (None, "resourceArn"),
    "ListTimelineEvents": ("INCIDENT_RECORD", "incidentRecordArn"),
    "PutResourcePolicy": ("RESPONSE_PLAN", "resourceArn"),
    "StartIncident": ("RESPONSE_PLAN", "responsePlanArn"),
    "TagResource": (None, "resourceArn"),
    "UntagResource": (None, "resourceArn"),
    "UpdateDeletionProtection": ("REPLICATION_SET", "arn"),
    "UpdateIncidentRecord": ("INCIDENT_RECORD", "arn"),
    "UpdateRelatedItems": ("INCIDENT_RECORD", "incidentRecordArn"),
    "UpdateReplicationSet": ("REPLICATION_SET", "arn"),
    "UpdateResponsePlan": ("RESPONSE_PLAN", "arn"),
    "UpdateTimelineEvent": ("TIMELINE_EVENT", "eventId"),
}


def resource_type_of_arn(arn: str) -> str | None:
    """The model's ResourceType of an Incident Manager ARN (``...:response-plan/x`` -> RESPONSE_PLAN), or None."""
    kind = arn.rpartition(":")[2].partition("/")[0] if arn.startswith("arn:") else ""
    value = kind.upper().replace("-", "_")
    return value if kind and value in model.shape("ResourceType").metadata.get("enum", []) else None


# Deterministic identifiers, so defaults never depend on the clock or on chance.
_ID_KEY = b"ssmincidents-stub"


def stable_uuid(*parts: object) -> str:
    """A UUID fixed by its parts: the same input gives the same ID on every machine.

    (A keyed BLAKE2 digest shaped as a version-4 UUID: as unique as uuid5, at a quarter of
    its cost. The version and variant bits are set by hand, as ``uuid.UUID(version=4)``
    sets them, at half the cost of making the ``UUID``.)
    """
    digits = bytearray(hashlib.blake2b("/".join(map(str, parts)).encode(), digest_size=16, key=_ID_KEY).digest())
    digits[6] = digits[6] & 0x0F | 0x40  # version 4
    digits[8] = digits[8] & 0x3F | 0x80  # RFC 4122 variant
    text = digits.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def policy_id(uuid_text: str) -> str:
    """A resource policy's ID as the service writes it: a UUID's 32 hex digits, no dashes.

    (The AWS CLI reference's get-resource-policies sample: ``be8b57191f0371f1c6827341aa3f0a03``.)
    """
    return uuid_text.replace("-", "")


def related_item_id(item_type: str, digits: str) -> str:
    """A related item's ``generatedId`` as the service writes it: ``related-item/<type>/<32 HEX>``.

    ``digits`` are 32 hex digits, or a UUID's (its dashes are dropped); they are written
    upper-case, as the model's ``GeneratedId`` pattern requires.
    """
    return f"related-item/{item_type}/{digits.replace('-', '').upper()}"


def serial_uuid(kind: str, serial: int) -> str:
    """The ``serial``-th UUID of a kind of thing: distinct for the first 2**32 serials, the same on every run.

    For IDs made on every call (request IDs, the fake's new resources), so it is cheap:
    ``StartIncident`` makes four, and formatting 122 mixed bits cost more than any other
    step of its answer. The serial, offset by the kind, times an odd constant modulo
    2**32 (a bijection: no two serials of a kind share it) is the first group; its low
    bits pick the middle groups and the last one from fixed tables of random digits, so
    every group varies from one ID to the next, as a version-4 UUID's do.
    """
    mixed = ((serial + _kind_offset(kind)) * _SCATTER) & 0xFFFF_FFFF
    middles, lasts = _uuid_fragments()
    return "%08x%s%s" % (mixed, middles[mixed & 0x3FF], lasts[(mixed >> 10) & 0x3FF])  # noqa: UP031 (the fastest)


_SCATTER = 0x9E3779B1  # odd: multiplying by it modulo 2**32 is a bijection


@functools.cache
def _uuid_fragments() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """1,024 middles (``-xxxx-4xxx-yxxx-``: version 4, variant 0b10) and 1,024 last groups, from one keyed stream."""
    digits = hashlib.shake_256(_ID_KEY + b"/serial-uuid").hexdigest(1024 * 12)  # 24 hex digits an entry
    middles, lasts = [], []
    for start in range(0, len(digits), 24):
        d = digits[start : start + 24]
        variant = "89ab"[int(d[10], 16) & 3]
        middles.append(f"-{d[0:4]}-4{d[4:7]}-{variant}{d[7:10]}-")
        lasts.append(d[11:23])
    return tuple(middles), tuple(lasts)


@functools.cache
def _kind_offset(kind: str) -> int:
    return int.from_bytes(hashlib.blake2b(kind.encode(), digest_size=4, key=_ID_KEY).digest(), "big")
