"""[is] JSON text with the encoder built once: a helper below every floor (it imports nothing of the package).

``json.dumps`` and ``JSONEncoder.encode`` build a closure and a C encoder on every call
(``dumps`` reuses one only when called with no options at all, and then still builds
the C half): about a microsecond, which is a third of encoding a list item. The
encoders here are built once, with the same options, so their text is the same.
They skip the cycle check: everything they see was decoded from JSON, checked against
the model, or built by this package, so it holds no cycles.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["encoder"]


def encoder(
    *,
    separators: tuple[str, str] = (", ", ": "),
    sort_keys: bool = False,
    default: Callable[[Any], Any] | None = None,
) -> Callable[[Any], str]:
    """``json.dumps`` with these options (and ``check_circular=False``), as a function built once."""
    item_separator, key_separator = separators
    fallback = json.JSONEncoder(check_circular=False, separators=separators, sort_keys=sort_keys, default=default)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator
        return fallback.encode
    chunks = make(
        None,
        fallback.default,
        json.encoder.encode_basestring_ascii,
        None,
        key_separator,
        item_separator,
        sort_keys,
        False,
        True,
    )
    return lambda value: "".join(chunks(value, 0))
