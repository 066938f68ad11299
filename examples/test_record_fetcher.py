"""Prove the fetcher handles every error: a property over fault plans, with the fake."""

from __future__ import annotations

# --8<-- [start:imports]
import contextlib
import functools
import itertools
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from hypothesis import given, settings
from record_fetcher import RETRYABLE, fetch_record, fetch_record_naive

from ssmincidents_stub import IncidentsFake
from ssmincidents_stub.faults import FaultPlan
from ssmincidents_stub.strategies import fault_plans

# --8<-- [end:imports]


# --8<-- [start:property]
def no_request_repeats_a_refusal(fetch: Any, plan: FaultPlan) -> None:
    """The contract: after an answer that cannot change on a retry, nothing is sent again."""
    with IncidentsFake(assert_all_responses_used=False) as fake:
        record = fake.put_incident_record()
        fake.apply(plan)
        # botocore's own retries off: the code under test decides every retry.
        client = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
        with contextlib.suppress(ClientError, BotoCoreError):
            fetch(client, record["arn"])
        calls = fake.calls
    for earlier, later in itertools.pairwise(calls):
        # A refusal is a 4xx other than throttling. (Status 0 is no answer at all: a connection
        # error or a read timeout, which another try can change.)
        refused = 400 <= earlier.status < 500 and earlier.error_code not in RETRYABLE
        assert not refused, f"{later.method} was sent again after {earlier.error_code} ({earlier.status})"


# No deadline: each example starts a fake and a client, and a busy CI machine's pauses
# would read as a slow test (Hypothesis then reports "Unreliable test timings", not the bug).
@settings(deadline=None)
@given(plan=fault_plans(operations=["get_incident_record"]))
def test_fetch_record_never_repeats_a_refused_request(plan: FaultPlan) -> None:
    # The contract is about what is sent, not when: skip the back-off waits.
    no_request_repeats_a_refusal(functools.partial(fetch_record, sleep=lambda seconds: None), plan)


# --8<-- [end:property]


# --8<-- [start:naive-property]
# The same property, pointed at the naive fetcher. It fails, so it is marked xfail (strict: the
# run fails if it ever passes). Run it with --runxfail to see what Hypothesis reports.
@pytest.mark.xfail(raises=AssertionError, strict=True, reason="fetch_record_naive resends a refused request")
@settings(deadline=None)
@given(plan=fault_plans(operations=["get_incident_record"]))
def test_fetch_record_naive_never_repeats_a_refused_request(plan: FaultPlan) -> None:
    no_request_repeats_a_refusal(fetch_record_naive, plan)


# --8<-- [end:naive-property]


# --8<-- [start:regression]
def test_the_refusal_hypothesis_found_is_never_repeated() -> None:
    # The plan Hypothesis printed against the naive fetcher, pasted as it was printed.
    plan = FaultPlan.parse("FaultPlan(get_incident_record attempt 1: ValidationException 400)")
    no_request_repeats_a_refusal(fetch_record, plan)


# --8<-- [end:regression]
