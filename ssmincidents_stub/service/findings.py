"""[does] Findings of an incident: the deployments and stack updates that may have caused it.

Service floor. The service finds them itself; here they are seeded (the fake's
``put_finding``). ``BatchGetIncidentFindings`` answers an unknown finding ID with an
entry in ``errors``, not with a failure of the whole call.
"""

from __future__ import annotations

import functools
from typing import Any

from ssmincidents_stub import payloads
from ssmincidents_stub.service import paging
from ssmincidents_stub.service.lookups import record_of
from ssmincidents_stub.service.state import AddedInOrder, State

__all__ = ["HANDLERS"]


def _findings_of(state: State, operation: str, arn: str) -> AddedInOrder:
    record_of(state, operation, arn)
    held = state.findings.get(arn)
    return held if held is not None else AddedInOrder()


def list_incident_findings(state: State, params: dict[str, Any]) -> dict[str, Any]:
    # In the order first put, which a change never moves: a page never skips or repeats one.
    findings = _findings_of(state, "ListIncidentFindings", params["incidentRecordArn"]).in_order
    return paging.page(
        "ListIncidentFindings",
        params,
        findings,
        "findings",
        paging.order_added,
        functools.partial(payloads.summary, "FindingSummary"),
        scope=params["incidentRecordArn"],
    )


def batch_get_incident_findings(state: State, params: dict[str, Any]) -> dict[str, Any]:
    held = _findings_of(state, "BatchGetIncidentFindings", params["incidentRecordArn"])
    found, errors = [], []
    for finding_id in dict.fromkeys(params["findingIds"]):
        finding = held.get(finding_id)
        if finding is not None:
            found.append(finding)
        else:
            errors.append(
                {
                    "findingId": finding_id,
                    "code": "ResourceNotFoundException",
                    "message": f"Finding with ID '{finding_id}' is not accessible",  # the API Reference's words
                }
            )
    return {"findings": found, "errors": errors}


HANDLERS = {"ListIncidentFindings": list_incident_findings, "BatchGetIncidentFindings": batch_get_incident_findings}
