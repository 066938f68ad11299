"""[tools] ssmincidents_stub: test code that calls AWS Incident Manager (ssm-incidents) without AWS.

``IncidentsStub`` queues answers for one client; ``IncidentsFake`` answers every
ssm-incidents client in the process; ``IncidentsServer`` serves the same fake over
HTTP; ``incident_record`` and ``timeline_event`` build realistic payloads; the pytest
fixtures ``ssm_incidents_client``, ``ssm_incidents_stub``, ``ssm_incidents_fake`` and
``ssm_incidents_server`` come with the installed plugin.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ssmincidents_stub.fake import IncidentsFake
    from ssmincidents_stub.faults import FaultPlan, PlannedFault
    from ssmincidents_stub.gate import BlockedRequestError
    from ssmincidents_stub.payloads import ErrorPayload, PayloadError, incident_record, timeline_event, use_region
    from ssmincidents_stub.responder import Call
    from ssmincidents_stub.server import IncidentsServer
    from ssmincidents_stub.stub import DEFAULT, IncidentsStub

__all__ = [
    "DEFAULT",
    "BlockedRequestError",
    "Call",
    "ErrorPayload",
    "FaultPlan",
    "IncidentsFake",
    "IncidentsServer",
    "IncidentsStub",
    "PayloadError",
    "PlannedFault",
    "incident_record",
    "timeline_event",
    "use_region",
]

# Loaded on first use, so that pytest loading the plugin does not import botocore.
_HOMES = {
    "DEFAULT": "stub",
    "BlockedRequestError": "gate",
    "Call": "responder",
    "ErrorPayload": "payloads",
    "FaultPlan": "faults",
    "PlannedFault": "faults",
    "IncidentsStub": "stub",
    "IncidentsFake": "fake",
    "IncidentsServer": "server",
    "PayloadError": "payloads",
    "incident_record": "payloads",
    "timeline_event": "payloads",
    "use_region": "payloads",
}


# Hidden from type checkers: a module-level __getattr__ tells mypy that every name exists,
# so a misspelt import would type-check as Any. They see the imports above instead.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module 'ssmincidents_stub' has no attribute {name!r}")
        return getattr(importlib.import_module(f"ssmincidents_stub.{home}"), name)

    def __dir__() -> list[str]:
        return sorted([*globals(), *__all__])
