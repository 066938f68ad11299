"""The state of one in-memory Incident Manager: every resource, keyed as the service keys it.

Service floor: plain Python values (dicts as botocore returns them, aware datetimes),
no HTTP and no client. Handlers in the sibling modules read and change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ssmincidents_stub import facts

__all__ = ["State"]


@dataclass
class State:
    """Everything one account's Incident Manager holds, in one region."""

    region: str
    account: str = facts.EXAMPLE_ACCOUNT
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Incident records by ARN."""
    events: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """Timeline events by incident ARN, then event ID."""
    client_tokens: dict[tuple[str, str], Any] = field(default_factory=dict)
    """(operation, clientToken) -> what the first request with that token produced."""
    serial: int = 0

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial
