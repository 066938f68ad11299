"""aiobotocore through the fake against a bare aiobotocore before-send floor (nox -s benchmarks_aio)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from benchmarks.common import Row, Section
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

    async def measure() -> tuple[list[float], list[float]]:
        # Both clients live for the whole run and take turns in short blocks, so the
        # machine's drift (large here: a shared VM) hits both alike. The floor runs with
        # no fake active at all: it is bare aiobotocore.
        session = aiobotocore.session.get_session()
        fake = IncidentsFake(assert_all_responses_used=False)
        with fake:
            record = fake.put_incident_record()
        async with (
            session.create_client("ssm-incidents", config=config, **credentials) as ours,
            session.create_client("ssm-incidents", config=config, **credentials) as floor,
        ):
            with fake:
                await ours.get_incident_record(arn=record["arn"])
                body = fake.calls[-1].body.encode()
            headers: Any = payloads.wire_headers(payloads.next_request_id())  # the fake's own, Date included

            def answer(request: Any, **_: Any) -> Any:
                return AioAWSResponse(request.url, 200, headers, _AsyncRaw(body))

            floor.meta.events.register("before-send.ssm-incidents", answer)
            await floor.get_incident_record(arn=record["arn"])

            async def block(client: Any) -> float:
                started = time.perf_counter()
                for _ in range(loops):
                    await client.get_incident_record(arn=record["arn"])
                return (time.perf_counter() - started) / loops * 1000

            with fake:
                await block(ours)  # a first block of each warms up, and is not counted
            await block(floor)
            samples: tuple[list[float], list[float]] = ([], [])
            for index in range(rounds):
                for turn in (0, 1) if index % 2 == 0 else (1, 0):
                    if turn == 0:
                        with fake:
                            samples[0].append(await block(ours))
                    else:
                        samples[1].append(await block(floor))
            return samples

    ours, theirs = asyncio.run(measure())
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
