"""What newcomers trip on, each as a runnable test (quoted in README.md, kept identical by tests/test_readme.py)."""

from __future__ import annotations

# --8<-- [start:retry-mode]
import threading
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssmincidents_stub import IncidentsFake

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"


def test_pin_the_retry_mode_when_attempts_matter(ssm_incidents_fake: IncidentsFake) -> None:
    # botocore's default mode was "legacy" (5 attempts) until 1.43 and is "standard" (3) from 1.44.
    # A test that counts attempts, or code that relies on them, names the mode it means.
    ssm_incidents_fake.fail_next("get_incident_record", "InternalServerException", times=3)
    client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard"}))

    with pytest.raises(ClientError):
        client.get_incident_record(arn=ARN)

    assert [call.attempt for call in ssm_incidents_fake.calls] == [1, 2, 3]


# --8<-- [end:retry-mode]


# --8<-- [start:exception-classes]
def record_or_none(client: Any, exceptions_from: Any) -> Any:
    try:
        return client.get_incident_record(arn=ARN)["incidentRecord"]
    except exceptions_from.exceptions.ResourceNotFoundException:
        return None


def test_exception_classes_belong_to_one_session(ssm_incidents_fake: IncidentsFake) -> None:
    # client.exceptions.X is made per botocore session: a class from another session's
    # client is a different class, and its except clause lets the error through.
    client = boto3.client("ssm-incidents")  # boto3's default session
    other = boto3.Session().client("ssm-incidents")  # a session of its own
    ssm_incidents_fake.fail_next("get_incident_record", "ResourceNotFoundException", times=2)

    with pytest.raises(ClientError) as caught:
        record_or_none(client, exceptions_from=other)  # the 404 is not caught
    assert record_or_none(client, exceptions_from=client) is None  # the same client's class: caught

    # Or match the code, which works whatever client raised it.
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


# --8<-- [end:exception-classes]


# --8<-- [start:threads]
def test_the_fake_reaches_other_threads_the_stub_only_its_client(ssm_incidents_fake: IncidentsFake) -> None:
    # The fake answers every client of the process, in any thread: a worker's own client too.
    record = ssm_incidents_fake.put_incident_record(title="Checkout down")
    titles: list[str] = []

    def worker() -> None:
        client = boto3.client("ssm-incidents")
        titles.append(client.get_incident_record(arn=record["arn"])["incidentRecord"]["title"])

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()

    assert titles == ["Checkout down"]


# --8<-- [end:threads]
