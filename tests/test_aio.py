"""aiobotocore and aioboto3: the fake answers them through aiobotocore's own parser and retries.

aiobotocore pins botocore narrowly (3.x: 1.43.115-1.43.117; aioboto3 15.5 takes 2.25,
botocore 1.40.61), so these tests run in the nox session "aio", which installs the
``test-aio`` extra; elsewhere they skip and say why. That session sets
SSMINCIDENTS_STUB_REQUIRE_AIO, so there a missing aiobotocore fails instead.
"""

from __future__ import annotations

import asyncio
import gc
import os
import pathlib
import sys
from collections.abc import Callable
from typing import Any

import pytest

if os.environ.get("SSMINCIDENTS_STUB_REQUIRE_AIO") != "1":
    pytest.importorskip(
        "aiobotocore",
        reason="aiobotocore pins another botocore than this environment's; `nox -s aio` runs these tests",
    )

import aiobotocore
import aiobotocore.endpoint
import aiobotocore.session
from botocore.config import Config

from ssmincidents_stub import BlockedRequestError, IncidentsFake, IncidentsStub, clients, gate, payloads

pytestmark = pytest.mark.asyncio
ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"
ORIGINAL_AIO_ENDPOINT = dict(vars(aiobotocore.endpoint.AioEndpoint))


def _client(**config: Any) -> Any:
    return aiobotocore.session.get_session().create_client("ssm-incidents", config=Config(**config))


def _httpx_client(**config: Any) -> Any:
    """A client on aiobotocore 3.x's httpx backend, which sleeps through anyio and also runs on trio."""
    if int(aiobotocore.__version__.split(".")[0]) < 3:
        pytest.skip("aiobotocore 3.x's httpx backend; this session has aiobotocore " + aiobotocore.__version__)
    from aiobotocore import httpxsession
    from aiobotocore.config import AioConfig

    config = AioConfig(http_session_cls=httpxsession.HttpxSession, **config)
    return aiobotocore.session.get_session().create_client("ssm-incidents", config=config)


async def test_the_fake_answers_an_aiobotocore_client(ssm_incidents_fake: IncidentsFake) -> None:
    record = ssm_incidents_fake.put_incident_record(status="RESOLVED")
    async with _client() as client:
        got = await client.get_incident_record(arn=record["arn"])
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            await client.get_incident_record(arn=ARN)
    assert got["incidentRecord"] == record  # parsed by aiobotocore's parser: datetimes and all
    assert caught.value.response["resourceType"] == "INCIDENT_RECORD"
    assert [call.operation for call in ssm_incidents_fake.calls] == ["GetIncidentRecord", "GetIncidentRecord"]


async def test_aiobotocores_retries_run_and_nothing_sleeps(
    ssm_incidents_fake: IncidentsFake, real_waits: list[tuple[str, float]]
) -> None:
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=2)
    async with _client(retries={"mode": "standard"}) as client:
        got = await client.get_incident_record(arn=record["arn"])
    assert got["ResponseMetadata"]["RetryAttempts"] == 2
    assert [(c.attempt, c.status) for c in ssm_incidents_fake.calls] == [(1, 429), (2, 429), (3, 200)]
    assert len(ssm_incidents_fake.retry_sleeps) == 2
    assert real_waits == []


@pytest.mark.parametrize("mode", ["standard", "adaptive"])
async def test_the_httpx_backend_retries_without_sleeping_too(
    ssm_incidents_fake: IncidentsFake, mode: str, real_waits: list[tuple[str, float]]
) -> None:
    # aiobotocore 3.x's httpx backend sleeps through its own endpoint class (anyio's sleep).
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=2)
    async with _httpx_client(retries={"mode": mode}) as client:
        got = await client.get_incident_record(arn=record["arn"])
    assert got["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(ssm_incidents_fake.retry_sleeps) == 2
    assert real_waits == []


@pytest.mark.parametrize("make", [_client, _httpx_client], ids=["aiohttp", "httpx"])
async def test_the_waiter_finishes_on_the_fakes_clock(
    ssm_incidents_fake: IncidentsFake, make: Callable[[], Any], real_waits: list[tuple[str, float]]
) -> None:
    # The httpx backend's waiter (AnyioWaiter) sleeps through anyio, not its module's asyncio.
    async with make() as client:
        arn = (await client.create_replication_set(regions={"us-east-1": {}}))["arn"]
        await client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
        status = (await client.get_replication_set(arn=arn))["replicationSet"]["status"]
    assert status == "ACTIVE"
    assert ssm_incidents_fake.waiter_sleeps == [30]
    assert real_waits == []


async def test_the_httpx_backend_retries_and_waits_on_trio_without_sleeping(
    ssm_incidents_fake: IncidentsFake, real_waits: list[tuple[str, float]]
) -> None:
    # aiobotocore's httpx backend runs on trio too: a recorded sleep must not yield asyncio's way.
    trio = pytest.importorskip("trio", reason="trio runs aiobotocore's httpx backend; install trio to run this")
    record = ssm_incidents_fake.put_incident_record()
    ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException", times=2)

    async def on_trio() -> tuple[dict[str, Any], str]:
        async with _httpx_client(retries={"mode": "standard"}) as client:
            got = await client.get_incident_record(arn=record["arn"])
            arn = (await client.create_replication_set(regions={"us-east-1": {}}))["arn"]
            await client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
            return got, (await client.get_replication_set(arn=arn))["replicationSet"]["status"]

    got, status = await asyncio.to_thread(trio.run, on_trio)  # trio's loop, in a thread of its own
    assert got["ResponseMetadata"]["RetryAttempts"] == 2
    assert status == "ACTIVE"
    assert len(ssm_incidents_fake.retry_sleeps) == 2
    assert ssm_incidents_fake.waiter_sleeps == [30]
    assert real_waits == []


async def test_an_aioboto3_client_is_answered(ssm_incidents_fake: IncidentsFake) -> None:
    # aioboto3 pins an older aiobotocore: the session "aioboto3" runs this, "aio" the newest aiobotocore.
    if os.environ.get("SSMINCIDENTS_STUB_REQUIRE_AIOBOTO3") == "1":
        import aioboto3
    else:
        aioboto3 = pytest.importorskip(
            "aioboto3", reason="aioboto3 pins an older aiobotocore; `nox -s aioboto3` runs this"
        )
    plan = ssm_incidents_fake.put_response_plan()
    async with aioboto3.Session().client("ssm-incidents") as client:
        arn = (await client.start_incident(responsePlanArn=plan["arn"]))["incidentRecordArn"]
        record = (await client.get_incident_record(arn=arn))["incidentRecord"]
    assert record["title"] == plan["incidentTemplate"]["title"]


@pytest.mark.usefixtures("plain_aws_setup")
async def test_a_stub_accepts_an_aiobotocore_client() -> None:
    async with aiobotocore.session.get_session().create_client(
        "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    ) as client:
        with IncidentsStub(client) as stub:
            record = stub.add_incident_record()
            stub.add_error("get_timeline_event", "AccessDeniedException")
            got = await client.get_incident_record(arn=record["arn"])
            with pytest.raises(client.exceptions.AccessDeniedException):
                await client.get_timeline_event(eventId="e", incidentRecordArn=record["arn"])
    assert got["incidentRecord"] == record


async def test_a_stub_blocks_an_async_client_it_does_not_answer(
    network_attempts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in clients.fake_environment("eu-west-1").items():
        monkeypatch.setenv(name, value)
    with IncidentsStub():
        async with aiobotocore.session.get_session().create_client("ssm-incidents") as client:
            with pytest.raises(
                BlockedRequestError,
                match=r"get_incident_record \(GetIncidentRecord\) from a client in region eu-west-1",
            ):
                await client.get_incident_record(arn=ARN)
    assert network_attempts == []


async def test_an_async_client_made_under_a_stub_looks_up_no_credentials(
    bare_machine: pathlib.Path, network_attempts: list[str]
) -> None:
    with IncidentsStub():
        async with aiobotocore.session.get_session().create_client("ssm-incidents") as client:
            with pytest.raises(BlockedRequestError, match="from a client in region us-east-1"):
                await client.get_incident_record(arn=ARN)
            credentials = await client._request_signer._credentials.get_frozen_credentials()
    assert not bare_machine.exists()  # no credential helper ran, and no instance metadata was asked
    assert network_attempts == []
    assert credentials.access_key == clients.FAKE_CREDENTIALS["aws_access_key_id"]


async def test_nothing_of_the_gate_outlives_the_fake() -> None:
    with IncidentsFake():
        assert vars(aiobotocore.endpoint.AioEndpoint)["_send"] is not ORIGINAL_AIO_ENDPOINT["_send"]
    assert dict(vars(aiobotocore.endpoint.AioEndpoint)) == ORIGINAL_AIO_ENDPOINT
    assert aiobotocore.endpoint.asyncio is asyncio


async def test_an_async_client_given_the_fake_credentials_never_sends_them_after_the_fake_stops() -> None:
    # As for botocore's clients: one kept past its fake refuses to send to AWS with the fake keys.
    with IncidentsFake():
        made = aiobotocore.session.get_session().create_client("ssm-incidents")
        client = await made.__aenter__()
        assert (await client.list_incident_records())["incidentRecordSummaries"] == []
    try:
        with pytest.raises(BlockedRequestError, match="with no credentials of its own"):
            await client.list_incident_records()
    finally:
        await made.__aexit__(None, None, None)


async def test_a_call_whose_loop_closed_with_it_pending_does_not_keep_the_gate_shut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A loop closed without cancelling its tasks (an app's loop thread at shutdown): the call's
    # coroutine is closed when collected, outside its task's context. It must still end, or the
    # gate would stay shut, with no owner, for the rest of the process.
    monkeypatch.setattr(sys, "unraisablehook", lambda _: None)  # botocore's own context reset fails there
    with IncidentsFake() as fake:
        record = fake.put_incident_record()
        fake.fail_next("get_incident_record", "ThrottlingException", times=2)

        def abandon_a_call() -> None:
            loop = asyncio.new_event_loop()

            async def start() -> asyncio.Future[Any]:
                async with _client(retries={"mode": "standard"}) as client:
                    task: asyncio.Future[Any] = asyncio.ensure_future(client.get_incident_record(arn=record["arn"]))
                    while not fake.calls:  # until it is between attempts, its back-off recorded
                        await asyncio.sleep(0)
                return task

            try:
                loop.run_until_complete(start())
            finally:
                loop.close()

        await asyncio.to_thread(abandon_a_call)
        gc.collect()
        assert fake.calls[0].status == 429
    assert gate.owners() == ()
    assert dict(vars(aiobotocore.endpoint.AioEndpoint)) == ORIGINAL_AIO_ENDPOINT
    assert aiobotocore.endpoint.asyncio is asyncio


@pytest.mark.usefixtures("plain_aws_setup")
async def test_a_waiter_an_async_stub_answers_records_its_delays_instead_of_sleeping(
    real_waits: list[tuple[str, float]],
) -> None:
    replication_set = payloads.default_output("GetReplicationSet")["replicationSet"]
    async with aiobotocore.session.get_session().create_client(
        "ssm-incidents", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    ) as client:
        with IncidentsStub(client) as stub:
            for status in ("CREATING", "ACTIVE"):
                stub.add_response("get_replication_set", {"replicationSet": {**replication_set, "status": status}})
            await client.get_waiter("wait_for_replication_set_active").wait(arn=replication_set["arn"])
    assert stub.waiter_sleeps == [30]
    assert real_waits == []
