"""Findings of an incident: the deployments and stack updates that may have caused it.

Service floor. The service finds them itself; here they are seeded (the fake's
``put_finding``). ``BatchGetIncidentFindings`` answers an unknown finding ID with an
entry in ``errors``, not with a failure of the whole call.
"""

from __future__ import annotations

from typing import Any

from ssmincidents_stub.service import paging
from ssmincidents_stub.service.errors import not_found
from ssmincidents_stub.service.state import Payload, State

__all__ = ["HANDLERS"]


def _findings_of(state: State, operation: str, arn: str) -> dict[str, dict[str, Any]]:
    if arn not in state.records:
        raise not_found(operation, arn, resource_type="INCIDENT_RECORD")
    return state.findings.get(arn, {})


def list_incident_findings(state: State, params: dict[str, Any]) -> dict[str, Any]:
    findings = sorted(_findings_of(state, "ListIncidentFindings", params["incidentRecordArn"]).values(), key=_listed)
    return paging.page(
        "ListIncidentFindings",
        params,
        findings,
        "findings",
        _listed,
        lambda finding: {"id": finding["id"], "lastModifiedTime": finding["lastModifiedTime"]},
    )


def _listed(finding: Payload) -> tuple[float, str]:
    """Findings list oldest change first (the token carries this, so it is plain numbers and text)."""
    return finding["lastModifiedTime"].timestamp(), finding["id"]


def batch_get_incident_findings(state: State, params: dict[str, Any]) -> dict[str, Any]:
    held = _findings_of(state, "BatchGetIncidentFindings", params["incidentRecordArn"])
    found, errors = [], []
    for finding_id in dict.fromkeys(params["findingIds"]):
        if finding_id in held:
            found.append(held[finding_id])
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
