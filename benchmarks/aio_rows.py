"""aiobotocore through the fake against a bare aiobotocore before-send floor (nox -s benchmarks_aio)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from benchmarks.common import Row, Section, interleaved
from ssmincidents_stub import IncidentsFake, payloads


class _AsyncRaw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    async def read(self, *_: Any) -> bytes:
        return self.body


def aio_call(rounds: int, loops: int) -> Section:
    import aiobotocore.session
    from aiobotocore.awsrequest import AioAWSResponse
    from botocore.config import Config

    section = Section("An aiobotocore call (ms a call)")
    config = Config(retries={"total_max_attempts": 1})
    credentials = {"region_name": "us-east-1", "aws_access_key_id": "a", "aws_secret_access_key": "b"}

    async def measure(with_fake: bool) -> float:
        session = aiobotocore.session.get_session()
        fake = IncidentsFake(assert_all_responses_used=False)
        with fake:
            record = fake.put_incident_record()
            async with session.create_client("ssm-incidents", config=config, **credentials) as client:
                await client.get_incident_record(arn=record["arn"])
                body = fake.calls[-1].body.encode()
        if with_fake:
            with fake:
                async with session.create_client("ssm-incidents", config=config, **credentials) as client:
                    await client.get_incident_record(arn=record["arn"])
                    started = time.perf_counter()
                    for _ in range(loops):
                        await client.get_incident_record(arn=record["arn"])
                    return (time.perf_counter() - started) / loops * 1000
        async with session.create_client("ssm-incidents", config=config, **credentials) as client:
            headers: Any = payloads.wire_headers(payloads.next_request_id())  # the fake's own, Date included

            def answer(request: Any, **_: Any) -> Any:
                return AioAWSResponse(request.url, 200, headers, _AsyncRaw(body))

            client.meta.events.register("before-send.ssm-incidents", answer)
            await client.get_incident_record(arn=record["arn"])
            started = time.perf_counter()
            for _ in range(loops):
                await client.get_incident_record(arn=record["arn"])
            return (time.perf_counter() - started) / loops * 1000

    ours, theirs = interleaved(rounds, lambda: asyncio.run(measure(True)), lambda: asyncio.run(measure(False)))
    section.rows.append(
        Row(
            "get_incident_record, aiobotocore through the fake",
            "a bare aiobotocore before-send floor",
            ours,
            theirs,
            "ms",
            1.2,
        )
    )
    return section
