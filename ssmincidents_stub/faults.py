"""Queued faults and raw answers: what the next attempts of an operation get instead of the service.

Delivery floor, shared by the fake and the server. Each queue is per operation and
first in, first out; every entry is one HTTP attempt (botocore's retries use them up).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ssmincidents_stub import model, payloads, wire

__all__ = ["MAX_TIMES", "FaultQueue", "QueuedError", "RawAnswer", "encode_raw_body"]

# No client retries this often; a larger count is a mistake, not a test.
MAX_TIMES = 10_000


@dataclass
class QueuedError:
    """An error for the next ``remaining`` attempts, completed with each request's identifier."""

    code: str
    message: str | None
    http_status_code: int | None
    fields: dict[str, Any]
    remaining: int = 1

    def answer(self, operation: str, params: Mapping[str, Any]) -> wire.HttpAnswer:
        error = payloads.error_payload(
            operation,
            self.code,
            self.message,
            http_status_code=self.http_status_code,
            resource_identifier=payloads.request_identifier(params),
            **self.fields,
        )
        return wire.encode_error(error)

    def describe(self) -> str:
        info = model.error_info(self.code)
        status = self.http_status_code or (info.http_status if info else "?")
        times = f", for {self.remaining} more attempts" if self.remaining > 1 else ""
        return f"{self.code} ({status}){times}"


@dataclass
class RawAnswer:
    """Exactly this HTTP answer, for one attempt."""

    status: int
    headers: dict[str, str]
    body: bytes
    remaining: int = field(default=1)

    def answer(self, operation: str, params: Mapping[str, Any]) -> wire.HttpAnswer:
        return wire.HttpAnswer(self.status, dict(self.headers), self.body)

    def describe(self) -> str:
        return f"raw answer, status {self.status}"


Entry = QueuedError | RawAnswer


class FaultQueue:
    """Per-operation queues of errors and raw answers; thread-safe."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Entry]] = {}
        self._lock = threading.Lock()

    def push(self, operation: str, entry: Entry) -> None:
        with self._lock:
            self._queues.setdefault(operation, deque()).append(entry)

    def take(self, operation: str, params: Mapping[str, Any]) -> wire.HttpAnswer | None:
        """The answer queued for this attempt of ``operation``, or None: the service answers."""
        with self._lock:
            queue = self._queues.get(operation)
            if not queue:
                return None
            entry = queue[0]
            entry.remaining -= 1
            if entry.remaining <= 0:
                queue.popleft()
        return entry.answer(operation, params)

    def pending(self) -> list[tuple[str, str]]:
        """(operation, description) of every entry not yet used, oldest first per operation."""
        with self._lock:
            return [(operation, entry.describe()) for operation, queue in self._queues.items() for entry in queue]

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()


# A raw answer is one HTTP body; no service sends more.
MAX_RAW_BODY = 16 * 1024 * 1024


def encode_raw_body(body: Any) -> bytes:
    """A raw body as sent: bytes as they are, str as UTF-8, a dict as JSON."""
    if isinstance(body, Mapping):
        payloads.require_bounded_depth("body", body)
        try:
            text = json.dumps(body, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"body={model.show(body)} cannot be sent as JSON ({error}); pass JSON-serializable values, "
                f"or the exact bytes to send"
            ) from None
        body = text
    if isinstance(body, str):
        try:
            body = body.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ValueError(
                f"body={model.show(body)} has a lone surrogate at index {error.start}, which UTF-8 cannot "
                f"encode; pass bytes to send invalid UTF-8 on purpose"
            ) from None
    if not isinstance(body, bytes):
        raise TypeError(f"body={model.show(body)} is not str, bytes or a dict")
    if len(body) > MAX_RAW_BODY:
        raise ValueError(f"body of {len(body):,} bytes is larger than the {MAX_RAW_BODY:,} bytes a raw answer may hold")
    return body
