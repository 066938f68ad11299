"""[is] A realistic, valid answer for every operation: what ``stub.add_response(operation)`` queues.

Floor one. Each answer is built from the resource builders, so it is what a small,
real account would return; ``default_output`` checks it against the model and the
service's habits like any other payload.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ssmincidents_stub import facts, model
from ssmincidents_stub.payloads._base import check_payload, current_region, summary
from ssmincidents_stub.payloads.incident_parts import finding, related_item
from ssmincidents_stub.payloads.plans import replication_set, response_plan
from ssmincidents_stub.payloads.records import incident_record, record_summary
from ssmincidents_stub.payloads.timeline import event_summary, timeline_event

__all__ = ["default_output"]

Output = dict[str, Any]


def _findings() -> Output:
    found = finding()
    return {"findings": [found], "errors": []}


def _policy() -> Output:
    document = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},'
        '"Action":["ssm-incidents:GetResponsePlan","ssm-incidents:StartIncident"],"Resource":"*"}]}'
    )
    return {
        "resourcePolicies": [
            {
                "policyId": facts.policy_id(facts.stable_uuid("resource-policy", "default")),
                "policyDocument": document,
                "ramResourceShareRegion": current_region(),
            }
        ]
    }


def _no_members() -> Output:
    return {}


_BUILDERS: dict[str, Callable[[], Output]] = {
    "BatchGetIncidentFindings": _findings,
    "CreateReplicationSet": lambda: {"arn": replication_set(status="CREATING")["arn"]},
    "CreateResponsePlan": lambda: {"arn": response_plan()["arn"]},
    "CreateTimelineEvent": lambda: {
        name: value for name, value in timeline_event().items() if name in ("eventId", "incidentRecordArn")
    },
    "GetIncidentRecord": lambda: {"incidentRecord": incident_record()},
    "GetReplicationSet": lambda: {"replicationSet": replication_set()},
    "GetResourcePolicies": _policy,
    "GetResponsePlan": response_plan,
    "GetTimelineEvent": lambda: {"event": timeline_event()},
    "ListIncidentFindings": lambda: {"findings": [summary("FindingSummary", finding())]},
    "ListIncidentRecords": lambda: {"incidentRecordSummaries": [record_summary(incident_record())]},
    "ListRelatedItems": lambda: {"relatedItems": [related_item()]},
    "ListReplicationSets": lambda: {"replicationSetArns": [replication_set()["arn"]]},
    "ListResponsePlans": lambda: {"responsePlanSummaries": [summary("ResponsePlanSummary", response_plan())]},
    "ListTagsForResource": lambda: {"tags": {"team": "payments", "severity": "critical"}},
    "ListTimelineEvents": lambda: {"eventSummaries": [event_summary(timeline_event())]},
    "PutResourcePolicy": lambda: {"policyId": facts.policy_id(facts.stable_uuid("resource-policy", "default"))},
    "StartIncident": lambda: {"incidentRecordArn": incident_record()["arn"]},
}


def default_output(operation: str) -> Output:
    """A realistic successful answer to ``operation`` (either spelling), checked."""
    op = model.operation_model(operation)
    output = _BUILDERS.get(op.name, _no_members)()
    if op.output_shape is not None:
        check_payload(f"{op.name} response", output, op.output_shape.name, "")
    return output
