"""[is] Methods other APIs name differently, answered with their names here: a helper on the lowest floor.

It imports nothing of the package. People come to the stub from botocore's ``Stubber``, and to the fake from the stub: a
method they reach for by its other name gets an ``AttributeError`` that names the one to call.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

__all__ = ["SpelledHere"]


class SpelledHere:
    """A base whose missing attributes say what to call instead, when ``_SPELLED_HERE`` knows the name."""

    _SPELLED_HERE: ClassVar[Mapping[str, str]] = MappingProxyType({})

    if not TYPE_CHECKING:  # a __getattr__ a type checker saw would make every misspelt name type-check

        def __getattr__(self, name: str) -> Any:
            hint = self._SPELLED_HERE.get(name)
            suffix = f": {hint}" if hint else ""
            raise AttributeError(
                f"'{type(self).__name__}' object has no attribute '{name}'{suffix}", name=name, obj=self
            )
