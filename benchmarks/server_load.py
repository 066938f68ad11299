"""The HTTP server: a call through it against the in-process fake, load, and memory."""

from __future__ import annotations

import http.client
import resource
import threading
import time
import urllib.parse
from typing import Any

import boto3
from botocore.config import Config

from benchmarks.common import Row, Section, interleaved, per_call_ms
from ssmincidents_stub import IncidentsFake, IncidentsServer
from ssmincidents_stub.clients import new_client

NO_RETRIES = Config(retries={"total_max_attempts": 1})


def _client(server: IncidentsServer) -> Any:
    return boto3.client(
        "ssm-incidents",
        endpoint_url=server.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="a",
        aws_secret_access_key="b",
        config=NO_RETRIES,
    )


def server_vs_fake(rounds: int, loops: int) -> Section:
    section = Section("A call through the HTTP server against the in-process fake (ms a call)")
    with IncidentsServer(assert_all_responses_used=False) as server:
        record = server.put_incident_record()
        over_http = _client(server)
        over_http.get_incident_record(arn=record["arn"])
        http_run = per_call_ms(loops, lambda: over_http.get_incident_record(arn=record["arn"]))
        fake = IncidentsFake(assert_all_responses_used=False)
        fake_record = fake.put_incident_record()
        in_process = new_client(config=NO_RETRIES)

        def fake_run() -> float:
            with fake:  # the fake answers every client in the process: only while measuring it
                return per_call_ms(loops, lambda: in_process.get_incident_record(arn=fake_record["arn"]))()

        ours, theirs = interleaved(rounds, http_run, fake_run)
    section.rows.append(
        Row("get_incident_record over HTTP (keep-alive, boto3)", "the in-process fake", ours, theirs, "ms", 3.0)
    )
    return section


def load(clients: int, calls: int) -> Section:
    section = Section(f"Load: {clients} concurrent clients x {calls:,} calls")
    errors: list[BaseException] = []
    with IncidentsServer(assert_all_responses_used=False) as server:
        record = server.put_incident_record()

        def work() -> None:
            client = _client(server)
            try:
                for _ in range(calls):
                    client.get_incident_record(arn=record["arn"])
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=work) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        answered = sum(1 for call in server.calls if call.status == 200)
    section.met = not errors
    section.lines.append(
        f"{clients * calls:,} calls in {elapsed:.1f} s ({clients * calls / elapsed:,.0f} a second), "
        f"{len(errors)} errors; the last {answered:,} recorded calls all answered 200"
    )
    return section


def flat_memory(calls: int) -> Section:
    section = Section(f"Memory over {calls:,} calls through the server (keep-alive HTTP)")
    with IncidentsServer(assert_all_responses_used=False) as server:
        record = server.put_incident_record()
        host, port = "127.0.0.1", int(server.endpoint_url.rsplit(":", 1)[1])
        path = "/getIncidentRecord?arn=" + urllib.parse.quote(record["arn"], safe="")
        connection = http.client.HTTPConnection(host, port)

        def call() -> None:
            connection.request("GET", path)
            answer = connection.getresponse()
            answer.read()

        for _ in range(20_000):  # warm-up, and a full call log (it keeps the latest 10,000)
            call()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for _ in range(calls):
            call()
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        connection.close()
    section.met = grown < 5
    section.lines.append(f"peak RSS grew by {grown:.2f} MB over {calls:,} calls (target < 5 MB)")
    return section
