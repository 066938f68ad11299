"""Code that runs in another process reaches the fake through ssm_incidents_server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ssmincidents_stub import IncidentsServer

# pytest-socket users: the server listens on loopback, so allow exactly that.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1", "::1"])

REPORT_SCRIPT = """
import sys, boto3
record = boto3.client("ssm-incidents").get_incident_record(arn=sys.argv[1])["incidentRecord"]
print(f"[{record['status']}] {record['title']}")
"""


def test_a_subprocess_reads_the_incident(ssm_incidents_server: IncidentsServer) -> None:
    record = ssm_incidents_server.put_incident_record(title="Checkout down", status="RESOLVED")

    # The subprocess inherits AWS_ENDPOINT_URL_SSM_INCIDENTS, fake credentials and the region.
    done = subprocess.run([sys.executable, "-c", REPORT_SCRIPT, record["arn"]], capture_output=True, text=True)

    assert done.stdout.strip() == "[RESOLVED] Checkout down", done.stderr
    assert [call.operation for call in ssm_incidents_server.calls] == ["GetIncidentRecord"]


def test_a_subprocess_sees_the_faults_you_queue(ssm_incidents_server: IncidentsServer) -> None:
    ssm_incidents_server.fail_next("get_incident_record", "AccessDeniedException")
    arn = ssm_incidents_server.put_incident_record()["arn"]

    done = subprocess.run([sys.executable, "-c", REPORT_SCRIPT, arn], capture_output=True, text=True)

    assert done.returncode == 1
    assert "AccessDeniedException" in done.stderr
