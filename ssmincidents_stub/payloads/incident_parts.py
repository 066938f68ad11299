"""[is] The parts of an incident beside its record: related items and findings, as the service lists them.

Floor one. Defaults are realistic and reproducible; a finding's later times follow
the ``creationTime`` you give.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from typing import Any

from ssmincidents_stub import facts
from ssmincidents_stub.payloads._base import (
    apply_overrides,
    arn,
    built_or_checked,
    is_aware,
    next_serial,
    raise_if_invalid,
    raise_if_unrealistic,
    serial_id,
    shifted,
    timestamp,
)

__all__ = ["finding", "finding_from", "related_item"]

_ITEMS = (
    ("METRIC", "metricDefinition", "Checkout 5xx rate", '{"namespace":"AWS/ApiGateway","metricName":"5XXError"}'),
    ("OTHER", "url", "Runbook: checkout outage", "https://wiki.example.com/runbooks/checkout-outage"),
    ("INVOLVED_RESOURCE", "arn", "Checkout service", None),
    ("ANALYSIS", "url", "Dashboard", "https://dashboards.example.com/d/checkout"),
)


def related_item(**overrides: Any) -> dict[str, Any]:
    """A related item as ``list_related_items`` returns it, with the ``generatedId`` the service gives.

    To add one with ``update_related_items``, leave ``generatedId`` out (``generatedId=None``).
    """
    serial = next_serial()
    item_type, member, title, value = _ITEMS[(serial - 1) % len(_ITEMS)]
    if value is None:
        value = arn("ecs", f"service/checkout/checkout-api-{serial}")
    digest = hashlib.sha256(f"related-item/{serial}".encode()).hexdigest()[:32]
    item = {
        "identifier": {"type": item_type, "value": {member: value}},
        "title": title,
        "generatedId": facts.related_item_id(item_type, digest),
    }
    item = apply_overrides(item, overrides)
    raise_if_invalid("related item", item, "RelatedItem", "relatedItem", overrides)
    return item


def finding(**overrides: Any) -> dict[str, Any]:
    """A finding as ``batch_get_incident_findings`` returns it: a CodeDeploy deployment."""
    serial = next_serial()
    given_creation = overrides.get("creationTime")
    created = given_creation if is_aware(given_creation) else timestamp(10 * serial - 30)
    deployment = {
        "deploymentGroupArn": arn("codedeploy", f"deploymentgroup:checkout-api/production-{serial}"),
        "deploymentId": f"d-{facts.stable_uuid('deployment', serial)[:9].upper().replace('-', '0')}",
        "startTime": shifted(created, -datetime.timedelta(minutes=12)),
        "endTime": shifted(created, -datetime.timedelta(minutes=4)),
    }
    result = {
        "id": serial_id("finding", serial),
        "creationTime": created,
        "lastModifiedTime": shifted(created, datetime.timedelta(minutes=1)),
        "details": {"codeDeployDeployment": deployment},
    }
    result = apply_overrides(result, overrides)
    raise_if_invalid("finding", result, "Finding", "finding", overrides)
    raise_if_unrealistic("finding", result, "Finding", "finding")
    return result


def finding_from(given: Any, overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` with ``overrides`` applied and checked, or a new finding built from them."""
    return built_or_checked(
        given, overrides, finding, argument="finding", what="finding", shape_name="Finding", path="finding"
    )
