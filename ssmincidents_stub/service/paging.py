"""[does] Pages of list answers: ``maxResults`` and an opaque ``nextToken``, as the service pages.

Service floor. A token carries the sort key of the last item a page showed and the
operation that issued it, never a count: items added or removed between pages neither
skip nor repeat the rest. A token the service did not issue, or issued for another
list, is a 400 ``ValidationException`` that quotes it (``invalid_token``).
"""

from __future__ import annotations

import base64
import bisect
import functools
import itertools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ssmincidents_stub import _jsontext, model, payloads
from ssmincidents_stub.service.errors import ServiceError, validation

__all__ = [
    "encode_token",
    "invalid_token",
    "is_text",
    "is_time",
    "order_added",
    "page",
    "page_size",
    "resume_after",
    "take",
]

T = TypeVar("T")
Part = Callable[[Any], bool]
"""A check of one value of the sort key a token carries."""


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


def invalid_token(operation: str, token: object, hint: str = "") -> ServiceError:
    """400 for a ``nextToken`` this list did not issue: it quotes the token (its first 100
    characters) and says what is accepted; ``hint`` names what else the request must repeat."""
    repeat = f" ({hint})" if hint else ""
    return validation(
        operation,
        f"The nextToken {str(token)[:100]!r} is not valid for this list; "
        f"pass the nextToken of a previous answer to this same list{repeat}",
    )


def is_text(value: Any) -> bool:
    return isinstance(value, str)


def is_time(value: Any) -> bool:
    """A time as a token carries it: seconds since the epoch, a finite number a float can hold."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int past any float
        return False


def _is_sort_key(value: Any) -> bool:
    # What ``page`` sorts by: text, or an order (a count, never negative).
    return isinstance(value, str) or (type(value) is int and value >= 0)


def resume_after(
    operation: str, params: dict[str, Any], parts: Sequence[Part], *, scope: Sequence[Any] = (), hint: str = ""
) -> list[Any] | None:
    """The sort key a ``nextToken`` carries, one value per check in ``parts`` (None for the first page).

    A token carries ``[*scope, *key]``: the list it was issued for (the incident, the
    order...), then the sort key of the last item its page showed. One that is not base64
    JSON, was issued by another operation or for another scope, or carries another key is
    a 400 (``invalid_token``, with ``hint``).
    """
    token = params.get("nextToken")
    if token is None:
        return None
    try:
        issued_by, position = json.loads(base64.urlsafe_b64decode(str(token).encode("ascii")))
    except (ValueError, TypeError, RecursionError):  # not base64, not JSON, not a pair, or nested too deep
        issued_by, position = None, None
    held = len(scope)
    if not (
        issued_by == operation
        and isinstance(position, list)
        and len(position) == held + len(parts)
        and position[:held] == list(scope)
        and all(part(value) for part, value in zip(parts, position[held:], strict=True))
    ):
        raise invalid_token(operation, token, hint)
    return position[held:]


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
    # A refusal names the member that holds the scope (incidentRecordArn, resourceArn).
    hint = next((f"the same {name}" for name, value in params.items() if scope and value == scope), "")
    after = resume_after(operation, params, (_is_sort_key,), scope=(scope,), hint=hint)
    start = 0
    if after is not None:
        try:
            start = bisect.bisect_right(items, after[0], key=sort_key)
        except TypeError:  # an int where the list sorts by text, or the other way round
            raise invalid_token(operation, params["nextToken"], hint) from None
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
