"""[does] Related items of an incident: add, remove and list them.

Service floor. The service gives each added item its ``generatedId``
(``related-item/<type>/<32 hex digits>``); an item is known by its identifier (type
and value), so adding one twice is a conflict and removing an unknown one a 404.
"""

from __future__ import annotations

from typing import Any

from ssmincidents_stub import _jsontext, facts, payloads
from ssmincidents_stub.service import paging, timeline
from ssmincidents_stub.service.errors import conflict, related_item_not_found, validation
from ssmincidents_stub.service.lookups import record_of
from ssmincidents_stub.service.state import Payload, State, added_in_order

__all__ = ["HANDLERS", "add_all"]


def _generated_id(state: State, item_type: str) -> str:
    return facts.related_item_id(item_type, facts.serial_uuid("related-item", state.next_serial()))


_CANONICAL = _jsontext.encoder(sort_keys=True, separators=(",", ":"))


def _key(identifier: Payload) -> str:
    """An item's identity: its identifier (type and value), as canonical JSON."""
    return _CANONICAL(identifier)


def add_all(state: State, incident_arn: str, items: list[Payload]) -> None:
    """Add items (StartIncident's ``relatedItems``); one already there is left as it is."""
    if not items:
        return
    held = added_in_order(state.related_items, incident_arn)
    for item in items:
        key = _key(item["identifier"])
        if key not in held:
            held.put(key, _stored(state, item))


def _stored(state: State, item: Payload) -> payloads.Snapshot:
    """The item as lists show it; it never changes once stored (a removal drops it), so it is a snapshot."""
    stored = payloads.Snapshot(payloads.copy_payload(item))
    stored["generatedId"] = _generated_id(state, item["identifier"]["type"])
    stored.order = state.next_order()
    return stored


def update_related_items(state: State, params: dict[str, Any]) -> dict[str, Any]:
    operation = "UpdateRelatedItems"
    arn = params["incidentRecordArn"]
    record = record_of(state, operation, arn)
    held = added_in_order(state.related_items, arn)
    update = params["relatedItemsUpdate"]
    if "itemToAdd" in update:
        item = update["itemToAdd"]
        if "generatedId" in item:
            raise validation(operation, "generatedId is assigned by Incident Manager; leave it out of itemToAdd")
        key = _key(item["identifier"])
        if key in held:
            raise conflict(operation, f"The related item {_describe(item['identifier'])} is already in {arn}", arn)
        held.put(key, _stored(state, item))
    else:
        identifier = update["itemToRemove"]
        if held.pop(_key(identifier)) is None:
            raise related_item_not_found(operation, _describe(identifier))
    # As the API Reference's GetTimelineEvent sample: the update itself, as JSON.
    data = facts.record_update_event_data([("relatedItems", update)], modified_by=state.caller(), title=record["title"])
    timeline.add_system_event(state, arn, facts.INCIDENT_UPDATE_EVENT, data)
    return {}


def _describe(identifier: Payload) -> str:
    ((_, value),) = identifier["value"].items()
    return f"{identifier['type']} {value if isinstance(value, str) else value.get('id', value)}"


def list_related_items(state: State, params: dict[str, Any]) -> dict[str, Any]:
    # The model gives ListRelatedItems no 404: an unknown incident has no items.
    arn = params["incidentRecordArn"]
    held = state.related_items.get(arn)
    items = held.in_order if held is not None else ()
    return paging.page("ListRelatedItems", params, items, "relatedItems", paging.order_added, scope=arn)


HANDLERS = {"UpdateRelatedItems": update_related_items, "ListRelatedItems": list_related_items}
