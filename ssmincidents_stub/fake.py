"""[delivers] IncidentsFake: an in-process Incident Manager that answers every ssm-incidents client.

Delivery floor. It answers at the last step before the network, botocore's
``Endpoint._send`` (see ``gate``), which every client shares, made before or after
the fake started, in any thread. A ``before-send`` handler added to botocore's
built-in handlers (moto's way) would only reach sessions created afterwards, since
each client copies its event emitter when it is made. So botocore's serializer,
signer, response parser, error factory and retry handler all run for real; retry
back-off is recorded, not slept. The answers come from ``responder``, the same code
the HTTP server runs.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

from ssmincidents_stub import clients, facts, faults, gate, model, payloads, wire
from ssmincidents_stub.responder import Call, FakeControls, Responder, UnservedOperationError

__all__ = ["Call", "FakeAlreadyActiveError", "IncidentsFake", "UnservedOperationError"]


class FakeAlreadyActiveError(RuntimeError):
    """A second IncidentsFake was started while one is active."""


@dataclass
class _Raw:
    body: bytes

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


@dataclass
class _AsyncRaw:
    """The raw body aiobotocore reads (``await raw.read()``)."""

    body: bytes

    async def read(self, *_: Any) -> bytes:
        return self.body

    def at_eof(self) -> bool:
        return True


_Target = TypeVar("_Target", bound=Callable[..., Any])

_active_lock = threading.Lock()
_active: IncidentsFake | None = None


class IncidentsFake(FakeControls):
    """Stateful, wire-level Incident Manager for every ssm-incidents client in the process.

    Use it as a context manager (the ``ssm_incidents_fake`` fixture does) or a decorator
    (``@fake``, as moto's ``mock_aws``), also inside ``@given`` tests and outside pytest.
    ``region`` (default: the ini option ``ssm_incidents_region`` under pytest, else
    ``payloads.DEFAULT_REGION``) is the region clients made with none get, and sets the
    partition of every ARN the fake builds and answers with; ``account`` (12 digits, default
    ``facts.EXAMPLE_ACCOUNT``) is the account they name, as ``MOTO_ACCOUNT_ID`` is moto's.
    At a clean exit, faults and raw answers never used fail, unless ``assert_all_responses_used=False``.
    """

    def __init__(
        self,
        *,
        region: str | None = None,
        account: str = facts.EXAMPLE_ACCOUNT,
        assert_all_responses_used: bool = True,
    ) -> None:
        region = self._take_settings(region, account, assert_all_responses_used)
        self._responder = Responder(region=region, account=account)
        self.retry_sleeps: list[float] = []
        """Back-off delays botocore asked for (in seconds) and did not sleep."""
        self.waiter_sleeps: list[float] = []
        """Delays between a waiter's polls (in seconds), passed on the service's clock, not slept."""
        self._restore_environment: Callable[[], None] | None = None
        self._previous_region: str | None = None
        self._started = False
        self._started_in = "outside any test"

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Answer every ssm-incidents client until ``stop()``."""
        global _active
        with _active_lock:
            if _active is self:
                raise FakeAlreadyActiveError(
                    f"this IncidentsFake is already active (started {self._started_in}); use it as it is: "
                    f"a with block or start() inside it would stop it at its end (a decorated function "
                    f"called inside it runs in it as it is)"
                )
            if _active is not None:
                raise FakeAlreadyActiveError(
                    f"an IncidentsFake is already active (started {_active._started_in}); stop it first "
                    f"(one fake answers every client in the process, so two would contradict each other)"
                )
            _active = self
        # Where it started, for the error above: a fake a test left running is found by name.
        running = os.environ.get("PYTEST_CURRENT_TEST")
        self._started_in = f"in {running}" if running else "outside any test"
        try:
            # Like moto: any client made during the fake gets fake credentials and the fake's region.
            self._restore_environment = clients.replace_aws_environment(clients.fake_environment(self.region))
            self._previous_region = payloads.set_region(self.region)
            gate.acquire(self, answerer=self)
            self._started = True
        except BaseException:
            self.stop()
            raise

    def stop(self, *, wait: float = gate.STOP_WAIT_SECONDS) -> None:
        """Stop answering and restore the environment; safe to call twice.

        A call still in flight is answered to its end, waiting up to ``wait`` seconds;
        after that, its further attempts raise ``BlockedRequestError``. None reaches the network.
        It waits only for other threads' calls: a call of this thread still in flight is a
        coroutine of its event loop, which waiting would stall; await those before leaving
        the ``with`` block.
        """
        global _active
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not 0 <= wait <= 3600:
            # Checked before anything stops: a bad value would only fail when a call is in flight.
            raise ValueError(f"wait={model.show(wait)} is not a number of seconds from 0 to 3600")
        try:
            gate.release(self, wait)  # may wait for calls in flight: a test timeout can interrupt it
        finally:
            self._started = False
            if self._previous_region is not None:
                payloads.set_region(self._previous_region)
                self._previous_region = None
            restore, self._restore_environment = self._restore_environment, None
            try:
                if restore is not None:
                    restore()
            finally:
                with _active_lock:
                    if _active is self:
                        _active = None

    def __enter__(self) -> IncidentsFake:
        self.start()
        return self

    def reset(self) -> None:
        """Forget all state, queued faults, recorded calls and recorded sleeps."""
        with self._responder.lock:  # a back-off recorded meanwhile would move the new clock, unlisted
            super().reset()
            self.retry_sleeps.clear()
            self.waiter_sleeps.clear()

    def __call__(self, target: _Target) -> _Target:
        """Use the fake as a decorator, as moto's ``mock_aws``: active for each call of the function, fresh each time.

        It decorates a function or a coroutine function (a test, with or without pytest's
        fixtures). Each call starts the fake and empties it, as moto starts each decorated
        call from an empty backend: seed it inside the function, through the name it was
        decorated with (``fake.put_incident_record(...)``); what was seeded before is gone.
        A decorated function called while the same fake is active (a decorated helper of a
        decorated test) runs in it as it is. It refuses a class (its ``setUp`` would run
        outside the fake) and a generator (its body would run after the fake stopped).
        """
        if isinstance(target, type):
            raise TypeError(
                f"IncidentsFake decorates functions, not the class {target.__qualname__}: its setUp or "
                f"setup_method would run outside the fake. Decorate each test, use the ssm_incidents_fake "
                f"fixture, or start it in setUp: self.enterContext(fake) (Python 3.11+), or fake.start(), "
                f"self.addCleanup(fake.stop) and self.addCleanup(fake.assert_no_pending_responses); then "
                f"fake.reset() for an empty one"
            )
        if not callable(target):
            raise TypeError(f"IncidentsFake decorates a function or a coroutine function, not {model.show(target)}")
        function: Callable[..., Any] = target
        if inspect.isgeneratorfunction(function) or inspect.isasyncgenfunction(function):
            raise TypeError(
                f"IncidentsFake cannot decorate the generator {function.__qualname__}: its body runs after "
                f"the call returns, when the fake has stopped; use `with fake:` inside it"
            )
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def answered_async(*args: Any, **kwargs: Any) -> Any:
                with self._answering():
                    return await function(*args, **kwargs)

            return answered_async  # type: ignore[return-value]

        @functools.wraps(function)
        def answered(*args: Any, **kwargs: Any) -> Any:
            with self._answering():
                return function(*args, **kwargs)

        return answered  # type: ignore[return-value]

    @contextlib.contextmanager
    def _answering(self) -> Iterator[None]:
        """A decorated call: started and emptied, or, inside a call the same fake answers already, as it is."""
        if _active is self:
            yield
            return
        with self:
            self.reset()  # once started: a fake already active elsewhere keeps its state
            yield

    # ------------------------------------------------------------ serving (called by the gate)

    def serve(self, request: AWSPreparedRequest) -> AWSResponse:
        """Answer one botocore HTTP attempt."""
        try:
            answer = self._responder.answer(_wire_request(request), _attempt_of(request))
        except faults.TransportFault as fault:
            raise _transport_error(fault, request) from None
        headers: Any = answer.headers
        return AWSResponse(request.url, answer.status, headers, _Raw(answer.body))

    async def serve_async(self, request: AWSPreparedRequest) -> Any:
        """Answer one aiobotocore HTTP attempt (the same answer, as aiobotocore's response)."""
        try:
            answer = self._responder.answer(_wire_request(request), _attempt_of(request))
        except faults.TransportFault as fault:
            raise _transport_error(fault, request) from None
        headers: Any = answer.headers
        return _aio_response_class()(request.url, answer.status, headers, _AsyncRaw(answer.body))

    def record_sleep(self, seconds: float) -> None:
        """A retry back-off botocore asked for: recorded, and passed on the service's clock."""
        # Under the lock, as advance_clock() is: the clock and what settles with it change in
        # steps, and another thread's request or seeding must not see them half done.
        with self._responder.lock:
            self.retry_sleeps.append(seconds)
            self._responder.service.advance_clock(seconds)

    def record_waiter_sleep(self, seconds: float) -> None:
        """A waiter's delay between polls: recorded, and passed on the service's clock."""
        with self._responder.lock:
            self.waiter_sleeps.append(seconds)
            self._responder.service.advance_clock(seconds)


@functools.cache
def _aio_response_class() -> Any:
    from aiobotocore.awsrequest import AioAWSResponse  # only where aiobotocore is installed

    return AioAWSResponse


def _transport_error(fault: faults.TransportFault, request: AWSPreparedRequest) -> Exception:
    """What botocore's HTTP layer raises when the connection fails or the read times out."""
    url = str(request.url)
    if fault.kind == faults.READ_TIMEOUT:
        return ReadTimeoutError(endpoint_url=url)
    return EndpointConnectionError(endpoint_url=url)


def _attempt_of(request: AWSPreparedRequest) -> int | None:
    """The attempt botocore is making, from the context it writes the ``amz-sdk-request`` header from.

    Reading it there costs a tenth of finding the header and parsing it; None (read the
    header) where the context does not carry it.
    """
    retries = (getattr(request, "context", None) or {}).get("retries")
    attempt = retries.get("attempt") if isinstance(retries, dict) else None
    return attempt if isinstance(attempt, int) else None


def _wire_request(request: AWSPreparedRequest) -> wire.HttpRequest:
    url = urllib.parse.urlsplit(request.url)
    body: Any = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    elif body is not None and not isinstance(body, (bytes, bytearray)):
        body = body.read()  # a file-like body: this service sends none, but be safe
    # botocore's headers, as they are: case-insensitive, values str or bytes (wire reads either).
    headers: Any = request.headers
    return wire.HttpRequest(str(request.method), url.path, url.query, headers, bytes(body or b""))
