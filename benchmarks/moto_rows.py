"""The fake against moto's mock_aws answering a service moto does implement (SSM get_parameter)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import boto3
from botocore.config import Config

from benchmarks.common import Row, Section, interleaved, per_call_ms, pytest_seconds, write_suite
from ssmincidents_stub import IncidentsFake

NO_RETRIES = Config(retries={"total_max_attempts": 1})


def per_call(rounds: int, loops: int) -> Section:
    from moto import mock_aws

    section = Section("A call: the fake against moto (ms a call)")
    with IncidentsFake(assert_all_responses_used=False) as fake:
        record = fake.put_incident_record()
        ours_client = boto3.client("ssm-incidents", config=NO_RETRIES)
        ours = per_call_ms(loops, lambda: ours_client.get_incident_record(arn=record["arn"]))
        ours()
        with mock_aws():
            ssm = boto3.client("ssm", region_name="us-east-1", config=NO_RETRIES)
            ssm.put_parameter(Name="/checkout/threshold", Value="5", Type="String")
            theirs = per_call_ms(loops, lambda: ssm.get_parameter(Name="/checkout/threshold"))
            # Both patches answer only their own service, so both can be active together.
            a, b = interleaved(rounds, ours, theirs)
    section.rows.append(
        Row(
            "get_incident_record from ssm_incidents_fake",
            "ssm get_parameter from moto's mock_aws",
            a,
            b,
            "ms",
            None,
            "the same kind of work: one stored item read back through botocore",
        )
    )
    return section


def per_test(rounds: int, count: int) -> Section:
    section = Section(f"A test: the fake against moto, {count:,} tests in one file (ms a test)")
    ours = (
        "import boto3\n",
        "def test_{i}(ssm_incidents_fake):\n    arn = ssm_incidents_fake.put_incident_record()['arn']\n"
        "    boto3.client('ssm-incidents').get_incident_record(arn=arn)\n",
    )
    theirs = (
        "import boto3\nfrom moto import mock_aws\n",
        "@mock_aws\ndef test_{i}():\n    ssm = boto3.client('ssm', region_name='us-east-1')\n"
        "    ssm.put_parameter(Name='/checkout/threshold', Value='5', Type='String')\n"
        "    ssm.get_parameter(Name='/checkout/threshold')\n",
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty = write_suite(root, "empty", "", "def test_{i}():\n    pass\n", count)
        a = write_suite(root, "ours", *ours, count)
        b = write_suite(root, "moto", *theirs, count)
        base, ours_s, moto_s = interleaved(rounds, pytest_seconds(empty), pytest_seconds(a), pytest_seconds(b))
    section.rows.append(
        Row(
            "a test with ssm_incidents_fake",
            "a test with @mock_aws",
            [(s - e) / count * 1000 for s, e in zip(ours_s, base, strict=True)],
            [(s - e) / count * 1000 for s, e in zip(moto_s, base, strict=True)],
            "ms",
            None,
        )
    )
    return section
