"""Fetching an incident record with retries: a naive version with a real bug, and the fix.

The course chapter "Prove your code handles every error" tests both with
``strategies.fault_plans()``: Hypothesis finds the naive version's bug and shrinks it
to a single fault; the fixed version passes the same property.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError


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
# What another try can change: throttling, and a failure of the service or of a gateway in front
# of it (any 5xx: a 502 HTML page arrives as a ClientError with the code "502"). Anything else
# (400, 403, 404, 409) will fail the same way again.
RETRYABLE = {"ThrottlingException", "InternalServerException"}


def worth_another_try(error: ClientError) -> bool:
    return error.response["Error"]["Code"] in RETRYABLE or error.response["ResponseMetadata"]["HTTPStatusCode"] >= 500


def fetch_record(
    client: Any, arn: str, attempts: int = 3, sleep: Callable[[float], None] = time.sleep
) -> dict[str, Any]:
    """Retries only what can succeed on another try, backing off in between; raises the rest at once."""
    for attempt in range(1, attempts + 1):
        try:
            record: dict[str, Any] = client.get_incident_record(arn=arn)["incidentRecord"]
            return record
        except ClientError as error:
            if not worth_another_try(error) or attempt == attempts:
                raise
        except (BotocoreConnectionError, HTTPClientError):
            # No answer (a connection error, a read timeout): safe to send again, as a read changes nothing.
            if attempt == attempts:
                raise
        sleep(random.uniform(0, 2**attempt))  # back off: up to 2 s, then up to 4 s
    raise AssertionError("unreachable")


# --8<-- [end:fixed]
