"""Incident records: get (and, as the service grows, start, update, list and delete).

Service floor: input dicts in, output dicts or ``ServiceError`` out.
"""

from __future__ import annotations

from typing import Any

from ssmincidents_stub.service.errors import not_found
from ssmincidents_stub.service.state import State

__all__ = ["HANDLERS"]


def get_incident_record(state: State, params: dict[str, Any]) -> dict[str, Any]:
    record = state.records.get(params["arn"])
    if record is None:
        raise not_found("GetIncidentRecord", params["arn"])
    return {"incidentRecord": record}


HANDLERS = {"GetIncidentRecord": get_incident_record}
