"""The in-memory Incident Manager: state and the semantics of the service's operations.

Service floor. ``IncidentManager.call(operation, params)`` takes the parameters as
the service reads them (typed, as botocore would send them) and returns the output
dict, or raises ``ServiceError`` with the modeled error the service would answer. It
knows nothing of HTTP, botocore clients, faults or deliveries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ssmincidents_stub import facts, model, payloads
from ssmincidents_stub.service import records, timeline
from ssmincidents_stub.service.errors import ServiceError, UnservedRequestError, validation_of
from ssmincidents_stub.service.state import State

__all__ = ["IncidentManager", "ServiceError", "UnservedRequestError"]

Handler = Callable[[State, dict[str, Any]], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {**records.HANDLERS, **timeline.HANDLERS}


class IncidentManager:
    """One account's Incident Manager in one region, in memory."""

    def __init__(self, *, region: str, account: str = facts.EXAMPLE_ACCOUNT) -> None:
        self.state = State(region=region, account=account)

    @staticmethod
    def serves(operation: str) -> bool:
        return operation in _HANDLERS

    @staticmethod
    def served_operations() -> list[str]:
        return list(_HANDLERS)

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Answer one request: the output dict, or ``ServiceError``."""
        op = model.operation_model(operation)
        handler = _HANDLERS.get(op.name)
        if handler is None:
            raise UnservedRequestError(op.name)
        if op.input_shape is not None:
            violations = model.check(params, op.input_shape)
            if violations:
                raise validation_of(op.name, violations)
        return handler(self.state, params)

    # ------------------------------------------------------------ seeding

    def put_incident_record(self, record: dict[str, Any]) -> None:
        """Store a record as it is (already checked by the payload builders)."""
        self.state.records[record["arn"]] = payloads.copy_payload(record)

    def put_timeline_event(self, event: dict[str, Any]) -> None:
        timeline.store_event(self.state, payloads.copy_payload(event))

    def holds_record(self, arn: str) -> bool:
        return arn in self.state.records

    def latest_record_arn(self) -> str | None:
        return next(reversed(self.state.records), None)
