"""Fetching an incident record with retries: a naive version with a real bug, and the fix.

The course chapter "Prove your code handles every error" tests both with
``strategies.fault_plans()``: Hypothesis finds the naive version's bug and shrinks it
to a single fault; the fixed version passes the same property.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError


# --8<-- [start:naive]
def fetch_record_naive(client: Any, arn: str, attempts: int = 3) -> dict[str, Any]:
    """Retries every failure, as much hand-written code does. The bug: a request the
    service refused for good (a malformed ARN, a missing permission) is sent again, and again."""
    for attempt in range(1, attempts + 1):
        try:
            record: dict[str, Any] = client.get_incident_record(arn=arn)["incidentRecord"]
            return record
        except ClientError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


# --8<-- [end:naive]


# --8<-- [start:fixed]
# What is worth another try: the service's throttling and its own failures. Anything else
# (400, 403, 404, 409) will fail the same way again.
RETRYABLE = {"ThrottlingException", "InternalServerException"}


def fetch_record(client: Any, arn: str, attempts: int = 3) -> dict[str, Any]:
    """Retries only what can succeed on another try; everything else is raised at once."""
    for attempt in range(1, attempts + 1):
        try:
            record: dict[str, Any] = client.get_incident_record(arn=arn)["incidentRecord"]
            return record
        except ClientError as error:
            if error.response["Error"]["Code"] not in RETRYABLE or attempt == attempts:
                raise
    raise AssertionError("unreachable")


# --8<-- [end:fixed]
