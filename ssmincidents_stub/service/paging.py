"""[does] Pages of list answers: ``maxResults`` and an opaque ``nextToken``, as the service pages.

Service floor. A token carries the sort key of the last item a page showed and the
operation that issued it, never a count: items added or removed between pages neither
skip nor repeat the rest. A token the service did not issue is a 400
``ValidationException``.
"""

from __future__ import annotations

import base64
import bisect
import functools
import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ssmincidents_stub import _jsontext, model, payloads
from ssmincidents_stub.service.errors import validation

__all__ = ["decode_token", "encode_token", "order_added", "page", "page_size", "take"]

T = TypeVar("T")


def page_size(operation: str, params: dict[str, Any]) -> int:
    """``maxResults``, or the largest page the operation's model allows: the documentation gives no default."""
    return int(params.get("maxResults") or _largest_page(operation))


@functools.cache
def _largest_page(operation: str) -> int:
    # 100 for most lists, 20 for ListIncidentFindings.
    shape: Any = model.operation_model(operation).input_shape
    return int(shape.members["maxResults"].metadata["max"])


_COMPACT = _jsontext.encoder(separators=(",", ":"))


def encode_token(operation: str, position: Any) -> str:
    text = _COMPACT([operation, position])
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii")


def decode_token(operation: str, params: dict[str, Any]) -> Any:
    """The position a ``nextToken`` carries (None for the first page), or a 400 for a forged one."""
    token = params.get("nextToken")
    if token is None:
        return None
    try:
        issued_by, position = json.loads(base64.urlsafe_b64decode(str(token).encode("ascii")))
    except (ValueError, TypeError, RecursionError):  # not base64, not JSON, not a pair, or nested too deep
        issued_by, position = None, None
    if issued_by != operation or position is None:
        raise validation(
            operation, f"The nextToken {str(token)[:100]!r} is not valid; pass the nextToken of a previous answer"
        )
    return position


def page(
    operation: str,
    params: dict[str, Any],
    items: Sequence[T],
    key: str,
    sort_key: Callable[[T], int | str],
    render: Callable[[T], Any] | None = None,
    *,
    scope: str = "",
) -> dict[str, Any]:
    """One page of ``items``, held in ascending ``sort_key`` order, after the last one shown.

    ``scope`` names the list (the incident or plan it belongs to): a token resumes only
    the list that issued it.
    """
    after = decode_token(operation, params)
    start = 0
    if after is not None:
        position = after[1] if isinstance(after, list) and len(after) == 2 and after[0] == scope else None
        if not (isinstance(position, str) or (type(position) is int and position >= 0)):
            raise validation(
                operation,
                "The nextToken is not valid for this list; pass the nextToken of the previous answer "
                "to the same request",
            )
        try:
            start = bisect.bisect_right(items, position, key=sort_key)
        except TypeError:  # an int where the list sorts by text, or the other way round
            raise validation(operation, "The nextToken is not valid; pass the nextToken of a previous answer") from None
    chosen = items[start : start + page_size(operation, params)]
    output: dict[str, Any] = {key: list(chosen) if render is None else [render(item) for item in chosen]}
    if start + len(chosen) < len(items):
        output["nextToken"] = encode_token(operation, [scope, sort_key(chosen[-1])])
    return output


def order_added(item: payloads.Snapshot) -> int:
    """The sort key of a list kept in the order its items were added (see ``State.next_order``)."""
    return item.order


def take(candidates: Iterable[T], wanted: Callable[[T], bool] | None, size: int) -> tuple[list[T], bool]:
    """Up to ``size`` candidates that are wanted (all, if ``wanted`` is None), and whether no wanted one is left.

    "If there are no additional items to return, the string is null" (the API Reference's
    nextToken): with filters, the candidates after a full page are looked through for one
    that matches, so a token never leads to an empty page.
    """
    iterator = iter(candidates)
    if wanted is None:
        chosen = list(itertools.islice(iterator, size))
        return chosen, len(chosen) < size or next(iterator, None) is None
    chosen = []
    for candidate in iterator:
        if wanted(candidate):
            chosen.append(candidate)
            if len(chosen) == size:
                return chosen, not any(map(wanted, iterator))
    return chosen, True
