"""[does] Tags on response plans, replication sets and incidents; resource policies on response plans.

Service floor. A resource holds at most the model's number of tags (TagMap's
``max``): more is a ``ServiceQuotaExceededException``. A resource policy must be a
JSON document; the service gives it an ID.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ssmincidents_stub import facts, model, payloads
from ssmincidents_stub.service import paging
from ssmincidents_stub.service.errors import not_found, quota_exceeded, validation
from ssmincidents_stub.service.response_plans import plan_of
from ssmincidents_stub.service.state import State, added_in_order

__all__ = ["HANDLERS"]


@functools.cache
def _max_tags() -> int:
    return int(model.shape("TagMap").metadata["max"])


def _taggable(state: State, operation: str, arn: str) -> dict[str, str]:
    if state.holds(arn):
        return state.tags.setdefault(arn, {})
    raise not_found(operation, arn)


def tag_resource(state: State, params: dict[str, Any]) -> dict[str, Any]:
    tags = _taggable(state, "TagResource", params["resourceArn"])
    merged = {**tags, **params["tags"]}
    if len(merged) > _max_tags():
        raise quota_exceeded(
            "TagResource",
            f"A resource can have at most {_max_tags()} tags; {params['resourceArn']} would have {len(merged)}",
        )
    tags.update(params["tags"])
    return {}


def untag_resource(state: State, params: dict[str, Any]) -> dict[str, Any]:
    tags = _taggable(state, "UntagResource", params["resourceArn"])
    for key in params["tagKeys"]:
        tags.pop(key, None)
    return {}


def list_tags_for_resource(state: State, params: dict[str, Any]) -> dict[str, Any]:
    return {"tags": dict(_taggable(state, "ListTagsForResource", params["resourceArn"]))}


def put_resource_policy(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["resourceArn"]
    plan_of(state, "PutResourcePolicy", arn)
    problem = _policy_problem(params["policy"])
    if problem is not None:
        raise validation(
            "PutResourcePolicy",
            f"The policy {params['policy'][:100]!r} is not a valid JSON policy document: {problem}; "
            "a policy is an IAM policy document, a JSON object",
        )
    policy_id = facts.policy_id(facts.serial_uuid("resource-policy", state.next_serial()))
    # A policy is never changed, only deleted: a snapshot, so listing it again reuses its JSON.
    policy = payloads.Snapshot(policyId=policy_id, policyDocument=params["policy"], ramResourceShareRegion=state.region)
    policy.order = state.next_order()
    added_in_order(state.policies, arn).put(policy_id, policy)
    return {"policyId": policy_id}


_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}


def _policy_problem(policy: str) -> str | None:
    """What keeps ``policy`` from being a policy document (None if nothing does)."""
    try:
        document = json.loads(policy)
    except ValueError as error:  # JSONDecodeError, with where reading stopped
        return f"it is not JSON ({error})"
    except RecursionError:
        return "it is nested too deeply to read"
    if isinstance(document, dict):
        return None
    return f"it is {_JSON_KINDS.get(type(document), 'null')}, not an object"


def get_resource_policies(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["resourceArn"]
    plan_of(state, "GetResourcePolicies", arn)
    held = state.policies.get(arn)
    policies = held.in_order if held is not None else ()
    return paging.page("GetResourcePolicies", params, policies, "resourcePolicies", paging.order_added, scope=arn)


def delete_resource_policy(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arn = params["resourceArn"]
    plan_of(state, "DeleteResourcePolicy", arn)
    held = state.policies.get(arn)
    if held is None or held.pop(params["policyId"]) is None:
        raise not_found("DeleteResourcePolicy", params["policyId"], resource_type="RESOURCE_POLICY")
    return {}


HANDLERS = {
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
    "ListTagsForResource": list_tags_for_resource,
    "PutResourcePolicy": put_resource_policy,
    "GetResourcePolicies": get_resource_policies,
    "DeleteResourcePolicy": delete_resource_policy,
}
