"""ssmincidents_stub: test code that calls AWS Incident Manager (ssm-incidents) without AWS.

``IncidentsStub`` queues answers for one client; ``incident_record`` and
``timeline_event`` build realistic payloads; the pytest fixtures
``ssm_incidents_client`` and ``ssm_incidents_stub`` come with the installed plugin.
"""

from ssmincidents_stub.payloads import PayloadError, incident_record, timeline_event
from ssmincidents_stub.stub import DEFAULT, IncidentsStub

__all__ = ["DEFAULT", "IncidentsStub", "PayloadError", "incident_record", "timeline_event"]
