"""The service's own containers: what its lists and pages rely on, checked without HTTP."""

from __future__ import annotations

import bisect
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ssmincidents_stub import payloads
from ssmincidents_stub.service import IncidentManager
from ssmincidents_stub.service.state import AddedInOrder

# A put (True) or a pop (False) of one of a few keys: enough to put a key back after its pop.
_STEPS = st.lists(st.tuples(st.booleans(), st.sampled_from("abcdefgh")), max_size=60)


@given(_STEPS)
def test_items_stay_in_the_order_first_added_through_puts_and_pops(steps: list[tuple[bool, str]]) -> None:
    held = AddedInOrder()
    reference: dict[str, payloads.Snapshot] = {}  # a dict keeps its keys where first put, as lists must
    added = 0
    for put, key in steps:
        if put:
            item = payloads.Snapshot(key=key, version=added)
            if key not in held:
                added += 1
                item.order = added
            held.put(key, item)
            reference[key] = item
        else:
            assert held.pop(key) is reference.pop(key, None)
        assert list(held.values()) == list(reference.values())
    in_order = held.in_order
    assert len(in_order) == len(held) == len(reference)
    assert in_order[:] == list(reference.values())
    assert [in_order[i] for i in range(len(in_order))] == list(reference.values())
    orders = [item.order for item in reference.values()]
    assert orders == sorted(orders)  # a put again keeps its place and its order
    for position in range(added + 1):  # where a page that ended at ``position`` resumes
        assert bisect.bisect_right(in_order, position, key=lambda item: item.order) == bisect.bisect_right(
            orders, position
        )


class _CountingDict(dict[str, Any]):
    """A dict that counts the items read from it by key."""

    reads = 0

    def __getitem__(self, key: str) -> Any:
        self.reads += 1
        return super().__getitem__(key)


def test_a_page_of_policies_reads_its_own_items_not_every_policy() -> None:
    # A page from 5,000 policies once copied all 5,000 to cut 10 out: it cost the list's length.
    service = IncidentManager(region="us-east-1")
    arn = service.call("CreateResponsePlan", {"name": "p", "incidentTemplate": {"title": "t", "impact": 3}})["arn"]
    for _ in range(5_000):
        service.call("PutResourcePolicy", {"resourceArn": arn, "policy": "{}"})
    held = service.state.policies[arn]
    counting = _CountingDict(held._by_key)
    held._by_key = counting

    first = service.call("GetResourcePolicies", {"resourceArn": arn, "maxResults": 10})
    middle = service.call(
        "GetResourcePolicies", {"resourceArn": arn, "maxResults": 10, "nextToken": first["nextToken"]}
    )

    assert len(first["resourcePolicies"]) == len(middle["resourcePolicies"]) == 10
    # Two pages of 10, and one bisection of 5,000 keys for the second: not a read of each policy.
    assert counting.reads <= 2 * 10 + 2 * math.ceil(math.log2(5_000))


def test_an_item_added_out_of_order_is_refused() -> None:
    # Pages find their place by bisecting the orders: one out of place would hide items from them.
    held = AddedInOrder()
    first = payloads.Snapshot(key="a")
    first.order = 2
    held.put("a", first)
    late = payloads.Snapshot(key="b")
    late.order = 1
    with pytest.raises(ValueError, match=r"'b' was added with order 1, not after the last item's"):
        held.put("b", late)
    assert list(held.values()) == [first]
