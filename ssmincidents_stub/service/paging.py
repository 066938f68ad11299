"""Pages of list answers: ``maxResults`` and an opaque ``nextToken``, as the service pages.

Service floor. A token is the position after the last item served, so a page costs
time in proportion to its size; a token the service did not issue is a 400.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ssmincidents_stub.service.errors import validation

__all__ = ["page", "start_of"]

T = TypeVar("T")

_PREFIX = "ssmincidents-stub:"


def start_of(operation: str, params: dict[str, Any]) -> int:
    """Where the page asked for starts: 0, or the position a ``nextToken`` carries."""
    token = params.get("nextToken")
    if token is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(str(token).encode("ascii")).decode("ascii")
    except ValueError:
        text = ""
    if text.startswith(_PREFIX) and text[len(_PREFIX) :].isdigit():
        return int(text[len(_PREFIX) :])
    raise validation(
        operation, f"The nextToken {str(token)[:100]!r} is not valid; pass the nextToken of a previous answer"
    )


def token_for(position: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{position}".encode("ascii")).decode("ascii")


def page(
    operation: str,
    params: dict[str, Any],
    items: Sequence[T],
    key: str,
    render: Callable[[T], Any] = lambda item: item,
    default_size: int = 100,
) -> dict[str, Any]:
    """The output holding one page of ``items`` under ``key``, and a ``nextToken`` if more remain."""
    start = start_of(operation, params)
    end = start + int(params.get("maxResults") or default_size)
    output: dict[str, Any] = {key: [render(item) for item in items[start:end]]}
    if end < len(items):
        output["nextToken"] = token_for(end)
    return output
