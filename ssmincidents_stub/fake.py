"""IncidentsFake: an in-process Incident Manager that answers every ssm-incidents client.

It takes over at the last step before the network: botocore's ``Endpoint._send``,
the call that follows the ``before-send`` event. A ``before-send`` handler added
to botocore's built-in handlers (moto's way) only reaches sessions created
afterwards, since each client copies its event emitter when it is made; the send
step is shared by every client, made before or after the fake started. So
botocore's serializer, signer, response parser, error factory and retry handler
all run for real. Retry back-off is recorded, not slept. Other services pass
through untouched.
"""

from __future__ import annotations

import os
import threading
import time
import types
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import botocore.endpoint
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ssmincidents_stub import clients, model, wire
from ssmincidents_stub.responder import Call, FakeControls, Responder, UnservedOperationError

__all__ = ["Call", "FakeAlreadyActiveError", "IncidentsFake", "UnservedOperationError"]

SERVED_OPERATIONS = ("GetIncidentRecord", "GetTimelineEvent", "CreateTimelineEvent", "ListTimelineEvents")


class FakeAlreadyActiveError(RuntimeError):
    """A second IncidentsFake was started while one is active."""


@dataclass
class _Raw:
    body: bytes

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


_active_lock = threading.Lock()
_active: IncidentsFake | None = None


class IncidentsFake(FakeControls):
    """Stateful, wire-level Incident Manager for every ssm-incidents client in the process.

    Use it as a context manager (the ``ssm_incidents_fake`` fixture does), also inside
    ``@given`` tests and outside pytest.
    """

    def __init__(self) -> None:
        self._responder = Responder(region=clients.DEFAULT_REGION)
        self.retry_sleeps: list[float] = []
        """Back-off delays botocore asked for (in seconds) and did not sleep."""
        self._undo: list[Callable[[], None]] = []

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Answer every ssm-incidents client until ``stop()``."""
        global _active
        with _active_lock:
            if _active is not None:
                raise FakeAlreadyActiveError(
                    "an IncidentsFake is already active; stop it first (one fake answers "
                    "every client in the process, so two would contradict each other)"
                )
            _active = self
        try:
            self._patch_environment()
            self._patch(botocore.endpoint.Endpoint, "_send", _fake_send)
            self._patch(botocore.endpoint.Endpoint, "_needs_retry", _needs_retry_without_sleep)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Remove every patch and restore the environment; safe to call twice."""
        global _active
        while self._undo:
            self._undo.pop()()
        with _active_lock:
            if _active is self:
                _active = None

    def __enter__(self) -> IncidentsFake:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _patch(self, owner: Any, name: str, replacement: Any) -> None:
        original = owner.__dict__[name]
        setattr(owner, name, replacement)
        self._undo.append(lambda: setattr(owner, name, original))

    def _patch_environment(self) -> None:
        # Like moto: any client made during the fake gets fake credentials and a region.
        saved = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}

        def restore() -> None:
            for name in [k for k in os.environ if k.startswith("AWS_")]:
                del os.environ[name]
            os.environ.update(saved)

        self._undo.append(restore)
        for name in saved:
            del os.environ[name]
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": clients.FAKE_CREDENTIALS["aws_access_key_id"],
                "AWS_SECRET_ACCESS_KEY": clients.FAKE_CREDENTIALS["aws_secret_access_key"],
                "AWS_SESSION_TOKEN": clients.FAKE_CREDENTIALS["aws_session_token"],
                "AWS_DEFAULT_REGION": clients.DEFAULT_REGION,
                "AWS_CONFIG_FILE": os.devnull,
                "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
                "AWS_EC2_METADATA_DISABLED": "true",
            }
        )

    # ------------------------------------------------------------ serving

    def _serve(self, request: AWSPreparedRequest) -> AWSResponse:
        url = urllib.parse.urlsplit(request.url)
        body: Any = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif body is not None and not isinstance(body, (bytes, bytearray)):
            body = body.read()  # a file-like body: this service sends none, but be safe
        headers = {name: _text(value) for name, value in request.headers.items()}
        wire_request = wire.HttpRequest(str(request.method), url.path, url.query, headers, bytes(body or b""))
        answer = self._responder.answer(wire_request)
        response_headers: Any = answer.headers
        return AWSResponse(request.url, answer.status, response_headers, _Raw(answer.body))


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


# ---------------------------------------------------------------- the two patches


_ENDPOINT_MODULE: Any = botocore.endpoint
_ORIGINAL_SEND = vars(botocore.endpoint.Endpoint)["_send"]
_ORIGINAL_NEEDS_RETRY = vars(botocore.endpoint.Endpoint)["_needs_retry"]


def _fake_send(endpoint: botocore.endpoint.Endpoint, request: AWSPreparedRequest) -> AWSResponse:
    fake = _active
    if fake is None or getattr(endpoint, "_endpoint_prefix", None) != model.SERVICE_NAME:
        response: AWSResponse = _ORIGINAL_SEND(endpoint, request)
        return response
    return fake._serve(request)


class _RecordingTime(types.SimpleNamespace):
    """Stands in for the ``time`` module inside ``_needs_retry``: records sleeps."""

    def __init__(self, record: Callable[[float], None]) -> None:
        super().__init__(sleep=record, time=time.time, monotonic=time.monotonic)


def _needs_retry_without_sleep(endpoint: botocore.endpoint.Endpoint, *args: Any, **kwargs: Any) -> bool:
    fake = _active
    if fake is None or getattr(endpoint, "_endpoint_prefix", None) != model.SERVICE_NAME:
        return bool(_ORIGINAL_NEEDS_RETRY(endpoint, *args, **kwargs))
    # botocore computes the back-off and sleeps in this one function: run it with a
    # clock that records the delay instead. The swap is brief and locked, but a thread
    # retrying another service in that same instant would skip its sleep too.
    with _sleep_swap_lock:
        real_time = _ENDPOINT_MODULE.time
        _ENDPOINT_MODULE.time = _RecordingTime(fake.retry_sleeps.append)
        try:
            return bool(_ORIGINAL_NEEDS_RETRY(endpoint, *args, **kwargs))
        finally:
            _ENDPOINT_MODULE.time = real_time


_sleep_swap_lock = threading.Lock()
