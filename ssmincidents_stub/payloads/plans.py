"""[is] Response plans and replication sets, as ``get_response_plan`` and ``get_replication_set`` return them.

Floor one. Defaults are realistic and reproducible; a plan's ARN follows the ``name``
you give, and a replication set's times and Region statuses follow the ones you give.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ssmincidents_stub import facts
from ssmincidents_stub.payloads._base import (
    SAMPLE_PLANS,
    apply_overrides,
    arn,
    built_or_checked,
    caller,
    current_account,
    current_partition,
    current_region,
    is_aware,
    next_serial,
    raise_if_invalid,
    raise_if_unrealistic,
    serial_id,
    shifted,
    timestamp,
)

__all__ = ["plan_from", "replication_set", "response_plan", "response_plan_arn"]


def response_plan_arn(name: str, *, account: str | None = None) -> str:
    """The ARN of the response plan called ``name``, in the current partition and account."""
    return facts.RESPONSE_PLAN_ARN_FORMAT.format(
        partition=current_partition(), account=account or current_account(), name=name
    )


def _replication_set_arn(replication_set_id: str) -> str:
    return facts.REPLICATION_SET_ARN_FORMAT.format(
        partition=current_partition(), account=current_account(), id=replication_set_id
    )


def response_plan(**overrides: Any) -> dict[str, Any]:
    """A response plan as ``get_response_plan`` returns it (its ``ResponseMetadata`` aside).

    Keyword arguments replace members; ``None`` removes an optional one. With a
    ``name`` and no ``arn``, the ARN is the one that name makes.
    """
    serial = next_serial()
    base, title, team = SAMPLE_PLANS[(serial - 1) % len(SAMPLE_PLANS)]
    given_name = overrides.get("name")
    # Its ID's first digits, not the serial alone: a plan built outside the test is never this one.
    name = given_name if isinstance(given_name, str) else f"{base}-{serial_id('response-plan', serial)[:8]}"
    plan: dict[str, Any] = {
        "arn": response_plan_arn(name),
        "name": name,
        "displayName": title.split(" ")[0] + f" incidents ({team})",
        "incidentTemplate": {
            "title": title,
            "impact": 1 + serial % 3,
            "summary": f"{title}. Engage the {team} on-call.",
            "dedupeString": f"{name}-alarm",
            "notificationTargets": [{"snsTopicArn": arn("sns", f"{name}-pager")}],
            "incidentTags": {"team": team},
        },
        "chatChannel": {"chatbotSns": [arn("sns", f"{name}-chat")]},
        "engagements": [arn("ssm-contacts", f"contact/{team}-oncall")],
        "actions": [
            {
                "ssmAutomation": {
                    "documentName": "AWSIncidents-CriticalIncidentRunbookTemplate",
                    "documentVersion": "$DEFAULT",
                    "roleArn": arn("iam", "role/IncidentAutomation", region=""),
                    "targetAccount": "RESPONSE_PLAN_OWNER_ACCOUNT",
                }
            }
        ],
    }
    plan = apply_overrides(plan, overrides)
    raise_if_invalid("response plan", plan, "GetResponsePlanOutput", "responsePlan", overrides)
    raise_if_unrealistic("response plan", plan, "GetResponsePlanOutput", "responsePlan")
    return plan


def replication_set(**overrides: Any) -> dict[str, Any]:
    """A replication set as ``get_replication_set`` returns it: ACTIVE, in the current region.

    A ``createdTime`` you give moves the other times; a ``status`` you give (and no
    ``regionMap``) becomes the status of its Region too.
    """
    serial = next_serial()
    given_creation = overrides.get("createdTime")
    created = given_creation if is_aware(given_creation) else timestamp(-60 * 24 * 30 + serial)
    settled = shifted(created, datetime.timedelta(seconds=facts.REPLICATION_SETTLE_SECONDS))
    status = overrides.get("status") if isinstance(overrides.get("status"), str) else "ACTIVE"
    region_status = status if status in ("ACTIVE", "CREATING", "DELETING", "FAILED") else "ACTIVE"
    role = caller()
    replication: dict[str, Any] = {
        "arn": _replication_set_arn(serial_id("replication-set", serial)),
        "status": status,
        "regionMap": {
            current_region(): {
                "sseKmsKeyId": facts.DEFAULT_KMS_KEY,
                "status": region_status,
                "statusUpdateDateTime": settled,
            }
        },
        "deletionProtected": False,
        "createdBy": role,
        "createdTime": created,
        "lastModifiedBy": role,
        "lastModifiedTime": settled,
    }
    replication = apply_overrides(replication, overrides)
    raise_if_invalid("replication set", replication, "ReplicationSet", "replicationSet", overrides)
    raise_if_unrealistic("replication set", replication, "ReplicationSet", "replicationSet")
    return replication


def plan_from(plan: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``plan`` with ``overrides`` applied and checked, or a new one built from them.

    A plan with a ``name`` and no ``arn`` gets the ARN that name makes, as ``response_plan`` gives it.
    """
    if isinstance(plan, Mapping) and "arn" not in plan and "arn" not in overrides:
        name = overrides.get("name", plan.get("name"))
        if isinstance(name, str):
            plan = {**plan, "arn": response_plan_arn(name)}
    return built_or_checked(
        plan,
        overrides,
        response_plan,
        argument="plan",
        what="response plan",
        shape_name="GetResponsePlanOutput",
        path="responsePlan",
    )
