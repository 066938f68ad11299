"""[is] Realistic, model-valid payloads: the builders of every resource, and error bodies.

Floor one (what the service *is*). Builders return dicts shaped exactly as botocore
returns them (timezone-aware datetimes parsed by botocore itself) with reproducible
defaults; ``use_region`` chooses the region and partition of the ARNs they build.
"""

from __future__ import annotations

from ssmincidents_stub.payloads._base import (
    DEFAULT_REGION,
    PayloadError,
    Snapshot,
    answer_violations,
    check_payload,
    copy_payload,
    current_account,
    current_partition,
    current_region,
    fake_serial_base,
    make_realistic,
    realism_problems,
    require_bounded_depth,
    require_mapping,
    reset_serials,
    rule_members,
    set_region,
    summary,
    use_region,
)
from ssmincidents_stub.payloads.errors import (
    STUB_DATE,
    ErrorPayload,
    checked_error,
    checked_response_metadata,
    error_payload,
    header_problems,
    next_request_id,
    request_identifier,
    response_metadata,
    wire_headers,
)
from ssmincidents_stub.payloads.incident_parts import finding, finding_from, related_item
from ssmincidents_stub.payloads.outputs import default_output
from ssmincidents_stub.payloads.plans import (
    plan_from,
    replication_set,
    response_plan,
    response_plan_arn,
)
from ssmincidents_stub.payloads.records import (
    checked_incident_record,
    incident_record,
    incident_record_arn,
    record_from,
    record_summary,
)
from ssmincidents_stub.payloads.timeline import checked_timeline_event, event_from, event_summary, timeline_event

__all__ = [
    "DEFAULT_REGION",
    "STUB_DATE",
    "ErrorPayload",
    "PayloadError",
    "Snapshot",
    "answer_violations",
    "check_payload",
    "checked_error",
    "checked_incident_record",
    "checked_response_metadata",
    "checked_timeline_event",
    "copy_payload",
    "current_account",
    "current_partition",
    "current_region",
    "default_output",
    "error_payload",
    "event_from",
    "event_summary",
    "fake_serial_base",
    "finding",
    "finding_from",
    "header_problems",
    "incident_record",
    "incident_record_arn",
    "make_realistic",
    "next_request_id",
    "plan_from",
    "realism_problems",
    "record_from",
    "record_summary",
    "related_item",
    "replication_set",
    "request_identifier",
    "require_bounded_depth",
    "require_mapping",
    "reset_serials",
    "response_metadata",
    "response_plan",
    "response_plan_arn",
    "rule_members",
    "set_region",
    "summary",
    "timeline_event",
    "use_region",
    "wire_headers",
]
