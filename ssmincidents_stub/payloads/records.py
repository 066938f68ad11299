"""[is] Incident records and their ARNs, as ``get_incident_record`` returns them.

Floor one. Defaults are realistic and reproducible; overrides replace members; the
times that depend on ``creationTime`` (``lastModifiedTime``, ``resolvedTime``) follow it.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from typing import Any

from ssmincidents_stub import facts, model
from ssmincidents_stub.payloads._base import (
    SAMPLE_PLANS,
    apply_overrides,
    arn,
    built_or_checked,
    caller,
    check_payload,
    copy_payload,
    current_account,
    current_partition,
    current_region,
    is_aware,
    next_serial,
    raise_if_invalid,
    raise_if_unrealistic,
    require_mapping,
    serial_id,
    shifted,
    summary,
    timestamp,
)

__all__ = [
    "checked_incident_record",
    "incident_record",
    "incident_record_arn",
    "record_from",
    "record_summary",
]


def incident_record_arn(
    response_plan: str = "checkout-critical",
    incident_id: str | None = None,
    *,
    account: str | None = None,
    partition: str | None = None,
) -> str:
    """An incident record ARN in the form the service issues, in the current partition and account by default."""
    for name, value in (("response_plan", response_plan), ("incident_id", incident_id)):
        if value is not None and (not isinstance(value, str) or not value or "/" in value):
            raise ValueError(
                f"{name}={model.show(value)} is not a name for an incident record ARN; pass a non-empty "
                f"string without '/', e.g. 'checkout-critical'"
            )
    if response_plan is None:
        raise ValueError("response_plan=None is not a name for an incident record ARN; pass e.g. 'checkout-critical'")
    built = format_record_arn(
        response_plan, incident_id or facts.stable_uuid("incident", response_plan), account, partition
    )
    raise_if_invalid("incident record ARN", built, "Arn", "arn")
    return built


def format_record_arn(
    response_plan: str, incident_id: str, account: str | None = None, partition: str | None = None
) -> str:
    return facts.INCIDENT_RECORD_ARN_FORMAT.format(
        partition=partition or current_partition(),
        account=account or current_account(),
        response_plan=response_plan,
        incident_id=incident_id,
    )


def incident_record(**overrides: Any) -> dict[str, Any]:
    """An ``incidentRecord`` as ``get_incident_record`` returns it.

    Keyword arguments replace members; ``None`` removes an optional member.
    ``status="RESOLVED"`` adds a ``resolvedTime`` unless one is given. The default
    ``lastModifiedTime`` and ``resolvedTime`` follow a ``creationTime`` you give.
    """
    serial = next_serial()
    given_creation = overrides.get("creationTime")
    if is_aware(given_creation):
        record = _default_record(serial, given_creation)
    else:
        record = copy_payload(_cached_default_record(serial, current_region(), current_account()))
        # Its own ID, made from the running test too: never the cached one (its ARN's last part).
        record["arn"] = f"{record['arn'].rpartition('/')[0]}/{serial_id('incident-record', serial)}"
    if not overrides:
        return record
    record = apply_overrides(record, overrides)
    if record.get("status") == "RESOLVED" and "resolvedTime" not in overrides:
        record["resolvedTime"] = record.get("lastModifiedTime")
    # The defaults are valid by construction: only what the caller changed needs the model check.
    raise_if_invalid("incident record", record, "IncidentRecord", "incidentRecord", overrides)
    raise_if_unrealistic("incident record", record, "IncidentRecord", "incidentRecord", overrides)
    return record


# Serials restart every test, so the same few defaults are built again and again: keep them
# (never handed out: callers get a copy).
@functools.lru_cache(maxsize=1024)
def _cached_default_record(serial: int, region: str, account: str) -> dict[str, Any]:
    # The current region and account key the cache: the ARNs below name them. Its own ARN,
    # which depends on the test too (``serial_id``), is replaced in each copy.
    return _default_record(serial, None)


def _default_arn(serial: int) -> str:
    """The ARN of the ``serial``-th default record of the running test (what the fake keeps it by)."""
    return format_record_arn(SAMPLE_PLANS[(serial - 1) % len(SAMPLE_PLANS)][0], serial_id("incident-record", serial))


def _default_record(serial: int, created: datetime.datetime | None) -> dict[str, Any]:
    plan, title, _ = SAMPLE_PLANS[(serial - 1) % len(SAMPLE_PLANS)]
    created = created or timestamp(10 * serial)
    role = caller()
    return {
        "arn": _default_arn(serial),
        "title": title,
        "summary": f"{title}. Customers are affected; on-call is engaged.",
        "status": "OPEN",
        "impact": 1 + serial * 7 % 3,  # varied, and the same for the same serial on every run
        "creationTime": created,
        "lastModifiedTime": shifted(created, datetime.timedelta(minutes=1 + serial * 5 % 9)),
        "lastModifiedBy": role,
        "dedupeString": f"{plan}-alarm-{serial}",
        "incidentRecordSource": {
            "createdBy": role,
            "invokedBy": "cloudwatch.amazonaws.com",
            "resourceArn": arn("cloudwatch", f"alarm:{plan}-alarm"),
            "source": "aws.cloudwatch",
        },
        "chatChannel": {"chatbotSns": [arn("sns", f"{plan}-chat")]},
        "notificationTargets": [{"snsTopicArn": arn("sns", f"{plan}-pager")}],
        "automationExecutions": [
            {"ssmExecutionArn": arn("ssm", f"automation-execution/{facts.stable_uuid('automation', serial)}")}
        ],
    }


def checked_incident_record(record: Any) -> dict[str, Any]:
    """``record`` itself, once it passes the model and the service's own rules."""
    require_mapping("record", record)
    check_payload("incident record", record, "IncidentRecord", "incidentRecord")
    return dict(record)


def record_from(record: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with ``overrides`` applied and checked, or a new one built from them.

    ``status="RESOLVED"`` given for a record without a ``resolvedTime`` adds one, its
    ``lastModifiedTime``, as ``incident_record`` does (unless ``resolvedTime`` is given too).
    """
    if (
        isinstance(record, Mapping)
        and overrides.get("status") == "RESOLVED"
        and "resolvedTime" not in overrides
        and "resolvedTime" not in record
        and is_aware(record.get("lastModifiedTime"))
    ):
        overrides = {**overrides, "resolvedTime": record["lastModifiedTime"]}
    return built_or_checked(
        record,
        overrides,
        incident_record,
        argument="record",
        what="incident record",
        shape_name="IncidentRecord",
        path="incidentRecord",
    )


def record_summary(record: Mapping[str, Any]) -> dict[str, Any]:
    """The ``IncidentRecordSummary`` that ``list_incident_records`` shows for ``record`` (checked first)."""
    return summary("IncidentRecordSummary", checked_incident_record(record))
