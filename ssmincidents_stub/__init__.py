"""ssmincidents_stub: test code that calls AWS Incident Manager (ssm-incidents) without AWS.

``IncidentsStub`` queues answers for one client; ``incident_record`` and
``timeline_event`` build realistic payloads; the pytest fixtures
``ssm_incidents_client``, ``ssm_incidents_stub`` and ``ssm_incidents_fake`` come with
the installed plugin; ``IncidentsFake`` answers every ssm-incidents client in the process.
"""

from ssmincidents_stub.fake import IncidentsFake
from ssmincidents_stub.payloads import PayloadError, incident_record, timeline_event
from ssmincidents_stub.stub import DEFAULT, IncidentsStub

__all__ = ["DEFAULT", "IncidentsFake", "IncidentsStub", "PayloadError", "incident_record", "timeline_event"]
