"""[is] JSON text with the encoder built once, and read through the C scanner: a helper on the lowest floor.

It imports nothing of the package.

``json.dumps`` and ``JSONEncoder.encode`` build a closure and a C encoder on every call
(``dumps`` reuses one only when called with no options at all, and then still builds
the C half): about a microsecond, which is a third of encoding a list item. The
encoders here are built once, with the same options, so their text is the same.
They skip the cycle check: everything they see was decoded from JSON, checked against
the model, or built by this package, so it holds no cycles.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Callable
from typing import Any

__all__ = ["encoder", "loads"]


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


_scan = getattr(json.scanner, "c_make_scanner", None)
_scan_once = _scan(json.JSONDecoder()) if _scan is not None else None
_WHITESPACE = " \t\n\r"


def loads(document: bytes | str) -> Any:
    """``json.loads(document)``, in a fifth of the instructions for a UTF-8 document.

    ``json.loads`` spends most of a small request's reading in Python: finding the
    encoding, two regular-expression matches for whitespace, checks of its options.
    Here a UTF-8 document goes straight to the C scanner; anything else (another
    encoding, a byte-order mark, bad JSON, trailing data) is read by ``json.loads``,
    so what it returns or raises is exactly what ``json.loads`` does.
    """
    if _scan_once is not None and type(document) is bytes:
        try:
            text = document.decode("utf-8")
            start = len(text) - len(text.lstrip(_WHITESPACE))
            value, end = _scan_once(text, start)
        except (ValueError, StopIteration, RecursionError):
            pass
        else:
            if end == len(text) or not text[end:].strip(_WHITESPACE):
                return value
    return json.loads(document)
