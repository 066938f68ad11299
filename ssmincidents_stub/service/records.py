"""[does] Incident records: start, get, update, delete and list them.

Service floor: input dicts in, output dicts or ``ServiceError`` out. ``StartIncident``
builds a record from its response plan's template and the call's overrides, folds a
new incident into an open one with the same deduplication key, and writes a
timeline event; ``UpdateIncidentRecord`` writes one for every change it makes.
"""

from __future__ import annotations

import bisect
from typing import Any

from ssmincidents_stub import facts, payloads
from ssmincidents_stub.service import paging, related_items, timeline
from ssmincidents_stub.service.errors import conflict, not_found
from ssmincidents_stub.service.filters import FilterKey, matcher
from ssmincidents_stub.service.lookups import record_of
from ssmincidents_stub.service.state import Payload, State

__all__ = ["HANDLERS"]


def get_incident_record(state: State, params: dict[str, Any]) -> dict[str, Any]:
    return {"incidentRecord": state.record_view(record_of(state, "GetIncidentRecord", params["arn"]))}


def start_incident(state: State, params: dict[str, Any]) -> dict[str, Any]:
    plan = state.plans.get(params["responsePlanArn"])
    if plan is None:
        raise not_found("StartIncident", params["responsePlanArn"], resource_type="RESPONSE_PLAN")
    template = plan["incidentTemplate"]
    trigger = params.get("triggerDetails")
    # The plan's dedupeString deduplicates; without one, the alarm or event that raised it does.
    dedupe_key = template.get("dedupeString") or (trigger or {}).get("triggerArn", "")
    existing = state.open_duplicate_of(dedupe_key)
    if existing is not None:
        if trigger is not None:
            _trigger_event(state, existing, trigger, created=False)
        related_items.add_all(state, existing, params.get("relatedItems", []))
        return {"incidentRecordArn": existing}
    now = state.clock.now()
    caller = state.caller()
    incident_id = facts.serial_uuid("incident-record", state.next_serial())
    arn = state.arn(f"incident-record/{plan['name']}/{incident_id}")
    # As the API Reference's samples show: invokedBy is the caller too, and a plan without a
    # dedupeString gives each incident a unique one of its own.
    source: Payload = {
        "createdBy": caller,
        "invokedBy": caller,
        "source": trigger["source"] if trigger else facts.MANUAL_SOURCE,
    }
    if trigger and trigger.get("triggerArn"):
        source["resourceArn"] = trigger["triggerArn"]
    runbooks = [action["ssmAutomation"] for action in plan.get("actions", []) if "ssmAutomation" in action]
    record: Payload = {
        "arn": arn,
        "title": params.get("title", template["title"]),
        "status": "OPEN",
        "impact": params.get("impact", template["impact"]),
        "creationTime": now,
        "lastModifiedTime": now,
        "lastModifiedBy": caller,
        "dedupeString": template.get("dedupeString") or facts.serial_uuid("dedupe", state.next_serial()),
        "incidentRecordSource": source,
        "notificationTargets": payloads.copy_payload(template.get("notificationTargets", [])),
        "automationExecutions": [{"ssmExecutionArn": _execution_arn(state)} for _ in runbooks],
    }
    if "summary" in template:
        record["summary"] = template["summary"]
    if "chatChannel" in plan:
        record["chatChannel"] = payloads.copy_payload(plan["chatChannel"])
    state.add_record(record, dedupe_key)
    if template.get("incidentTags"):
        state.tags[arn] = dict(template["incidentTags"])
    data = facts.start_event_data(
        title=record["title"],
        trigger_arn=(trigger or {}).get("triggerArn"),
        runbook=runbooks[0] if runbooks else None,
        contacts=list(plan.get("engagements", [])),
    )
    timeline.add_system_event(state, arn, facts.INCIDENT_START_EVENT, data)
    if trigger is not None:
        _trigger_event(state, arn, trigger, created=True)
    related_items.add_all(state, arn, params.get("relatedItems", []))
    return {"incidentRecordArn": arn}


def _execution_arn(state: State) -> str:
    execution = facts.serial_uuid("automation-execution", state.next_serial())
    return f"arn:{state.partition}:ssm:{state.region}:{state.account}:automation-execution/{execution}"


def _trigger_event(state: State, arn: str, trigger: Payload, *, created: bool) -> None:
    data = facts.trigger_event_data(
        source=trigger["source"],
        trigger_arn=trigger.get("triggerArn"),
        raw_data=trigger.get("rawData"),
        created=created,
    )
    timeline.add_system_event(state, arn, facts.INCIDENT_TRIGGER_EVENT, data, at=trigger["timestamp"])


# The members UpdateIncidentRecord changes, in the order its timeline event lists them.
_UPDATABLE = ("title", "summary", "impact", "status", "chatChannel", "notificationTargets")


def update_incident_record(state: State, params: dict[str, Any]) -> dict[str, Any]:
    record = record_of(state, "UpdateIncidentRecord", params["arn"])
    changes: list[tuple[str, Any, Any]] = []
    for name in _UPDATABLE:
        if name not in params:
            continue
        new = params[name]
        if name == "chatChannel" and "empty" in new:
            new = None  # the empty structure removes the chat channel
        old = record.get(name)
        if new != old:
            changes.append((name, old, new))
    if params.get("status") == "OPEN" and record["status"] == "RESOLVED":
        duplicate = state.open_duplicate_of(state.dedupe_keys.get(record["arn"], ""), except_arn=record["arn"])
        if duplicate is not None:
            raise conflict(
                "UpdateIncidentRecord",
                f"Cannot reopen {record['arn']}: the open incident {duplicate} has the same dedupeString",
                identifier=record["arn"],
                resource_type="INCIDENT_RECORD",
            )
    now = state.clock.now()
    for name, _, new in changes:
        if new is None:
            record.pop(name, None)
        else:
            record[name] = payloads.copy_payload(new)
    if any(name == "status" for name, _, _ in changes):
        if record["status"] == "RESOLVED":
            record["resolvedTime"] = now
        else:
            record.pop("resolvedTime", None)
        state.status_changed(record["arn"])
    record["lastModifiedTime"] = now
    record["lastModifiedBy"] = state.caller()
    state.record_changed(record["arn"])
    if changes:
        data = facts.record_update_event_data(
            [(name, new) for name, _, new in changes], modified_by=state.caller(), title=record["title"]
        )
        timeline.add_system_event(state, record["arn"], facts.INCIDENT_UPDATE_EVENT, data)
    return {}


def delete_incident_record(state: State, params: dict[str, Any]) -> dict[str, Any]:
    # The model gives DeleteIncidentRecord no 404: deleting what is gone succeeds.
    state.remove_record(params["arn"])
    return {}


_READERS = {
    "creationTime": lambda record: record["creationTime"],
    "impact": lambda record: record["impact"],
    "status": lambda record: record["status"],
    "createdBy": lambda record: record["incidentRecordSource"]["createdBy"],
}
_KEYS = {name: FilterKey(kind, _READERS[name]) for name, kind in facts.INCIDENT_RECORD_FILTERS.items()}


def list_incident_records(state: State, params: dict[str, Any]) -> dict[str, Any]:
    """Newest first, a page at a time: the cost is the page's, not the number of records held."""
    operation = "ListIncidentRecords"
    wanted = matcher(operation, params.get("filters"), _KEYS)
    order = state.record_order
    after = paging.resume_after(operation, params, (paging.is_time, paging.is_text))
    start = len(order) if after is None else bisect.bisect_left(order, (float(after[0]), after[1]))
    candidates = (state.records[order[index][1]] for index in range(start - 1, -1, -1))
    chosen, exhausted = paging.take(candidates, wanted, paging.page_size(operation, params))
    output: dict[str, Any] = {"incidentRecordSummaries": [state.record_summary(record) for record in chosen]}
    if chosen and not exhausted:
        last = chosen[-1]
        output["nextToken"] = paging.encode_token(operation, [last["creationTime"].timestamp(), last["arn"]])
    return output


HANDLERS = {
    "StartIncident": start_incident,
    "GetIncidentRecord": get_incident_record,
    "UpdateIncidentRecord": update_incident_record,
    "DeleteIncidentRecord": delete_incident_record,
    "ListIncidentRecords": list_incident_records,
}
