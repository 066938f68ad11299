"""[delivers] IncidentsStub: queued responses and errors for one ssm-incidents client.

It works like botocore's ``Stubber`` (answers at ``before-call``, first in first
out) and improves on it where a test would otherwise be misled: every payload is
checked against the model, server-side constraints included, when it is queued;
expected parameters are compared after botocore's own parameter validation, so a
bad argument still raises ``ParamValidationError``; a request that breaks the model's
constraints (a pattern or maximum botocore skips) is never answered with a success
(the service's other rules take the fake); answers carry the
``ResponseMetadata`` and modeled error fields a real call returns.
"""

from __future__ import annotations

import datetime
import threading
import weakref
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType, TracebackType
from typing import Any, Final, overload

from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.client import BaseClient
from botocore.stub import ANY, StubAssertionError, Stubber, UnStubbedResponseError

from ssmincidents_stub import clients, errorcoverage, gate, model, payloads
from ssmincidents_stub._spelling import SpelledHere
from ssmincidents_stub.payloads._base import is_aware
from ssmincidents_stub.payloads.errors import resolve_error_arguments

__all__ = ["DEFAULT", "IncidentsStub"]


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Final[_Default] = _Default()
"""``expected_params=DEFAULT``: expect the identifiers of the queued payload."""


@dataclass
class _Queued:
    operation: str
    expected_params: Mapping[str, Any] | None
    http_response: AWSResponse
    parsed: dict[str, Any]
    summary: str

    def describe(self) -> str:
        expected = "any parameters" if self.expected_params is None else dict(self.expected_params)
        return f"{xform_name(self.operation)}: {self.summary} (expected parameters: {expected})"


def _beside_a_fake() -> str:
    """Why an active fake did not answer a stubbed client, when one is active."""
    if gate.active_answerer() is None:
        return ""
    return (
        ". A fake is active too, but a stub answers every call of its own client (with both "
        "fixtures, ssm_incidents_client is the stub's): call the fake through another client "
        "(boto3.client('ssm-incidents')), or leave the stub out"
    )


class IncidentsStub(SpelledHere):
    """Queued ssm-incidents answers for ``client`` (or a client of its own).

    Use it as a context manager, or call ``activate()`` and ``deactivate()``. While it
    is active, an ssm-incidents request from any other client that no fake answers
    raises ``BlockedRequestError`` instead of reaching the network. At a clean exit
    from the ``with`` block, answers never used fail, unless ``assert_all_responses_used=False``.
    """

    # Names from botocore's Stubber and from the fake, and what this class calls them.
    _SPELLED_HERE = MappingProxyType(
        {
            "add_client_error": "botocore's Stubber.add_client_error is add_error(operation, code, message=..., "
            "http_status_code=..., expected_params=...) here",
            "fail_next": "fail_next is the fake's; a stub queues answers in order: add_error(operation, code)",
            "apply": "a fault plan fails HTTP attempts of a fake or a server (fake.apply(plan)); a stub answers "
            "above HTTP: queue add_error(operation, code) for each planned error",
        }
    )

    def __init__(self, client: BaseClient | None = None, *, assert_all_responses_used: bool = True) -> None:
        if client is not None and not clients.is_incidents_client(client):
            raise TypeError(
                f"client={model.show(client)} is not an ssm-incidents client; pass one made by "
                f"boto3.client('ssm-incidents') or leave it out to get one"
            )
        if not isinstance(assert_all_responses_used, bool):
            raise TypeError(f"assert_all_responses_used={model.show(assert_all_responses_used)}: pass True or False")
        self.assert_all_responses_used = assert_all_responses_used
        if client is None:
            client = clients.lease_client(payloads.current_region(), on_idle_send=gate.refuse_idle_send)
            # Its own client stays its own while the stub lives (``stub.client`` after the with
            # block, a second with block, as with Stubber); the pool has it back after that.
            weakref.finalize(self, clients.return_client, client)
        self._client = client
        self._queue: deque[_Queued] = deque()
        self._taking = threading.Lock()  # one call at a time takes the head of the queue
        self._hooks: clients.ClientHooks | None = None
        self._own_hooks = False
        # The client's handlers registered by ID (a Stubber's are) and how many there were at
        # activation: a call looks for a Stubber only when that number has changed since.
        self._by_id: dict[str, Any] = {}
        self._by_id_count = 0
        self._with_blocks: list[bool] = []  # per with block entered, whether the stub was active before it
        self.waiter_sleeps: list[float] = []
        """Delays between a waiter's polls on this stub's client (in seconds), recorded, not slept."""

    def __repr__(self) -> str:
        state = "active" if self._hooks is not None else "inactive"
        return (
            f"<IncidentsStub {state}, {len(self._queue)} answer(s) queued, on a client in "
            f"{self._client.meta.region_name}>"
        )

    @property
    def client(self) -> Any:
        """The client this stub answers (typed Any: botocore makes its methods at run time)."""
        return self._client

    # ------------------------------------------------------------ lifecycle

    def activate(self) -> None:
        """Start answering the client's calls from the queue."""
        if self._hooks is not None:
            return
        shadowed = _stubber_on(self._client)
        if shadowed:
            raise RuntimeError(shadowed)
        self._by_id = _handlers_by_id(self._client)
        self._by_id_count = len(self._by_id)
        # A pooled client has hooks for good; on any other client they live while active.
        hooks = clients.hooks_of(self._client)
        own = hooks is None
        hooks = hooks or clients.borrow(self._client)
        try:
            hooks.plug(self, self._remember_call_params, self._answer)
        except RuntimeError:
            if own:
                hooks.remove()
            raise
        self._hooks, self._own_hooks = hooks, own
        try:
            gate.acquire(self)
            if any(queued.operation in model.waited_operations() for queued in self._queue):
                gate.spare_waiter_sleeps(self)
        except BaseException:
            self.deactivate()  # nothing of a failed activation stays plugged in
            raise

    def deactivate(self) -> None:
        """Stop answering; the client goes back to the network path."""
        hooks, self._hooks = self._hooks, None
        if hooks is None:
            return
        gate.release(self)
        hooks.unplug(self)
        if self._own_hooks:
            hooks.remove()

    def record_waiter_sleep(self, seconds: float) -> None:
        """A waiter's delay between two polls this stub answers: recorded instead of slept."""
        self.waiter_sleeps.append(seconds)

    def __enter__(self) -> IncidentsStub:
        # A with block on a stub that is active already (the fixture's, say) leaves it active at
        # its end: a test migrated from ``with stubber:`` must not switch the fixture's stub off.
        self._with_blocks.append(self._hooks is not None)
        self.activate()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        was_active = self._with_blocks.pop() if self._with_blocks else False
        if not was_active:
            self.deactivate()
        if exc_type is None and self.assert_all_responses_used:
            self.assert_no_pending_responses(opt_out="IncidentsStub(assert_all_responses_used=False)")

    # ------------------------------------------------------------ queueing

    # ``record`` and ``event`` may be passed by keyword, as the fake's put_* take them: neither
    # is a member of the payload, so no override is shadowed.
    def add_incident_record(
        self,
        record: dict[str, Any] | None = None,
        *,
        expected_params: Mapping[str, Any] | _Default | None = DEFAULT,
        **overrides: Any,
    ) -> dict[str, Any]:
        """Queue a successful GetIncidentRecord; return the ``incidentRecord`` it answers.

        With no ``record`` a realistic one is built (``overrides`` replace members);
        by default the call must ask for that record's ``arn``.
        """
        _refuse_whole_output("record", record, "GetIncidentRecord", "incident record")
        record = payloads.record_from(record, overrides)
        if isinstance(expected_params, _Default):  # built from a checked record: nothing to check again
            self._queue_success("GetIncidentRecord", {"incidentRecord": record}, _Trusted({"arn": record["arn"]}))
        else:
            self._queue_success("GetIncidentRecord", {"incidentRecord": record}, expected_params)
        return record

    def add_timeline_event(
        self,
        event: dict[str, Any] | None = None,
        *,
        expected_params: Mapping[str, Any] | _Default | None = DEFAULT,
        **overrides: Any,
    ) -> dict[str, Any]:
        """Queue a successful GetTimelineEvent; return the ``event`` it answers.

        By default the call must ask for that event's ``eventId`` and ``incidentRecordArn``.
        """
        _refuse_whole_output("event", event, "GetTimelineEvent", "timeline event")
        event = payloads.event_from(event, overrides)
        if isinstance(expected_params, _Default):  # built from a checked event: nothing to check again
            expected_params = _Trusted({"eventId": event["eventId"], "incidentRecordArn": event["incidentRecordArn"]})
        self._queue_success("GetTimelineEvent", {"event": event}, expected_params)
        return event

    def add_response(
        self,
        operation: str,
        response: Mapping[str, Any] | None = None,
        expected_params: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue a successful answer to any ssm-incidents operation, checked; return it.

        With no ``response``, a realistic, valid answer is built (``payloads.default_output``).
        """
        op = model.operation_model(operation)
        if response is None:
            response = payloads.default_output(op.name)
        body = dict(payloads.require_mapping("response", response))
        extra_metadata = body.pop("ResponseMetadata", None)
        if extra_metadata is not None:
            extra_metadata = payloads.checked_response_metadata(extra_metadata)
            status = extra_metadata.get("HTTPStatusCode", 200)
            if not 200 <= status <= 299:  # botocore raises a ClientError ("Unknown") for any other
                raise payloads.PayloadError(
                    f"{op.name} response",
                    [
                        f"ResponseMetadata.HTTPStatusCode: {status} is not a success status; add_response answers "
                        f"200-299, queue an error with add_error({xform_name(op.name)!r}, code)"
                    ],
                )
        if op.output_shape is not None:
            payloads.check_payload(f"{op.name} response", body, op.output_shape.name, "")
        elif body:
            raise payloads.PayloadError(
                f"{op.name} response", [f"{op.name} answers with no members; got {', '.join(map(str, body))}"]
            )
        self._queue_success(op.name, body, expected_params, extra_metadata)
        return body

    @overload
    def add_error(
        self, operation: payloads.ErrorPayload, /, *, expected_params: Mapping[str, Any] | None = None
    ) -> payloads.ErrorPayload: ...

    @overload
    def add_error(
        self,
        operation: str,
        code: str,
        message: str | None = None,
        *,
        expected_params: Mapping[str, Any] | None = None,
        http_status_code: int | None = None,
        **modeled_fields: Any,
    ) -> payloads.ErrorPayload: ...

    def add_error(
        self,
        operation: str | payloads.ErrorPayload,
        code: str | None = None,
        message: str | None = None,
        *,
        expected_params: Mapping[str, Any] | None = None,
        http_status_code: int | None = None,
        **modeled_fields: Any,
    ) -> payloads.ErrorPayload:
        """Queue an error for ``operation``; return what the caller will receive.

        A code the model lists for the operation gets its modeled HTTP status and
        realistic values for its modeled fields; any other code needs ``http_status_code``.
        Or pass one ``ErrorPayload`` (what ``strategies.client_errors()`` yields) alone.
        """
        if not isinstance(operation, payloads.ErrorPayload):
            # Stubber's keywords come first: add_error(operation, service_error_code=...) passes no code.
            _refuse_stubbers_keywords(model.operation_model(operation).name, code, modeled_fields)
        given = resolve_error_arguments(
            "add_error", operation, code, message, http_status_code, modeled_fields, alone_with="expected_params="
        )
        if isinstance(given, payloads.ErrorPayload):
            error = given
            op = model.operation_model(error.operation)
            expected = self._checked_expected_params(op, expected_params)
        else:
            name, code = given
            op = model.operation_model(name)
            if not isinstance(code, str) or code not in model.modeled_errors(op.name):  # a transport fault, perhaps
                from ssmincidents_stub import faults  # only here: about 6 ms of imports a stub never needs

                faults.refuse_transport_fault(
                    op.name, code, "a stub answers above HTTP, so no connection of its client fails or times out"
                )
            expected = self._checked_expected_params(op, expected_params)
            error = payloads.error_payload(
                op.name,
                code,
                message,
                http_status_code=http_status_code,
                resource_identifier=payloads.request_identifier(op.name, expected or {}),
                **modeled_fields,
            )
        parsed: dict[str, Any] = {
            "Error": {"Code": error.code, "Message": error.message},
            **payloads.copy_payload(error.fields),
        }
        metadata = payloads.response_metadata(payloads.next_request_id(), error.http_status, error.code)
        self._enqueue(op, expected, parsed, metadata, f"{error.code} ({error.http_status})")
        return error

    # ------------------------------------------------------------ checks

    def assert_no_pending_responses(self, opt_out: str | None = None) -> None:
        """Fail, naming each queued answer, if any was never used."""
        if self._queue:
            from ssmincidents_stub import faults  # only here: a stub that used its answers never needs it

            raise faults.unused_answers_error("response(s)", self.pending, opt_out)

    @property
    def pending(self) -> list[str]:
        """A description of each queued, unused answer, oldest first."""
        return [queued.describe() for queued in self._queue]

    # ------------------------------------------------------------ internals

    def _queue_success(
        self,
        operation: str,
        body: dict[str, Any],
        expected_params: Mapping[str, Any] | None,
        extra_metadata: Mapping[str, Any] | None = None,
    ) -> None:
        op = model.operation_model(operation)
        expected = self._checked_expected_params(op, expected_params)
        metadata = payloads.response_metadata(payloads.next_request_id(), model.success_status(op.name))
        if extra_metadata:
            if "RequestId" in extra_metadata and "HTTPHeaders" not in extra_metadata:
                # botocore reads RequestId from this header: a real answer never has two.
                metadata["HTTPHeaders"]["x-amzn-requestid"] = extra_metadata["RequestId"]
            metadata.update(extra_metadata)
        self._enqueue(op, expected, payloads.copy_payload(body), metadata, "success")

    def _enqueue(
        self,
        op: Any,
        expected: dict[str, Any] | None,
        parsed: dict[str, Any],
        metadata: dict[str, Any],
        summary: str,
    ) -> None:
        parsed["ResponseMetadata"] = metadata
        url = f"{self._client.meta.endpoint_url}{op.http['requestUri']}"
        http_response = AWSResponse(url, metadata["HTTPStatusCode"], metadata["HTTPHeaders"], None)
        self._queue.append(_Queued(op.name, expected, http_response, parsed, summary))
        if self._hooks is not None and op.name in model.waited_operations():
            gate.spare_waiter_sleeps(self)  # a waiter may poll it: its delays are recorded, not slept

    @staticmethod
    def _checked_expected_params(op: Any, expected_params: Mapping[str, Any] | None) -> dict[str, Any] | None:
        if expected_params is None:
            return None
        if isinstance(expected_params, _Trusted):
            return _Trusted(expected_params)
        if not isinstance(expected_params, Mapping):
            raise TypeError(
                f"expected_params={model.show(expected_params)} is not a dict; pass a dict of "
                f"{xform_name(op.name)} parameters, or None to accept any"
            )
        members = list(op.input_shape.members) if op.input_shape else []
        unknown = [model.show(name) for name in expected_params if name not in members]
        if unknown:
            raise ValueError(
                f"expected_params has {', '.join(unknown)}, not a parameter of "
                f"{xform_name(op.name)}; its parameters: {', '.join(members) or 'none'}"
            )
        payloads.require_bounded_depth("expected_params", expected_params)
        checked, skipped = _without_any(dict(expected_params), "")
        refused = [
            v
            for v in (model.check(checked, op.input_shape) if op.input_shape else [])
            if v.layer == "client" and not _caused_by_leaving_out(v, skipped)
        ]
        if refused:
            raise ValueError(
                "expected_params can never match: botocore refuses these parameters before any call reaches "
                "the stub: " + "; ".join(str(v) for v in refused[:5])
            )
        expected: dict[str, Any] = payloads.copy_payload(dict(expected_params))
        return expected

    def _remember_call_params(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        # before-call sees the serialized request; the caller's own arguments are kept from here.
        context[_PARAMS_KEY] = dict(params)
        if len(self._by_id) != self._by_id_count:  # something registered since: a Stubber runs first
            shadowed = _stubber_on(self._client)
            if shadowed:
                raise StubAssertionError(operation_name=model.name, reason=shadowed)

    def _answer(self, model: Any, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if context.get("is_presign_request"):
            return None
        while True:
            queued = self._head_for(model, context.get(_PARAMS_KEY, {}))
            # Checking runs the caller's comparisons; another thread may have taken this answer meanwhile.
            with self._taking:
                if self._queue and self._queue[0] is queued:
                    self._queue.popleft()
                    break
        if errorcoverage.ENABLED:
            errorcoverage.record(model.name, queued.parsed.get("Error", {}).get("Code"))
        return queued.http_response, queued.parsed

    def _head_for(self, op: Any, params: Mapping[str, Any]) -> _Queued:
        """The oldest queued answer, if it answers this call; else the error that says why not."""
        called = xform_name(op.name)
        try:
            queued = self._queue[0]
        except IndexError:
            raise UnStubbedResponseError(
                operation_name=op.name,
                reason=(
                    f"{called} was called but no response is queued; queue one with "
                    f"add_incident_record, add_timeline_event, add_response or add_error{_beside_a_fake()}"
                ),
            ) from None
        if queued.operation != op.name:
            raise StubAssertionError(
                operation_name=op.name,
                reason=(
                    f"{called} was called but the next queued response is "
                    f"{queued.describe()}; responses are used first in, first out"
                ),
            )
        if queued.expected_params is not None:
            differences = _differences(queued.expected_params, params)
            if differences:
                raise StubAssertionError(
                    operation_name=op.name,
                    reason=f"{called} was called with unexpected parameters:\n"
                    + "\n".join(f"  - {line}" for line in differences),
                )
        trusted = type(queued.expected_params) is _Trusted and len(params) == len(queued.expected_params)
        if queued.http_response.status_code < 300 and op.input_shape is not None and not trusted:
            # (Trusted: the call passed exactly the stub's own parameters, made from a checked payload.)
            refused = model.check(params, op.input_shape.name)
            if refused:
                raise StubAssertionError(
                    operation_name=op.name,
                    reason=f"{called} was called with parameters the service refuses (ValidationException, 400), "
                    f"so a success cannot answer it:\n"
                    + "".join(f"  - {violation}\n" for violation in refused[:5])
                    + f"Fix the request, or queue add_error({called!r}, 'ValidationException') to test how "
                    f"the code handles the refusal",
                )
        return queued


def _refuse_whole_output(argument: str, given: Any, operation: str, what: str) -> None:
    """A ``PayloadError`` for a whole ``operation`` output passed where only its one member goes.

    The model check would call its member unknown and the payload's own members missing:
    true, but not what happened.
    """
    if not isinstance(given, Mapping):
        return
    output = model.operation_model(operation).output_shape
    if output is None:
        return
    (member,) = output.members  # GetIncidentRecord: incidentRecord; GetTimelineEvent: event
    payload_members = model.shape(output.members[member].name).members  # type: ignore[attr-defined]
    # Only the output's own names, and one the payload itself lacks: a real member is never taken for it.
    if member in given and set(given) <= {member, "ResponseMetadata"} and member not in payload_members:
        raise payloads.PayloadError(
            what,
            [
                f"{argument}={model.show(given, 100)} is a whole {operation} output; pass its [{member!r}] "
                f"(or use add_response({xform_name(operation)!r}, output))"
            ],
        )


def _without_any(value: Any, path: str) -> tuple[Any, set[str]]:
    """``value`` without what is set to ``ANY`` (it matches anything), and the paths of those.

    A member set to ``ANY`` is left out; a list item, to keep the others' indexes, stands
    in as a copy of the first other item (its findings are dropped), or is left out if none.
    """
    skipped: set[str] = set()
    if isinstance(value, Mapping):
        kept = {}
        for name, item in value.items():
            where = f"{path}.{name}" if path else str(name)
            if item is ANY:
                skipped.add(where)
                continue
            kept[name], inner = _without_any(item, where)
            skipped |= inner
        return kept, skipped
    if isinstance(value, (list, tuple)):
        items = []
        for index, item in enumerate(value):
            if item is ANY:
                skipped.add(f"{path}[{index}]")
            checked, inner = _without_any(item, f"{path}[{index}]")
            items.append(checked)
            skipped |= inner
        stand_in = next((checked for checked, item in zip(items, value, strict=True) if item is not ANY), ANY)
        filled = [stand_in if item is ANY else checked for checked, item in zip(items, value, strict=True)]
        return [item for item in filled if item is not ANY], skipped
    return value, skipped


class _Trusted(dict):  # type: ignore[type-arg]
    """Expected parameters the stub made itself from a checked payload: not checked again."""


_PARAMS_KEY = "ssmincidents_stub.call_params"


def _handlers_by_id(client: Any) -> dict[str, Any]:
    """botocore's own table of the client's handlers registered with a ``unique_id`` (empty if it has none)."""
    emitter = getattr(client.meta.events, "_emitter", client.meta.events)
    registered = getattr(emitter, "_unique_id_handlers", None)
    return registered if isinstance(registered, dict) else {}


def _stubber_on(client: Any) -> str | None:
    """What to say if a botocore ``Stubber`` is active on ``client``; None if none is.

    Its handlers (``before-call.*.*``) run before this stub's, so it would answer every
    call while this stub's answers stayed queued.
    """
    for entry in list(_handlers_by_id(client).values()):
        stubber = getattr(entry.get("handler") if isinstance(entry, dict) else None, "__self__", None)
        if isinstance(stubber, Stubber):
            return (
                f"botocore's Stubber {stubber!r} is active on this client and answers its calls before this "
                f"stub sees them; deactivate it (stubber.deactivate(), or leave its with block) first, or give "
                f"each a client of its own"
            )
    return None


# Stubber.add_client_error's keywords, and what add_error takes instead.
_STUBBERS_KEYWORDS = MappingProxyType(
    {
        "service_error_code": "pass the code second: add_error(operation, {value})",
        "service_message": "pass the message third: add_error(operation, code, {value})",
        "modeled_fields": "pass each modeled field as a keyword argument ({example})",
        "service_error_meta": "the stub builds Error as botocore parses it ({{'Code', 'Message'}}) and takes "
        "no other keys; the error's modeled fields go as keyword arguments ({example})",
        "response_meta": "the stub builds ResponseMetadata as botocore parses it, with the modeled status; "
        "pass http_status_code= for another status",
    }
)


def _refuse_stubbers_keywords(operation: str, code: Any, modeled_fields: Mapping[str, Any]) -> None:
    errors = model.modeled_errors(operation)
    modeled = {name for info in errors.values() for name in info.members}
    for name, value in modeled_fields.items():
        if name in _STUBBERS_KEYWORDS and name not in modeled:
            # The code's own fields; for a code not given (or not modeled), the first that has any.
            given = errors.get(code) if isinstance(code, str) else None
            info = given or next((i for i in errors.values() if set(i.members) - {"message"}), None)
            fields = [field for field in info.members if field != "message"] if info else []
            if not fields:
                example = f"{code} has none besides its message"
            else:
                example = ", ".join(f"{field}=..." for field in fields)
                example += "" if given else f" for {info.code} (a code of {operation} with fields)"  # type: ignore[union-attr]
            instead = _STUBBERS_KEYWORDS[name].format(example=example, value=model.show(value))
            raise TypeError(f"add_error(): {name}= is Stubber's; {instead} (got {name}={model.show(value)})")


def _caused_by_leaving_out(violation: model.Violation, skipped: set[str]) -> bool:
    """Whether ``violation`` comes only from what ``_without_any`` did to the ``ANY`` at ``skipped``.

    A required member, a union's one member or a list's items may be ``ANY``: the check
    saw them missing (or a stand-in), the call will not.
    """
    path = violation.path
    for where in skipped:
        if path == where or path.startswith((f"{where}.", f"{where}[")):  # left out, or a stand-in's
            return True
        if violation.constraint in ("union", "min") and where.startswith((f"{path}.", f"{path}[")):
            return True  # a union, or a list, with fewer members than the call will pass
    return False


def _differences(expected: Mapping[str, Any], actual: Mapping[str, Any], path: str = "") -> list[str]:
    lines = []
    for name in sorted(set(expected) | set(actual), key=str):
        where = f"{path}.{name}" if path else str(name)
        if name not in actual:
            lines.append(f"{where}: expected {model.show(expected[name])}, but it was not passed")
        elif name not in expected:
            lines.append(f"{where}: not expected, got {model.show(actual[name])}")
        else:
            lines.extend(_difference(expected[name], actual[name], where))
    return lines


def _difference(expected: Any, actual: Any, where: str) -> list[str]:
    """How ``actual`` differs from ``expected`` (``ANY`` matches anything, at any depth), leaf by leaf."""
    if expected is ANY:
        return []
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        return _differences(expected, actual, where)
    if isinstance(expected, (list, tuple)) and type(expected) is type(actual):
        if len(expected) != len(actual):
            shown = f"expected {len(expected)} item(s) {model.show(expected)}, got {len(actual)} {model.show(actual)}"
            return [f"{where}: {shown}"]
        return [
            line
            for index, pair in enumerate(zip(expected, actual, strict=True))
            for line in _difference(*pair, f"{where}[{index}]")
        ]
    if expected != actual:
        return [
            f"{where}: expected {model.show(expected)}, got {model.show(actual)}{_awareness_hint(expected, actual)}"
        ]
    return []


def _awareness_hint(expected: Any, actual: Any) -> str:
    """Why two datetimes that may name one moment differ: one is naive (they never compare equal)."""
    if not (isinstance(expected, datetime.datetime) and isinstance(actual, datetime.datetime)):
        return ""
    naive = [name for name, value in (("expected", expected), ("passed", actual)) if not is_aware(value)]
    if len(naive) != 1:
        return ""
    return (
        f" (the {naive[0]} one is naive and the other timezone-aware: give both a tzinfo, e.g. datetime.timezone.utc)"
    )
