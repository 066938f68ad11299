"""[delivers] ssm-incidents clients that never read the user's AWS configuration or credentials.

One botocore session serves the whole process, so the model and endpoint rules
load once. Its configuration chain has no environment variables and no config
files in it: ``AWS_PROFILE``, ``~/.aws/config``, ``~/.aws/credentials`` and every
other ``AWS_*`` setting are invisible to it. Credentials are fixed fake strings.

Making a client costs about 2 ms, mostly copying the session's event handlers, so
the fixtures lease pooled clients instead: a client goes back to the pool only if
it is exactly as it was made (no handler added or removed, no request ever sent
through its HTTP path), otherwise it is dropped and the next test gets a new one.
A stub plugs into hooks installed once on a pooled client, so stubbing changes
nothing that has to be undone.
"""

from __future__ import annotations

import copy
import functools
import gc
import importlib
import importlib.util
import os
import sys
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import botocore.handlers
import botocore.session
from botocore.client import BaseClient
from botocore.config import Config
from botocore.errorfactory import ClientExceptionsFactory

from ssmincidents_stub import model
from ssmincidents_stub._fake_env import DEFAULT_REGION, FAKE_CREDENTIALS, fake_environment, swap_variables

__all__ = [
    "FAKE_CREDENTIALS",
    "ClientHooks",
    "borrow",
    "fake_environment",
    "hooks_of",
    "is_incidents_client",
    "lease_client",
    "new_client",
    "put_back_strays",
    "replace_aws_environment",
    "return_client",
]


def replace_aws_environment(values: Mapping[str, str], *, lasting: bool = False) -> Callable[[], None]:
    """Replace every ``AWS_*`` variable with ``values``; return what puts the user's back.

    ``lasting``: a hold for the whole session (the ini option's), under which each
    test's own holds are checked as if it were the user's environment.

    boto3's default session is swapped too. It keeps the credentials it first found, so
    one made under fake settings must not sign the user's later ``boto3.client()`` calls,
    and the user's own must not serve the fake's clients. Every hold shares one default
    session of its own, made here and never taken from the user: botocore makes exception
    classes per session, and a property test whose examples each start a fake needs the
    same ``ThrottlingException`` class in every example, or Hypothesis takes one failure
    for two and reports it as flaky. The values must carry ``FAKE_CREDENTIALS``: the
    shared session keeps the first credentials it finds.
    """
    global _holds, _lasting, _users_outside, _environment_outside
    saved = swap_variables(values)
    boto3: Any = None
    users_session: Any = None
    try:
        boto3 = _boto3()
        users_session = getattr(boto3, "DEFAULT_SESSION", None)
        if boto3 is not None:
            boto3.DEFAULT_SESSION = _shared_fake_session(boto3)
            _share_exception_classes(users_session, boto3.DEFAULT_SESSION)
    except BaseException:
        # boto3 would not import, or its session not build: nothing holds, so nothing may stay swapped.
        swap_variables(saved)
        if boto3 is not None:
            boto3.DEFAULT_SESSION = users_session
        raise
    if _holds == 0:
        _users_outside = users_session
    if _holds == _lasting and not lasting:  # a test's outermost hold
        _environment_outside = saved
        _suspects.clear()
    _holds += 1
    _lasting += lasting
    if lasting:
        _lasting_values.update(values.items())
    hold = _Hold(saved, users_session)
    _open_holds.append(hold)

    def restore() -> None:
        global _holds, _lasting
        if hold not in _open_holds:
            return  # restored already
        _holds -= 1
        _lasting -= lasting
        index = _open_holds.index(hold)
        del _open_holds[index]
        if index < len(_open_holds):
            # Out of order: a hold made after this one is still in force. It will put back
            # what this one found, when it ends; the environment stays its until then.
            _open_holds[index].saved, _open_holds[index].users_session = hold.saved, hold.users_session
            return
        held = swap_variables(hold.saved)
        for name in _TELLTALE:
            # A value the session-wide hold set too is the test's baseline, not a telltale.
            if name in values and held.get(name) != values[name] and (name, values[name]) not in _lasting_values:
                # Changed under the hold: a monkeypatch that did it restores the hold's value
                # after this, unless put_back_strays undoes that.
                _suspects.setdefault(name, set()).add(values[name])
        imported: Any = sys.modules.get("boto3")  # perhaps imported only since
        if imported is not None:
            # Whatever the hold's code installed was made under fake settings: never kept.
            imported.DEFAULT_SESSION = hold.users_session

    return restore


class _Hold:
    """One hold of fake settings in force: the ``AWS_*`` variables and default session it replaced."""

    __slots__ = ("saved", "users_session")

    def __init__(self, saved: dict[str, str], users_session: Any) -> None:
        self.saved = saved
        self.users_session = users_session


_open_holds: list[_Hold] = []
"""The holds in force, oldest first."""


def _boto3() -> Any:
    """boto3, imported now if it is installed: code that imports it only inside a fake must
    still find the shared default session there, or its first example's exception classes
    differ from the rest."""
    if "boto3" not in sys.modules and importlib.util.find_spec("boto3") is None:
        return None
    return importlib.import_module("boto3")


def _shared_fake_session(boto3: Any) -> Any:
    global _fake_default_session, _builtin_handlers_known
    if _fake_default_session is not None:
        _catch_up_on_builtin_handlers(_fake_default_session)
        return _fake_default_session
    session = boto3.session.Session()  # reads the fake settings as it is used
    # Kept for the run only if it is boto3's own: a test that mocks boto3's Session class
    # while it starts a fake must not hand its mock to every later test.
    if type(session).__module__ == "boto3.session" and type(session).__name__ == "Session":
        _fake_default_session = session
        _builtin_handlers_known = len(botocore.handlers.BUILTIN_HANDLERS)
    return session


def _catch_up_on_builtin_handlers(session: Any) -> None:
    """Register on the fakes' session what botocore's ``BUILTIN_HANDLERS`` gained since it was made.

    A botocore session registers that list when it is made, and the fakes' session lives
    for the run: a library imported later that adds to the list found it missing. moto
    does, to answer every client: under ``mock_aws`` and a fake, an ``ssm`` client of
    boto3's default session went to AWS.
    """
    global _builtin_handlers_known
    added = botocore.handlers.BUILTIN_HANDLERS[_builtin_handlers_known:]
    if not added:
        return
    _builtin_handlers_known += len(added)
    events = session._session.get_component("event_emitter")
    for event_name, handler, *how in added:  # botocore's own rule for the list's entries
        if how and how[0] is botocore.handlers.REGISTER_FIRST:
            events.register_first(event_name, handler)
        elif how and how[0] is botocore.handlers.REGISTER_LAST:
            events.register_last(event_name, handler)
        else:
            events.register(event_name, handler)


def _share_exception_classes(users: Any, fake: Any) -> None:
    """Give clients of the fakes' default session the exception classes of the user's, if none are out yet.

    In production every client of boto3's default session has the same ``client.exceptions``
    classes, so code may catch an error with the classes of a client made elsewhere (at
    import time, in an earlier test). botocore makes them per session (its exceptions
    factory), so the fakes' session takes the factory of the user's default session, until
    it has made a class: from then on it keeps its own for the run, since classes in use
    must not change from one test, or one example, to the next (Hypothesis would take one
    failure for two), even when the user's code sets up a new default session each time.
    """
    if users is None or users is fake:
        return
    source, target = getattr(users, "_session", None), getattr(fake, "_session", None)
    read = getattr(source, "_get_internal_component", None)
    read_ours = getattr(target, "_get_internal_component", None)
    write = getattr(target, "_register_internal_component", None)
    if read is None or read_ours is None or write is None:
        return
    ours = read_ours("exceptions_factory")
    if getattr(ours, "_client_exceptions_cache", None):  # classes of ours are out: they stay
        return
    theirs = read("exceptions_factory")
    if isinstance(theirs, ClientExceptionsFactory):  # not a mock of one, which would stay for the run
        write("exceptions_factory", theirs)


def put_back_strays() -> None:
    """Undo what a test's own ``monkeypatch`` reinstated of a hold's keys or endpoint after it ended.

    A ``monkeypatch`` set up before a fake or server, and used while it runs, records
    their values as the ones to restore, and restores them after the fake has put the
    user's back. The plugin calls this once every test's teardown is done. boto3's
    default session, if it is the fakes' own, goes back to the user's. Of the variables,
    only those whose values are unmistakably a hold's are mended (``_TELLTALE``: the
    fake keys, the server's endpoint): a variable changed under a hold that now has a
    hold's value again, and not the one the test's outermost hold displaced, gets that
    one back. A region or a file path is left as the test's own teardown left it: the
    user may have had the same value, and only pytest knows whose undo set it.
    """
    global _environment_outside
    if _holds == 0:
        boto3: Any = sys.modules.get("boto3")
        if boto3 is not None and _fake_default_session is not None and boto3.DEFAULT_SESSION is _fake_default_session:
            boto3.DEFAULT_SESSION = _users_outside
    if _holds > _lasting or _environment_outside is None:
        return
    outside, _environment_outside = _environment_outside, None
    for name, hold_values in _suspects.items():
        now = os.environ.get(name)
        if now in hold_values and now != outside.get(name):
            if name in outside:
                os.environ[name] = outside[name]
            else:
                del os.environ[name]
    _suspects.clear()


_holds = 0
"""How many holds of fake settings are in force (the ini option's spans the whole session)."""
_lasting = 0
"""How many of them last the whole session."""
_lasting_values: set[tuple[str, str]] = set()
"""What the session-long holds set: under them, these are the environment a test starts from."""
_fake_default_session: Any = None
"""The boto3 default session every hold of fake settings installs, made by the first one."""
_users_outside: Any = None
"""boto3's default session when the outermost hold began: the user's own."""
_builtin_handlers_known = 0
"""How many of botocore's ``BUILTIN_HANDLERS`` the fakes' default session has registered."""
_environment_outside: dict[str, str] | None = None
"""The ``AWS_*`` variables when the outermost hold began, until ``put_back_strays`` has run."""
_suspects: dict[str, set[str]] = {}
"""Telltale variables a test changed under a hold, each with the values holds gave it."""
# Variables whose hold values are never a user's own: fake keys, the local server's endpoint.
_TELLTALE = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL_SSM_INCIDENTS",
)


# Settings whose built-in default would point at the user's files or endpoints.
_SAFE_DEFAULTS: dict[str, Any] = {
    "config_file": os.devnull,
    "credentials_file": os.devnull,
    "profile": None,
    "ignore_configured_endpoint_urls": True,
}


@functools.cache
def _session() -> botocore.session.Session:
    # Every session variable keeps its default but loses its env var and config key.
    session_vars = {
        name: (None, None, _SAFE_DEFAULTS.get(name, default), convert)
        for name, (_, _, default, convert) in botocore.session.Session.SESSION_VARIABLES.items()
    }
    session = botocore.session.Session(session_vars=session_vars)
    # The model's loader: the service JSON is read and parsed once for both.
    session.register_component("data_loader", model.loader())
    return session


def new_client(region: str = DEFAULT_REGION, config: Config | None = None) -> Any:
    """A fresh ssm-incidents client with fake credentials, from the shared session.

    Typed ``Any``: botocore makes client methods at run time. Annotate it as
    ``mypy_boto3_ssm_incidents.SSMIncidentsClient`` where you want them checked.
    """
    if not isinstance(region, str) or not region:
        raise ValueError(f"region={model.show(region)} is not an AWS region name, e.g. 'us-east-1'")
    return _session().create_client(
        model.SERVICE_NAME,
        region_name=region,
        config=config,
        aws_access_key_id=FAKE_CREDENTIALS["aws_access_key_id"],
        aws_secret_access_key=FAKE_CREDENTIALS["aws_secret_access_key"],
        aws_session_token=FAKE_CREDENTIALS["aws_session_token"],
    )


def is_incidents_client(client: object) -> bool:
    """Whether ``client`` is a botocore client of the ssm-incidents service."""
    meta = getattr(client, "meta", None)
    service_model = getattr(meta, "service_model", None)
    return isinstance(client, BaseClient) and (getattr(service_model, "service_name", None) == model.SERVICE_NAME)


Handler = Callable[..., Any]
# Called with (request, event name) when a pooled client's request reaches its HTTP path:
# the gate's, which refuses it when no stub or fake is active (the gate sits below this module).
IdleSend = Callable[[Any, str], None]


_PARAMETER_BUILD = f"before-parameter-build.{model.SERVICE_NAME}.*"
_BEFORE_CALL = f"before-call.{model.SERVICE_NAME}.*"


class ClientHooks:
    """Handlers a stub plugs into: installed once on a pooled client, per stub on any other."""

    def __init__(self, client: BaseClient, *, pooled: bool = False, on_idle_send: IdleSend | None = None) -> None:
        self.owner: object | None = None
        self._on_idle_send = on_idle_send
        self.before_parameter_build: Handler | None = None
        self.before_call: Handler | None = None
        self.sent = False
        self._events = client.meta.events
        # First, and per operation (".*"), as botocore's Stubber registers: a user's own handler
        # for one operation runs after a service-wide one, even one registered first, so the
        # stub would compare arguments that handler changed and lose its answer to one that answers.
        self._events.register_first(_PARAMETER_BUILD, self._on_parameter_build)
        self._events.register_first(_BEFORE_CALL, self._on_call)
        self._events.register(f"before-send.{model.SERVICE_NAME}", self._on_send)
        # Registering and unregistering replace this cache object; emitting only fills it.
        self._handlers_seen = _handler_cache(client)
        # A pooled client goes back to the pool only as it was made (a user's own is never pooled).
        self._made = _fingerprint(client) if pooled else None
        self._config = copy.deepcopy(vars(client.meta.config)) if pooled else None

    def remove(self) -> None:
        """Unregister the hooks: for a client that is not pooled, once a stub is done with it."""
        for client, hooks in list(_borrowed.items()):
            if hooks is self:
                del _borrowed[client]
        self._events.unregister(_PARAMETER_BUILD, self._on_parameter_build)
        self._events.unregister(_BEFORE_CALL, self._on_call)
        self._events.unregister(f"before-send.{model.SERVICE_NAME}", self._on_send)

    def plug(self, owner: object, before_parameter_build: Handler, before_call: Handler) -> None:
        if self.owner is not None and self.owner is not owner:
            raise RuntimeError(
                f"another stub is already active on this client: {self.owner!r}; deactivate it "
                f"(or leave its with block) first, or give each stub a client of its own"
            )
        self.owner = owner
        self.before_parameter_build = before_parameter_build
        self.before_call = before_call

    def unplug(self, owner: object) -> None:
        if self.owner is owner:
            self.owner = self.before_parameter_build = self.before_call = None

    def pristine(self, client: BaseClient) -> bool:
        """Whether the client is exactly as made: nothing registered, set or replaced on it, nothing sent."""
        cache = _handler_cache(client)
        return (
            self.owner is None
            and not self.sent
            and cache is not None
            and cache is self._handlers_seen
            and self._made is not None
            and _parts(client) == self._made
            and vars(client.meta.config) == self._config
        )

    def _on_parameter_build(self, **kwargs: Any) -> Any:
        handler = self.before_parameter_build
        return handler(**kwargs) if handler is not None else None

    def _on_call(self, **kwargs: Any) -> Any:
        handler = self.before_call
        return handler(**kwargs) if handler is not None else None

    def _on_send(self, request: Any = None, event_name: str = "", **_: Any) -> None:
        # A request reached the HTTP path (the fake, or a blocked network): retry
        # quotas and connection pools may have changed, so the client is not reused.
        self.sent = True
        if self._on_idle_send is not None:
            self._on_idle_send(request, event_name)


def _fingerprint(client: BaseClient) -> tuple[dict[str, object], ...]:
    """Copies of what the client and its parts hold, to compare with ``_parts`` later.

    The parts are the client, its ``meta``, its endpoint (host, HTTP session) and its
    signer (credentials, region): a method patched or a part replaced shows. The copies
    hold the objects, not their ids, which keeps a replaced one alive, so no newcomer can
    take its id; they compare as dicts, so a replacement equal to the original (a string,
    a copy of a dict) counts as the original, which it behaves as.
    """
    return tuple(dict(part) for part in _parts(client))


def _parts(client: BaseClient) -> tuple[dict[str, object], ...]:
    own = vars(client)
    return (own, vars(client.meta), _vars(own.get("_endpoint")), _vars(own.get("_request_signer")))


def _vars(part: object) -> dict[str, object]:
    return getattr(part, "__dict__", {})  # a test may have set the part to None


def _handler_cache(client: BaseClient) -> object | None:
    emitter = getattr(client.meta.events, "_emitter", None)
    return getattr(emitter, "_lookup_cache", None)


_hooks: weakref.WeakKeyDictionary[BaseClient, ClientHooks] = weakref.WeakKeyDictionary()
# Hooks a stub put on a user's own client, while it is active: a second stub finds them.
_borrowed: weakref.WeakKeyDictionary[BaseClient, ClientHooks] = weakref.WeakKeyDictionary()
_idle: dict[str, list[BaseClient]] = {}
MAX_IDLE = 8
"""Idle clients kept a region: more than a test makes at once, far fewer than a loop of stubs could."""


def hooks_of(client: BaseClient) -> ClientHooks | None:
    """The hooks of a pooled client, or of a user's client a stub is active on; None for any other."""
    return _hooks.get(client) or _borrowed.get(client)


def borrow(client: BaseClient) -> ClientHooks:
    """Hooks on a user's own client, for one stub; ``remove()`` takes them off."""
    hooks = _borrowed[client] = ClientHooks(client)
    return hooks


def lease_client(region: str = DEFAULT_REGION, *, on_idle_send: IdleSend | None = None) -> Any:
    """A pooled client, pristine: as if just made. Give it back with ``return_client``.

    ``on_idle_send`` sees each request that reaches the client's HTTP path (set on a new client).
    """
    idle = _idle.get(region, [])
    collected = False
    while True:
        try:
            client = idle.pop()
        except IndexError:  # none left: perhaps another thread took the last since we looked
            break
        # Nothing but this variable may hold it: code an earlier test ran keeps no hold on it
        # (an app's module, a thread), which the next test's stub would otherwise answer.
        if _references(client) > _UNHELD:
            if collected:
                continue
            # Perhaps only garbage: pytest.raises's excinfo and the test's frame hold each other.
            # The young generations only: a cycle that lived long enough to age into the oldest
            # needs a full collection, which costs more than a new client (measured in a pytest
            # process: 14-50 ms against 3.5 ms, and it grows with the heap).
            gc.collect(1)
            collected = True
            if _references(client) > _UNHELD:
                continue
        hooks = _hooks.get(client)
        if hooks is not None and hooks.pristine(client):  # untouched by every test that had it
            return client
    client = new_client(region)
    _ = client.exceptions  # botocore makes these on first use: made now, they are part of the client as made
    _hooks[client] = ClientHooks(client, pooled=True, on_idle_send=on_idle_send)
    return client


def _references(value: object) -> int:
    return sys.getrefcount(value)


def _unheld() -> int:
    """What ``_references`` reads for a value only a local variable holds, as ``lease_client`` holds a client.

    Measured, not assumed: the count a call adds differs between Python versions.
    """
    pool = [object()]
    value = pool.pop()
    return _references(value)


_UNHELD = _unheld()


def return_client(client: BaseClient) -> None:
    """Give a leased client back; it is reused only if nothing about it changed.

    ``lease_client`` checks that, once, when it hands the client out again: a check here
    as well would see nothing new, and each costs several microseconds a test.
    """
    if client in _hooks:
        idle = _idle.setdefault(client.meta.region_name, [])
        if len(idle) < MAX_IDLE:  # a test that made a thousand stubs does not keep a thousand clients
            idle.append(client)
