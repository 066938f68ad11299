"""[does] The replication set: create, get, list, update, delete it, and its deletion protection.

Service floor. An account has one replication set, of at most the model's number of Regions. It is
CREATING, then ACTIVE; an update makes it UPDATING, a deletion DELETING, then gone,
with every piece of Incident Manager data. These changes happen on the service's
clock (``facts.REPLICATION_SETTLE_SECONDS``), which waiters move by their delays
instead of sleeping, so both waiters finish at once.
"""

from __future__ import annotations

import datetime
import functools
from typing import Any

from ssmincidents_stub import facts, model
from ssmincidents_stub.service import paging
from ssmincidents_stub.service.errors import conflict, not_found, quota_exceeded, validation
from ssmincidents_stub.service.state import Payload, State

__all__ = ["HANDLERS", "settle"]

_SETTLE = datetime.timedelta(seconds=facts.REPLICATION_SETTLE_SECONDS)
_DELETION_WAIT = datetime.timedelta(seconds=facts.REGION_DELETION_WAIT_SECONDS)


def settle(state: State) -> None:
    """Apply the lifecycle changes whose time has come (called before every request)."""
    replication_set = state.replication_set
    if replication_set is None or not state.replication_timeline:
        return
    now = state.clock.now()
    due = [change for change in state.replication_timeline if change[0] <= now]
    if not due:
        return
    state.replication_timeline = [change for change in state.replication_timeline if change[0] > now]
    for when, status in due:
        if status == "DELETED":
            _delete_everything(state)
            return
        replication_set["status"] = status
        for name, region in list(replication_set["regionMap"].items()):
            if region["status"] == "DELETING":
                del replication_set["regionMap"][name]
            elif region["status"] != status:
                region["status"] = status
                region["statusUpdateDateTime"] = when
        replication_set["lastModifiedTime"] = when


def _delete_everything(state: State) -> None:
    # "Deleting the replication set deletes all Incident Manager data."
    state.replication_set = None
    state.replication_timeline = []
    state.regions_added.clear()
    for arn in list(state.records):
        state.remove_record(arn)
    state.plans.clear()
    state.plan_order.clear()
    state.plan_summaries.clear()
    state.policies.clear()
    state.tags.clear()
    state.client_tokens.clear()  # a token must not answer with a resource that is gone


def _schedule(state: State, status: str) -> None:
    state.replication_timeline.append((state.clock.now() + _SETTLE, status))


@functools.cache
def _max_regions() -> int:
    # The model's limit on CreateReplicationSet's regions holds for the set's whole life.
    return int(model.shape("RegionMapInput").metadata["max"])


def _check_region(state: State, operation: str, region: str) -> None:
    if region not in model.regions_in(state.partition):
        raise validation(
            operation,
            f"Invalid region name {region!r} in partition {state.partition}; "
            f"use a region of that partition, such as {state.region!r}",
        )


def _of(state: State, operation: str, arn: str) -> Payload:
    replication_set = state.replication_set
    if replication_set is None or replication_set["arn"] != arn:
        raise not_found(operation, arn, resource_type="REPLICATION_SET")
    return replication_set


def create_replication_set(state: State, params: dict[str, Any]) -> dict[str, Any]:
    operation = "CreateReplicationSet"
    if state.replication_set is not None:
        # An account has one: AWS's own CloudFormation provider reads this quota error as "exists".
        raise quota_exceeded(
            operation,
            f"A replication set already exists in this account: {state.replication_set['arn']}",
            "REPLICATION_SET",
        )
    regions = params["regions"]  # at most the model's maximum: the input check saw to it
    for region in regions:
        _check_region(state, operation, region)
    now = state.clock.now()
    arn = facts.REPLICATION_SET_ARN_FORMAT.format(
        partition=state.partition, account=state.account, id=facts.serial_uuid("replication-set", state.next_serial())
    )
    state.replication_set = {
        "arn": arn,
        "status": "CREATING",
        "regionMap": {name: _region(value.get("sseKmsKeyId"), now) for name, value in regions.items()},
        "deletionProtected": False,
        "createdBy": state.caller(),
        "createdTime": now,
        "lastModifiedBy": state.caller(),
        "lastModifiedTime": now,
    }
    state.regions_added = dict.fromkeys(regions, now)
    _schedule(state, "ACTIVE")
    if params.get("tags"):
        state.tags[arn] = dict(params["tags"])
    return {"arn": arn}


def _region(key: str | None, now: datetime.datetime, status: str = "CREATING") -> Payload:
    return {"sseKmsKeyId": key or facts.DEFAULT_KMS_KEY, "status": status, "statusUpdateDateTime": now}


def get_replication_set(state: State, params: dict[str, Any]) -> dict[str, Any]:
    return {"replicationSet": _of(state, "GetReplicationSet", params["arn"])}


def list_replication_sets(state: State, params: dict[str, Any]) -> dict[str, Any]:
    arns = [state.replication_set["arn"]] if state.replication_set is not None else []
    return paging.page("ListReplicationSets", params, arns, "replicationSetArns", lambda arn: arn)


def update_replication_set(state: State, params: dict[str, Any]) -> dict[str, Any]:
    operation = "UpdateReplicationSet"
    replication_set = _of(state, operation, params["arn"])
    if replication_set["status"] != "ACTIVE":
        raise conflict(
            operation,
            f"The replication set is {replication_set['status']}; update it once it is ACTIVE",
            replication_set["arn"],
            "REPLICATION_SET",
        )
    regions = dict(replication_set["regionMap"])
    added: dict[str, datetime.datetime] = {}
    now = state.clock.now()
    for action in params["actions"]:
        if "addRegionAction" in action:
            name = action["addRegionAction"]["regionName"]
            _check_region(state, operation, name)
            if name in regions:
                raise validation(operation, f"The Region {name} is already in the replication set")
            regions[name] = _region(action["addRegionAction"].get("sseKmsKeyId"), now)
            added[name] = now
        else:
            name = action["deleteRegionAction"]["regionName"]
            if name not in regions:
                raise validation(operation, f"The Region {name} is not in the replication set")
            since = added.get(name) or state.regions_added.get(name) or replication_set["createdTime"]
            _check_deletable(state, operation, name, since)
            regions[name] = {**regions[name], "status": "DELETING", "statusUpdateDateTime": now}
    staying = [name for name, region in regions.items() if region["status"] != "DELETING"]
    if len(staying) > _max_regions():
        raise validation(
            operation, f"A replication set can have at most {_max_regions()} Regions; this update leaves {len(staying)}"
        )
    if not staying:
        # UpdateDeletionProtection "allow[s] or den[ies] deletion of the final Region": with it
        # off, deleting the final Region deletes the replication set, and with it all data.
        if replication_set["deletionProtected"]:
            raise validation(operation, "Deletion protection is on: the last Region of the replication set stays")
        _start_deleting(state, replication_set)
        return {}
    replication_set.update(regionMap=regions, status="UPDATING", lastModifiedTime=now, lastModifiedBy=state.caller())
    state.regions_added.update(added)
    for name in set(state.regions_added) - set(staying):
        del state.regions_added[name]
    _schedule(state, "ACTIVE")
    return {}


def _check_deletable(state: State, operation: str, region: str, added: datetime.datetime) -> None:
    """A Region can be deleted a day after it was added."""
    ready = added + _DELETION_WAIT
    if state.clock.now() < ready:
        raise validation(
            operation,
            f"The Region {region} was added to the replication set at {added.isoformat()}: a Region can be "
            f"deleted 24 hours after it was added, from {ready.isoformat()}",
        )


def delete_replication_set(state: State, params: dict[str, Any]) -> dict[str, Any]:
    operation = "DeleteReplicationSet"
    replication_set = _of(state, operation, params["arn"])
    if replication_set["deletionProtected"]:
        raise validation(
            operation, "Deletion protection is on for the replication set; turn it off with UpdateDeletionProtection"
        )
    if replication_set["status"] != "DELETING":
        _start_deleting(state, replication_set)
    return {}


def _start_deleting(state: State, replication_set: Payload) -> None:
    now = state.clock.now()
    replication_set.update(status="DELETING", lastModifiedTime=now, lastModifiedBy=state.caller())
    for region in replication_set["regionMap"].values():
        region.update(status="DELETING", statusUpdateDateTime=now)
    state.replication_timeline = []
    _schedule(state, "DELETED")


def update_deletion_protection(state: State, params: dict[str, Any]) -> dict[str, Any]:
    replication_set = _of(state, "UpdateDeletionProtection", params["arn"])
    replication_set.update(
        deletionProtected=params["deletionProtected"],
        lastModifiedTime=state.clock.now(),
        lastModifiedBy=state.caller(),
    )
    return {}


HANDLERS = {
    "CreateReplicationSet": create_replication_set,
    "GetReplicationSet": get_replication_set,
    "ListReplicationSets": list_replication_sets,
    "UpdateReplicationSet": update_replication_set,
    "DeleteReplicationSet": delete_replication_set,
    "UpdateDeletionProtection": update_deletion_protection,
}
