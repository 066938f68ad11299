"""[does] Response plans: create, get, list, update and delete them.

Service floor. A plan is stored as ``get_response_plan`` answers it; its name is
unique in the account and makes its ARN. ``UpdateResponsePlan`` takes the template's
members flat (``incidentTemplateTitle``...), and the empty chat channel removes one.
"""

from __future__ import annotations

import bisect
import functools
from typing import Any

from ssmincidents_stub import facts, model, payloads
from ssmincidents_stub.service import paging
from ssmincidents_stub.service.errors import conflict, not_found
from ssmincidents_stub.service.state import Payload, State

__all__ = ["HANDLERS", "plan_of"]

# Members of CreateResponsePlan that the plan keeps as they are.
_KEPT = ("name", "displayName", "incidentTemplate", "chatChannel", "engagements", "actions", "integrations")
# UpdateResponsePlan's flat members, and the template member each sets.
_TEMPLATE_MEMBERS = {
    "incidentTemplateTitle": "title",
    "incidentTemplateImpact": "impact",
    "incidentTemplateSummary": "summary",
    "incidentTemplateDedupeString": "dedupeString",
    "incidentTemplateNotificationTargets": "notificationTargets",
    "incidentTemplateTags": "incidentTags",
}


def plan_arn(state: State, name: str) -> str:
    return facts.RESPONSE_PLAN_ARN_FORMAT.format(partition=state.partition, account=state.account, name=name)


def plan_of(state: State, operation: str, arn: str) -> Payload:
    plan = state.plans.get(arn)
    if plan is None:
        raise not_found(operation, arn, resource_type="RESPONSE_PLAN")
    return plan


def create_response_plan(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arn = plan_arn(state, params["name"])
    if arn in state.plans:
        raise conflict(
            "CreateResponsePlan",
            f"A response plan named {params['name']} already exists",
            identifier=arn,
            resource_type="RESPONSE_PLAN",
        )
    plan = {"arn": arn, **{name: payloads.copy_payload(params[name]) for name in _KEPT if name in params}}
    if "empty" in plan.get("chatChannel", {}):
        del plan["chatChannel"]
    state.put_plan(plan)
    if params.get("tags"):
        state.tags[arn] = dict(params["tags"])
    return {"arn": arn}


def get_response_plan(state: State, params: dict[str, Any]) -> dict[str, Any]:
    return dict(plan_of(state, "GetResponsePlan", params["arn"]))


def list_response_plans(state: State, params: dict[str, Any]) -> dict[str, Any]:
    """By name, a page at a time from where the last ended: the cost is the page's."""
    operation = "ListResponsePlans"
    order = state.plan_order
    after = paging.resume_after(operation, params, (paging.is_text, paging.is_text))
    start = 0 if after is None else bisect.bisect_right(order, (after[0], after[1]))
    chosen = order[start : start + paging.page_size(operation, params)]
    output: dict[str, Any] = {"responsePlanSummaries": [state.plan_summary(state.plans[arn]) for _, arn in chosen]}
    if start + len(chosen) < len(order):
        output["nextToken"] = paging.encode_token(operation, list(chosen[-1]))
    return output


@functools.cache
def _never_empty_in_template() -> frozenset[str]:
    """The template's lists and maps that cannot be empty (``incidentTags``, a TagMap of at least 1 tag)."""
    members = model.shape("IncidentTemplate").members  # type: ignore[attr-defined]
    return frozenset(
        name
        for name, shape in members.items()
        if shape.type_name in ("list", "map") and shape.metadata.get("min", 0) >= 1
    )


def update_response_plan(state: State, params: dict[str, Any]) -> dict[str, Any]:
    plan = plan_of(state, "UpdateResponsePlan", params["arn"])
    for name in ("displayName", "engagements", "actions", "integrations"):
        if name in params:
            plan[name] = payloads.copy_payload(params[name])
    if "chatChannel" in params:
        if "empty" in params["chatChannel"]:
            plan.pop("chatChannel", None)
        else:
            plan["chatChannel"] = payloads.copy_payload(params["chatChannel"])
    template = plan["incidentTemplate"]
    for flat, member in _TEMPLATE_MEMBERS.items():
        if flat not in params:
            continue
        if not params[flat] and member in _never_empty_in_template():
            template.pop(member, None)  # an empty update clears them; an empty value is not one the model allows
        else:
            template[member] = payloads.copy_payload(params[flat])
    state.plan_changed(plan["arn"])
    return {}


def delete_response_plan(state: State, params: dict[str, Any]) -> dict[str, Any]:
    # The model gives DeleteResponsePlan no 404: deleting what is gone succeeds.
    arn = params["arn"]
    state.remove_plan(arn)
    state.policies.pop(arn, None)
    state.tags.pop(arn, None)
    return {}


HANDLERS = {
    "CreateResponsePlan": create_response_plan,
    "GetResponsePlan": get_response_plan,
    "ListResponsePlans": list_response_plans,
    "UpdateResponsePlan": update_response_plan,
    "DeleteResponsePlan": delete_response_plan,
}
