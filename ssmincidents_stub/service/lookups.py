"""[does] Lookups the resource families share: the incident record an operation names, or its 404.

Service floor. Records, timeline events, related items and findings all belong to an
incident that must exist; this module sits below them all, so none imports another
to look one up (``records`` already imports ``timeline`` and ``related_items``).
"""

from __future__ import annotations

from ssmincidents_stub.service.errors import not_found
from ssmincidents_stub.service.state import Payload, State

__all__ = ["record_of"]


def record_of(state: State, operation: str, arn: str) -> Payload:
    """The incident record ``arn`` names, or the service's 404 for an ``INCIDENT_RECORD``."""
    record = state.records.get(arn)
    if record is None:
        raise not_found(operation, arn, resource_type="INCIDENT_RECORD")
    return record
