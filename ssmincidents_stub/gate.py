"""[delivers] The send step, guarded: while a stub or fake is active, no ssm-incidents request leaves the process.

Delivery floor, shared by the stub, the fake and the server. While any of them is
active, the gate replaces ``_send``, ``_send_request`` and ``Session.create_client``;
``Waiter.wait`` too once a stub queues an answer for an operation a waiter polls; while a
fake answers, all of those below. The methods are botocore's, so this holds for every
client made before or after, in every thread:

- ``_send``: an ssm-incidents request goes to the active fake, or, with none,
  raises ``BlockedRequestError``, before any DNS lookup or socket;
- ``_send_request`` (one call with all its retries): ssm-incidents calls are counted
  in flight, so a fake that stops waits for them and they never fall through;
- ``_needs_retry``: botocore's back-off sleep is recorded by the fake instead of
  slept, for ssm-incidents calls only. The module's ``time`` is replaced by a proxy
  whose ``sleep`` consults a context variable set only around those calls, so a
  retry of any other service, in any thread, sleeps for real;
- ``Waiter.wait``: an ssm-incidents waiter's delays are recorded by the stub active on its
  client, or else pass on the fake's clock, as back-off sleeps do; with neither it sleeps;
- ``TokenBucket.acquire``: adaptive retry mode's rate limiter does not wait inside a fake call;
- ``Session.create_client``: an ssm-incidents client made while the gate is shut, with no
  credentials given, gets the fake ones (and the ini region if it finds none): it can
  only be answered or blocked, and looking credentials up would run the user's credential
  helpers or ask instance metadata over the network.

Where aiobotocore is installed, its ``AioEndpoint``, ``AIOWaiter`` and ``AioSession`` get
the same guards, awaited, and its modules' ``asyncio`` a proxy whose ``sleep`` records; the
httpx backend's classes, which sleep through anyio (on asyncio or trio), record theirs too.
Other services pass through untouched. When the last owner leaves and no call is in
flight, every original is put back. A replacement that a user's own patch put back after
that (a monkeypatch undone late) hands everything to botocore's original while the gate
is open, and a client given the fake credentials refuses to send once it is.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import importlib.util
import sys
import threading
import time
import types
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, Protocol

from botocore import xform_name
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import NoCredentialsError

from ssmincidents_stub import clients, model, payloads

__all__ = ["Answerer", "BlockedRequestError", "acquire", "release", "spare_waiter_sleeps"]

# How long a stopping fake waits for calls still in flight before it blocks them.
STOP_WAIT_SECONDS = 5.0


class BlockedRequestError(RuntimeError):
    """An ssm-incidents request that nothing answers, stopped before it reached the network."""

    __module__ = "ssmincidents_stub"  # where users import it from: tracebacks name it so

    def __init__(
        self,
        operation: str | None,
        region: str | None,
        url: str,
        servers: tuple[str, ...] = (),
        *,
        ways_out: str | None = None,
    ) -> None:
        self.operation = operation
        self.region = region
        self._parts = (operation, region, url, servers, ways_out)
        called = f"{xform_name(operation)} ({operation})" if operation else "a request"
        if ways_out is None and servers:
            ways_out = (
                f"An ssm_incidents_server (IncidentsServer) listens at {', '.join(servers)}: clients made "
                f"after it started reach it through AWS_ENDPOINT_URL_SSM_INCIDENTS, and any client given "
                f"endpoint_url={servers[0]!r} does; this one was made for another endpoint, or before the "
                f"server started (the ssm_incidents_client fixture's client is made once a run, so it never "
                f"reaches a server: make the client in the test, e.g. boto3.client('ssm-incidents')). To "
                f"answer every ssm-incidents client in the process, made anywhere, use the ssm_incidents_fake "
                f"fixture (IncidentsFake)."
            )
        elif ways_out is None:
            ways_out = (
                "An IncidentsStub answers only its own client: pass the stub's client (the "
                "ssm_incidents_client fixture, or stub.client) to the code under test. To answer every "
                "ssm-incidents client in the process, made anywhere, use the ssm_incidents_fake fixture "
                "(IncidentsFake) instead."
            )
        super().__init__(
            f"blocked an ssm-incidents call that nothing answers: {called} from a client in region "
            f"{region or 'unknown'}, bound for {url}. {ways_out}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled from what it was made of (the default pickles the message, which __init__
        # does not take): an error raised in a worker process reaches its parent whole.
        return (_blocked_request_error, self._parts)


def _blocked_request_error(
    operation: str | None, region: str | None, url: str, servers: tuple[str, ...], ways_out: str | None
) -> BlockedRequestError:
    return BlockedRequestError(operation, region, url, servers, ways_out=ways_out)


class CredentialsNotFoundUnderTheGateError(NoCredentialsError):
    """botocore's ``NoCredentialsError`` (``except`` clauses for it still match), saying why and what to do."""

    fmt = (
        "Unable to locate credentials: this ssm-incidents client found none when it was made, before "
        "any stub, fake or server was active (at import time, say). Clients made while one is active "
        "get fake credentials: make it inside the test or a fixture, or, for one a test module makes "
        "when imported (a test module or a conftest.py), set the ini option ssm_incidents_fake_aws_env = true "
        "in the file pytest reads its options from"
    )


class Answerer(Protocol):
    """What the gate needs of a fake."""

    def serve(self, request: AWSPreparedRequest) -> AWSResponse: ...

    async def serve_async(self, request: AWSPreparedRequest) -> Any: ...

    def record_sleep(self, seconds: float) -> None: ...

    def record_waiter_sleep(self, seconds: float) -> None: ...


class _Call:
    """One ssm-incidents call in flight, the fake that answers it, and its client's region."""

    __slots__ = ("answerer", "operation", "region", "where")

    def __init__(self, answerer: Answerer | None, operation: str, region: str | None, where: tuple[int, int]) -> None:
        self.answerer = answerer
        self.operation = operation
        self.region = region
        self.where = where  # (the answerer's key, the thread it began in), for counting it


_CALL: contextvars.ContextVar[_Call | None] = contextvars.ContextVar("ssmincidents_stub_call", default=None)
_SLEEP: contextvars.ContextVar[Callable[[float], None] | None] = contextvars.ContextVar(
    "ssmincidents_stub_sleep", default=None
)


class _SleepRecordingTime(types.ModuleType):
    """Stands in for ``time`` in botocore's endpoint and waiter modules: ``sleep`` records inside fake calls."""

    def __init__(self) -> None:
        super().__init__("time")

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)

    @staticmethod
    def sleep(seconds: float) -> None:
        record = _SLEEP.get()
        if record is None:
            time.sleep(seconds)
        else:
            record(seconds)


# What the patches replace, read when they are installed from the botocore in sys.modules
# then, so a re-imported botocore (pytester's in-process runs do that) is the one patched.
# Never emptied: a thread inside a patched method may still look its original up.
_ORIGINALS: dict[tuple[str, str, str], Any] = {}


def _original(module: str, owner: str, name: str) -> Any:
    return _ORIGINALS[module, owner, name]


def _is_ours(endpoint: Any) -> bool:
    return getattr(endpoint, "_endpoint_prefix", None) == model.SERVICE_NAME


def _send(endpoint: Any, request: AWSPreparedRequest) -> AWSResponse:
    if not _is_ours(endpoint) or not _gate.shut() or _gate.is_local_server(request.url):
        response: AWSResponse = _original("botocore.endpoint", "Endpoint", "_send")(endpoint, request)
        return response
    return _answerer_for(request).serve(request)


def _answerer_for(request: AWSPreparedRequest) -> Answerer:
    """The fake answering this request's call, or ``BlockedRequestError``: never the network."""
    call = _CALL.get()
    answerer = call.answerer if call is not None else _gate.current()
    if answerer is None or _gate.closed(answerer):
        context = getattr(request, "context", None) or {}
        operation = call.operation if call is not None else None
        region = call.region if call is not None else context.get("client_region")
        raise BlockedRequestError(operation, region, str(request.url).split("?")[0], _gate.servers())
    return answerer


def _region_of(request_dict: Any) -> str | None:
    context = request_dict.get("context") if isinstance(request_dict, dict) else None
    region = context.get("client_region") if isinstance(context, dict) else None
    return region if isinstance(region, str) else None


def _send_request(endpoint: Any, request_dict: Any, operation_model: Any) -> Any:
    original = _original("botocore.endpoint", "Endpoint", "_send_request")
    if not _is_ours(endpoint) or not _gate.shut():
        return original(endpoint, request_dict, operation_model)
    call = _gate.begin(operation_model.name, _region_of(request_dict))
    token = _CALL.set(call)
    try:
        return original(endpoint, request_dict, operation_model)
    except NoCredentialsError:
        raise CredentialsNotFoundUnderTheGateError from None
    finally:
        _CALL.reset(token)
        _gate.end(call)


def _needs_retry(endpoint: Any, *args: Any, **kwargs: Any) -> Any:
    original = _original("botocore.endpoint", "Endpoint", "_needs_retry")
    call = _CALL.get()
    if not _is_ours(endpoint) or call is None or call.answerer is None:
        return original(endpoint, *args, **kwargs)
    token = _SLEEP.set(call.answerer.record_sleep)  # once a call, so no contextmanager's cost
    try:
        return original(endpoint, *args, **kwargs)
    finally:
        _SLEEP.reset(token)


def _client_polled_by(waiter: Any) -> Any:
    """The ssm-incidents client a waiter polls through, or None for another service's waiter."""
    method = getattr(getattr(waiter, "_operation_method", None), "_client_method", None)
    client = getattr(method, "__self__", None)
    meta = getattr(client, "meta", None)
    return client if getattr(getattr(meta, "service_model", None), "service_name", None) == model.SERVICE_NAME else None


def _wait(waiter: Any, **kwargs: Any) -> Any:
    # A waiter sleeps between polls: a stub answering its client records the delay, and a
    # fake passes it on its clock. botocore's Stubber leaves such a wait sleeping for real.
    original = _original("botocore.waiter", "Waiter", "wait")
    record = _waiter_sleep_recorder(waiter)
    if record is None:
        return original(waiter, **kwargs)
    with _sleeps_recorded_by(record):
        return original(waiter, **kwargs)


def _waiter_sleep_recorder(waiter: Any) -> Callable[[float], None] | None:
    """Who takes this waiter's delays instead of sleeping: the stub on its client, or else the fake."""
    client = _client_polled_by(waiter)
    if client is None:
        return None
    hooks = clients.hooks_of(client)
    record: Callable[[float], None] | None = getattr(hooks and hooks.owner, "record_waiter_sleep", None)
    if record is not None:
        return record
    answerer = _gate.current()
    return answerer.record_waiter_sleep if answerer is not None else None


@contextmanager
def _sleeps_recorded_by(record: Callable[[float], None]) -> Iterator[None]:
    token = _SLEEP.set(record)
    try:
        yield
    finally:
        _reset(_SLEEP, token)


def _reset(var: contextvars.ContextVar[Any], token: contextvars.Token[Any]) -> None:
    # ValueError: an abandoned coroutine, closed outside its task's context; nothing there to restore.
    with suppress(ValueError):
        var.reset(token)


# ---------------------------------------------------------------- aiobotocore: the same steps, awaited

_AIO_ENDPOINT = ("aiobotocore.endpoint", "AioEndpoint")


def _asyncio() -> types.ModuleType:
    # Imported where aiobotocore runs (it has asyncio loaded by then), not by every
    # pytest run that loads the plugin: asyncio costs a sync-only suite ~7 ms to import.
    import asyncio

    return asyncio


class _SleepRecordingAsyncio(types.ModuleType):
    """Stands in for ``asyncio`` in aiobotocore's endpoint and waiter modules, as the time proxy does."""

    def __init__(self) -> None:
        super().__init__("asyncio")

    def __getattr__(self, name: str) -> Any:
        return getattr(_asyncio(), name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        record = _SLEEP.get()
        if record is None:
            return await _asyncio().sleep(delay, result)
        record(delay)
        await _asyncio().sleep(0)  # still a suspension point, as the real sleep is
        return result


async def _aio_send(endpoint: Any, request: AWSPreparedRequest) -> Any:
    if not _is_ours(endpoint) or not _gate.shut() or _gate.is_local_server(request.url):
        return await _original(*_AIO_ENDPOINT, "_send")(endpoint, request)
    return await _answerer_for(request).serve_async(request)


async def _aio_send_request(endpoint: Any, request_dict: Any, operation_model: Any) -> Any:
    original = _original(*_AIO_ENDPOINT, "_send_request")
    if not _is_ours(endpoint) or not _gate.shut():
        return await original(endpoint, request_dict, operation_model)
    call = _gate.begin(operation_model.name, _region_of(request_dict))
    token = _CALL.set(call)
    try:
        return await original(endpoint, request_dict, operation_model)
    except NoCredentialsError:
        raise CredentialsNotFoundUnderTheGateError from None
    finally:
        # Ended first: a coroutine whose loop closed with it pending is closed by the garbage
        # collector, outside its task's context, where a reset fails; the call must not stay
        # in flight, which would keep the gate shut for the rest of the process.
        _gate.end(call)
        _reset(_CALL, token)


async def _aio_needs_retry(endpoint: Any, *args: Any, **kwargs: Any) -> Any:
    original = _original(*_AIO_ENDPOINT, "_needs_retry")
    call = _CALL.get()
    if not _is_ours(endpoint) or call is None or call.answerer is None:
        return await original(endpoint, *args, **kwargs)
    token = _SLEEP.set(call.answerer.record_sleep)  # once a call, so no contextmanager's cost
    try:
        return await original(endpoint, *args, **kwargs)
    finally:
        _reset(_SLEEP, token)


async def _aio_wait(waiter: Any, **kwargs: Any) -> Any:
    original = _original("aiobotocore.waiter", "AIOWaiter", "wait")
    record = _waiter_sleep_recorder(waiter)
    if record is None:
        return await original(waiter, **kwargs)
    with _sleeps_recorded_by(record):
        return await original(waiter, **kwargs)


async def _aio_sleep(endpoint: Any, seconds: float) -> Any:
    # aiobotocore 3.x sleeps through each endpoint class's own _sleep (asyncio's or anyio's).
    record = _SLEEP.get()
    if record is None:
        return await _original(*_AIO_ENDPOINT, "_sleep")(endpoint, seconds)
    record(seconds)
    await _asyncio().sleep(0)


async def _anyio_sleep(endpoint: Any, seconds: float) -> Any:
    record = _SLEEP.get()
    if record is None:
        return await _original("aiobotocore.endpoint", "AnyioEndpoint", "_sleep")(endpoint, seconds)
    record(seconds)
    await _anyio_sleep_zero()


async def _anyio_waiter_sleep(waiter: Any, seconds: float) -> Any:
    # The httpx backend's waiter sleeps through anyio, not through its module's asyncio.
    record = _SLEEP.get()
    if record is None:
        return await _original("aiobotocore.waiter", "AnyioWaiter", "_sleep")(waiter, seconds)
    record(seconds)
    await _anyio_sleep_zero()


async def _anyio_sleep_zero() -> None:
    # Still a suspension point, on whichever loop anyio runs on: asyncio's sleep would break trio.
    await importlib.import_module("anyio").sleep(0)  # a dependency of httpx, whose backend alone uses these classes


# ---------------------------------------------------------------- adaptive retry mode's rate limiter


def _in_fake_call() -> bool:
    call = _CALL.get()
    return call is not None and call.answerer is not None


def _acquire(bucket: Any, amount: int = 1, block: bool = True) -> Any:
    # In adaptive mode a throttled client waits on its token bucket before sending. Inside a
    # fake call that pause passes at once, as the back-off sleeps do: no capacity is waited for.
    original = _original("botocore.retries.bucket", "TokenBucket", "acquire")
    if not block or not _in_fake_call():
        return original(bucket, amount, block)
    try:
        return original(bucket, amount, False)
    except _capacity_error():
        return True


async def _aio_acquire(bucket: Any, amount: int = 1, block: bool = True) -> Any:
    original = _original("aiobotocore.retries.bucket", "AsyncTokenBucket", "acquire")
    if not block or not _in_fake_call():
        return await original(bucket, amount, block)
    try:
        return await original(bucket, amount, False)
    except _capacity_error():
        return True


# ---------------------------------------------------------------- clients made while the gate is shut

# create_client's parameters, in botocore's and aiobotocore's order (aws_account_id since 1.37).
_CREATE_CLIENT_POSITIONS = (
    "service_name", "region_name", "api_version", "use_ssl", "verify", "endpoint_url",
    "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "config", "aws_account_id",
)  # fmt: skip


def _without_lookups(
    session: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """``create_client``'s arguments, changed to spare a new ssm-incidents client any credential lookup."""
    named = dict(zip(_CREATE_CLIENT_POSITIONS, args, strict=False))  # args may stop early
    if len(args) > len(_CREATE_CLIENT_POSITIONS) or named.keys() & kwargs.keys():
        return args, kwargs  # the caller's own TypeError to come
    chosen = {**named, **kwargs}
    # Credentials given to create_client, or set on the session: boto3.Session(aws_access_key_id=...)
    # calls set_credentials, whose method is "explicit" (None in older botocore); ones a lookup
    # found, such as the fake keys from the environment, name where they came from.
    given = any(chosen.get(name) is not None for name in clients.FAKE_CREDENTIALS)
    on_session = getattr(session, "_credentials", None)
    given = given or (on_session is not None and getattr(on_session, "method", "") in (None, "explicit"))
    if chosen.get("service_name") != model.SERVICE_NAME or given:
        return args, kwargs
    chosen.update(clients.FAKE_CREDENTIALS)
    if (
        chosen.get("region_name") is None
        and getattr(chosen.get("config"), "region_name", None) is None
        and session.get_config_variable("region") is None
    ):
        chosen["region_name"] = payloads.current_region()  # as under the fake: never NoRegionError
    return (), chosen


def _create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
    original = _original("botocore.session", "Session", "create_client")
    if not _gate.shut():
        return original(session, *args, **kwargs)
    chosen_args, chosen_kwargs = _without_lookups(session, args, kwargs)
    client = original(session, *chosen_args, **chosen_kwargs)
    if chosen_kwargs is not kwargs:  # given the fake credentials: never sent to AWS with them
        _refuse_aws_once_open(client)
    return client


def _aio_create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
    original = _original("aiobotocore.session", "AioSession", "create_client")
    if not _gate.shut():
        return original(session, *args, **kwargs)
    chosen_args, chosen_kwargs = _without_lookups(session, args, kwargs)
    made = original(session, *chosen_args, **chosen_kwargs)
    coro = getattr(made, "_coro", None)  # aiobotocore's ClientCreatorContext: the client, once awaited
    if chosen_kwargs is not kwargs and coro is not None:  # given the fake credentials, as above

        async def refusing() -> Any:
            return _refuse_aws_once_open(await coro)

        made._coro = refusing()
    return made


def _refuse_aws_once_open(client: Any) -> Any:
    client.meta.events.register(f"before-send.{model.SERVICE_NAME}", _refuse_fake_credentials_send)
    return client


def _capacity_error() -> type[Exception]:
    error: type[Exception] = importlib.import_module("botocore.exceptions").CapacityNotAvailableError
    return error


_SLEEP_PROXY = _SleepRecordingTime()
_ASYNC_SLEEP_PROXY = _SleepRecordingAsyncio()

# (module, class or "" for the module itself, attribute) -> what replaces it while the gate is shut.
_PATCHES: dict[tuple[str, str, str], Any] = {
    ("botocore.endpoint", "Endpoint", "_send"): _send,
    ("botocore.endpoint", "Endpoint", "_send_request"): _send_request,
    ("botocore.endpoint", "Endpoint", "_needs_retry"): _needs_retry,
    ("botocore.endpoint", "", "time"): _SLEEP_PROXY,
    ("botocore.waiter", "Waiter", "wait"): _wait,
    ("botocore.waiter", "", "time"): _SLEEP_PROXY,
    ("botocore.retries.bucket", "TokenBucket", "acquire"): _acquire,
    ("botocore.session", "Session", "create_client"): _create_client,
}
# Installed too where aiobotocore is, whether or not anything imported it yet.
_AIO_PATCHES: dict[tuple[str, str, str], Any] = {
    (*_AIO_ENDPOINT, "_send"): _aio_send,
    (*_AIO_ENDPOINT, "_send_request"): _aio_send_request,
    (*_AIO_ENDPOINT, "_needs_retry"): _aio_needs_retry,
    ("aiobotocore.endpoint", "", "asyncio"): _ASYNC_SLEEP_PROXY,
    ("aiobotocore.waiter", "AIOWaiter", "wait"): _aio_wait,
    ("aiobotocore.waiter", "", "asyncio"): _ASYNC_SLEEP_PROXY,
    ("aiobotocore.retries.bucket", "AsyncTokenBucket", "acquire"): _aio_acquire,
    ("aiobotocore.session", "AioSession", "create_client"): _aio_create_client,
    # aiobotocore 3.x only: each endpoint and waiter class's own sleep (Anyio*: the httpx backend, on asyncio or trio).
    (*_AIO_ENDPOINT, "_sleep"): _aio_sleep,
    ("aiobotocore.endpoint", "AnyioEndpoint", "_sleep"): _anyio_sleep,
    ("aiobotocore.waiter", "AnyioWaiter", "_sleep"): _anyio_waiter_sleep,
}


@functools.cache
def _aiobotocore_installed() -> bool:
    return importlib.util.find_spec("aiobotocore") is not None


def _patches() -> dict[tuple[str, str, str], Any]:
    if not _aiobotocore_installed():
        return _PATCHES
    present = {key: value for key, value in _AIO_PATCHES.items() if _exists(*key)}
    return {**_PATCHES, **present}


# What every owner needs: an ssm-incidents request stops before the network (a blocked
# one names its call, which ``_send_request`` notes, and its call is counted in flight),
# and a client made meanwhile gets the fake credentials.
_GUARDS = frozenset(
    {
        ("botocore.endpoint", "Endpoint", "_send"),
        ("botocore.endpoint", "Endpoint", "_send_request"),
        ("botocore.session", "Session", "create_client"),
        (*_AIO_ENDPOINT, "_send"),
        (*_AIO_ENDPOINT, "_send_request"),
        ("aiobotocore.session", "AioSession", "create_client"),
    }
)
# A waiter's delays, recorded instead of slept: a fake always needs them; a stub only once it
# queues an answer for an operation a waiter polls, so other stub tests skip their cost.
_WAITERS = frozenset(
    {
        ("botocore.waiter", "Waiter", "wait"),
        ("botocore.waiter", "", "time"),
        ("aiobotocore.waiter", "AIOWaiter", "wait"),
        ("aiobotocore.waiter", "", "asyncio"),
        ("aiobotocore.waiter", "AnyioWaiter", "_sleep"),
    }
)
# The rest ("answering") act on a fake's calls only (back-off sleeps on its clock): a stub or a
# server goes without them, and a stub test writes three class attributes instead of eight, twice.

_PATCHED_MODULES = ("botocore.endpoint", "botocore.waiter", "botocore.session", "aiobotocore.endpoint")
Patch = tuple[tuple[str, str, str], Any, Any]  # (key, target, replacement)
_resolved: dict[tuple[int, ...], dict[str, list[Patch]]] = {}


def _resolved_patches() -> dict[str, list[Patch]]:
    """Each group's patches ("guards", "waiters", "answering"), worked out once per set of loaded modules.

    A new test must not pay for imports and lookups again; a re-imported botocore (pytester
    does that) has another module object, and so gets its own entry.
    """
    key = tuple(map(id, map(sys.modules.get, _PATCHED_MODULES)))
    found = _resolved.get(key)
    if found is None:
        every = [(patch, _target(patch[0], patch[1]), value) for patch, value in _patches().items()]
        found = {
            "guards": [p for p in every if p[0] in _GUARDS],
            "waiters": [p for p in every if p[0] in _WAITERS],
            "answering": [p for p in every if p[0] not in _GUARDS | _WAITERS],
        }
        key = tuple(map(id, map(sys.modules.get, _PATCHED_MODULES)))  # the lookups may have imported some
        _resolved.clear()
        _resolved[key] = found
    return found


def _exists(module: str, owner: str, name: str) -> bool:
    """Whether this aiobotocore has the attribute (their internals differ between 2.x and 3.x).

    An aiobotocore that cannot be imported (one built for another botocore) has none: it
    can make no client to guard, and a sync-only suite must not fail over it.
    """
    try:
        imported = importlib.import_module(module)
    except Exception:
        return False
    target = getattr(imported, owner, None) if owner else imported
    return target is not None and name in vars(target)


def _target(module: str, owner: str) -> Any:
    imported = importlib.import_module(module)
    return getattr(imported, owner) if owner else imported


class _Gate:
    """Who is active, which fake answers, which calls are in flight; installs and removes the patches."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._owners: list[object] = []
        self._answerer: Answerer | None = None
        self._closed: set[int] = set()  # id() of fakes that stopped: stragglers are blocked
        # Calls in flight: (id(answerer) or 0, the ident of the thread each began in) -> count.
        self._in_flight: dict[tuple[int, int], int] = {}
        self._installed: list[tuple[Any, str, Any]] = []  # (target, attribute, original)
        self._groups: set[str] = set()  # which groups of _resolved_patches() are installed
        # id(owner) -> the endpoint URL of a local server, let through. Replaced, never changed in
        # place: every call reads it without the lock, and may be looking through it meanwhile.
        self._servers: dict[int, str] = {}

    def owners(self) -> tuple[object, ...]:
        with self._lock:
            return tuple(self._owners)

    def servers(self) -> tuple[str, ...]:
        return tuple(self._servers.values())

    def is_local_server(self, url: str) -> bool:
        """Whether a request goes to a local server this process runs (the only network let through)."""
        servers = self._servers
        return bool(servers) and any(url.startswith(f"{endpoint}/") for endpoint in servers.values())

    def current(self) -> Answerer | None:
        return self._answerer

    def shut(self) -> bool:
        return bool(self._installed)

    def closed(self, answerer: Answerer) -> bool:
        return id(answerer) in self._closed

    def acquire(self, owner: object, answerer: Answerer | None, server: str | None = None) -> None:
        with self._lock:
            if server is not None:
                self._servers = {**self._servers, id(owner): server.rstrip("/")}
            if answerer is not None:
                if self._answerer is not None:
                    raise RuntimeError(_already_answering(self._answerer))
                self._answerer = answerer
                self._closed.discard(id(answerer))
            self._owners.append(owner)
            try:
                self._install("guards", "waiters", "answering") if answerer is not None else self._install("guards")
            except BaseException:  # all or nothing: a failed install leaves no owner and no patch behind
                self._owners.remove(owner)
                self._forget_server(owner)
                if answerer is not None:
                    self._answerer = None
                self._uninstall_if_idle()
                raise

    def release(self, owner: object, wait: float = STOP_WAIT_SECONDS) -> None:
        with self._lock:
            if owner not in self._owners:
                return
            self._owners.remove(owner)
            self._forget_server(owner)
            if owner is self._answerer:
                # New calls are blocked from now on; calls in flight may finish against the fake.
                answerer, self._answerer = self._answerer, None
                key = id(answerer)
                # Only other threads' calls can finish while this one waits: a call of this
                # thread still in flight is a coroutine of its event loop, which waiting would stall.
                self._lock.wait_for(lambda: not self._calls_of(key, but=threading.get_ident()), timeout=wait)
                if self._calls_of(key):
                    self._closed.add(key)  # stragglers: their next attempts are blocked
            self._uninstall_if_idle()

    def _forget_server(self, owner: object) -> None:
        if id(owner) in self._servers:
            self._servers = {key: url for key, url in self._servers.items() if key != id(owner)}

    def begin(self, operation: str, region: str | None) -> _Call:
        """A call starts: it is in flight until ``end``, answered by the fake active now."""
        with self._lock:
            answerer = self._answerer
            where = (id(answerer) if answerer is not None else 0, threading.get_ident())
            self._in_flight[where] = self._in_flight.get(where, 0) + 1
        return _Call(answerer, operation, region, where)

    def end(self, call: _Call) -> None:
        with self._lock:
            self._in_flight[call.where] -= 1
            if not self._in_flight[call.where]:
                del self._in_flight[call.where]
                key = call.where[0]
                if key in self._closed and not self._calls_of(key):  # its last straggler is done
                    self._closed.discard(key)
            self._lock.notify_all()
            self._uninstall_if_idle()

    def _calls_of(self, key: int, but: int | None = None) -> int:
        """Calls in flight answered by ``key`` (0: none), except those that began in thread ``but``."""
        return sum(count for (answerer, thread), count in self._in_flight.items() if answerer == key and thread != but)

    def spare_waiter_sleeps(self, owner: object) -> None:
        """``owner`` (a stub) will answer a waiter's polls: its delays are recorded from now on."""
        with self._lock:
            if owner in self._owners:
                self._install("waiters")

    def _install(self, *groups: str) -> None:
        """Install the ``groups`` of patches not installed yet, all or none."""
        missing = [group for group in groups if group not in self._groups]
        if not missing:
            return
        patches = [patch for patches in map(_resolved_patches().__getitem__, missing) for patch in patches]
        self._patch(patches)
        self._groups.update(missing)

    def _patch(self, patches: list[Patch]) -> None:
        """Install ``patches``, all or none."""
        installed = len(self._installed)
        try:
            for key, target, replacement in patches:
                current = vars(target)[key[2]]
                # Ours already: a user's patch made while the gate was shut (monkeypatch, a spy)
                # put it back on undo. Taking it for the original would make it call itself.
                if current is not replacement:
                    _ORIGINALS[key] = current
                setattr(target, key[2], replacement)
                self._installed.append((target, key[2], _ORIGINALS[key]))
        except BaseException:
            while len(self._installed) > installed:
                target, name, original = self._installed.pop()
                setattr(target, name, original)
            raise

    def _uninstall_if_idle(self) -> None:
        # A call still in flight keeps the gate shut: its next attempt must not reach the network.
        if not self._installed or self._owners or self._in_flight:
            return
        while self._installed:
            target, name, original = self._installed.pop()
            setattr(target, name, original)
        self._groups.clear()


def _already_answering(answerer: Answerer) -> str:
    """Why a second fake cannot answer: which one does, where it started (if it says), and the way out."""
    started = getattr(answerer, "_started_in", None)  # an IncidentsFake notes the test it started in
    where = f" started {started}" if isinstance(started, str) else ""
    return (
        f"another fake is already answering ssm-incidents requests: the {type(answerer).__name__}{where}; "
        f"stop it first (call its stop(), or leave its with block), since one fake answers every client "
        f"in the process"
    )


_gate = _Gate()


def acquire(owner: object, answerer: Answerer | None = None, server: str | None = None) -> None:
    """Guard the send step while ``owner`` is active; ``answerer`` (a fake) answers what arrives.

    ``server``: the endpoint URL of a local server ``owner`` runs; requests to it go through.
    """
    _gate.acquire(owner, answerer, server)


def spare_waiter_sleeps(owner: object) -> None:
    """``owner``, active, will answer a waiter's polls: the waiter records its delays instead of sleeping."""
    _gate.spare_waiter_sleeps(owner)


def release(owner: object, wait: float = STOP_WAIT_SECONDS) -> None:
    """``owner`` is done; a fake waits up to ``wait`` seconds for its calls still in flight."""
    _gate.release(owner, wait)


def owners() -> tuple[object, ...]:
    """The stubs, fakes and servers active now, oldest first."""
    return _gate.owners()


def refuse_idle_send(request: Any, event_name: str) -> None:
    """A plugin client's request with no stub or fake active: refused, its fake credentials never sent."""
    _refuse_when_open(
        request,
        event_name,
        "This client is the plugin's own (ssm_incidents_client, or the client of an IncidentsStub made "
        "without one): it signs with fake credentials, only a stub or a fake answers it, and none is "
        "active now. Call it while its stub (the ssm_incidents_stub fixture, or inside the stub's with "
        "block) or a fake is active.",
    )


def _refuse_fake_credentials_send(request: Any, event_name: str, **_: Any) -> None:
    """A request of a client given the fake credentials, made after every stub and fake stopped.

    Only one bound for AWS: a client the user pointed elsewhere (an emulator) may go there.
    The gate is looked at first: while it is shut this runs on every call, and returns at once.
    """
    if _gate.shut():
        return
    host = (urllib.parse.urlsplit(str(getattr(request, "url", ""))).hostname or "").rstrip(".")
    if not any(host == suffix or host.endswith(f".{suffix}") for suffix in model.aws_dns_suffixes()):
        return
    _refuse_when_open(
        request,
        event_name,
        "This client was made while a stub, fake or server was active, with no credentials of its own, "
        "so it was given the fake ones instead of looking yours up; with them it is never sent to AWS. "
        "Call it while a stub or fake is active, or make a new client (not one cached from a test) "
        "for anything else.",
    )


def _refuse_when_open(request: Any, event_name: str, ways_out: str) -> None:
    if _gate.shut():
        return  # the patched send step answers or blocks it
    context = getattr(request, "context", None) or {}
    raise BlockedRequestError(
        event_name.rpartition(".")[2] or None,
        context.get("client_region"),
        str(getattr(request, "url", "")).split("?")[0],
        ways_out=ways_out,
    )


def active_answerer() -> Answerer | None:
    """The fake answering now, if any."""
    return _gate.current()
