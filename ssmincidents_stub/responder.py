"""[delivers] One fake Incident Manager behind the wire: HTTP request in, HTTP answer out.

Delivery floor, shared by the in-process fake and the HTTP server, so both answer
alike: it decodes the request (``wire``), gives a queued fault or raw answer its turn
(``faults``), lets the service answer (``service``), encodes the result and records the
call. ``FakeControls`` is the public face both deliveries share: seeding, faults,
raw answers and recorded calls.
"""

from __future__ import annotations

import datetime
import email.utils
import functools
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, TracebackType
from typing import Any, TypeVar, cast, overload

from botocore import xform_name

from ssmincidents_stub import errorcoverage, facts, faults, model, payloads, wire
from ssmincidents_stub._spelling import SpelledHere
from ssmincidents_stub.payloads._base import answering_for
from ssmincidents_stub.payloads.errors import resolve_error_arguments
from ssmincidents_stub.service import IncidentManager, ServiceError, UnservedRequestError

__all__ = ["Call", "FakeControls", "Responder", "UnservedOperationError"]


class UnservedOperationError(NotImplementedError):
    """A call the fake has no answer for; it never falls through to the network."""


@dataclass(frozen=True)
class Call:
    """One HTTP attempt the fake answered."""

    operation: str
    params: dict[str, Any]
    attempt: int
    status: int
    """The HTTP status answered; 0 for a connection error or read timeout (no answer)."""
    error_code: str | None
    """The error code answered; ``ConnectionError`` or ``ReadTimeout`` when nothing was."""
    body: str

    @property
    def method(self) -> str:
        """The operation in the client's spelling, e.g. ``get_incident_record``."""
        return xform_name(self.operation)


class Responder:
    """The service, its fault queues and its call log, answering HTTP requests."""

    # The call log keeps the most recent calls only, so a long-lived server's memory stays flat.
    MAX_RECORDED_CALLS = 10_000

    def __init__(self, *, region: str, account: str = facts.EXAMPLE_ACCOUNT, real_time: bool = False) -> None:
        # real_time: the service's clock runs with the wall clock too (the server's; see Clock).
        self._resets = 0  # each state's IDs differ from the last one's (payloads.fake_serial_base)
        self.service = IncidentManager(
            region=region, account=account, real_time=real_time, first_serial=payloads.fake_serial_base()
        )
        self._region, self._account = region, account
        self._real_time = real_time
        self.faults = faults.FaultQueue()
        # Each attempt as the fields of its Call, and the Call once one was read: the log
        # is written on every attempt and read by a few assertions, and making a frozen
        # dataclass and decoding the body cost more than the rest of recording it.
        self._log: deque[list[Any]] = deque(maxlen=self.MAX_RECORDED_CALLS)
        # Held while a request is answered, and while a test seeds or queues (FakeControls):
        # the server answers in its own threads, and the service's state changes in steps.
        self.lock = threading.RLock()

    def answer(self, request: wire.HttpRequest, attempt: int | None = None) -> wire.HttpAnswer:
        """The answer to one HTTP attempt."""
        try:
            op, params = wire.decode_request(request)
        except wire.WireError as error:
            return self._dated(error.answer)
        if attempt is None:
            attempt = wire.sdk_attempt(request.headers)
        # In its own region: a queued error's default message names its partition, whatever
        # region the tests around it (or a server's other threads) build in.
        with self.lock, answering_for(self._region, self._account):
            answer = self._answered(op.name, params, attempt)
        if errorcoverage.ENABLED:
            errorcoverage.record(op.name, answer.error_code)
        return answer

    def _answered(self, operation: str, params: dict[str, Any], attempt: int | None) -> wire.HttpAnswer:
        """A queued fault's answer or the service's, dated and logged (under the lock)."""
        try:
            answer = self.faults.take(operation, params) or self._from_service(operation, params)
        except faults.TransportFault as fault:  # no HTTP answer at all: the delivery drops or stalls
            if fault.kind == faults.READ_TIMEOUT:
                # The request arrived and the service did the work; only the answer is lost.
                # That is the timeout that makes a retry without the same clientToken do it twice.
                self._from_service(operation, params)
            self._log.append([operation, params, attempt, 0, fault.kind, b"", None])
            if errorcoverage.ENABLED:
                errorcoverage.record(operation, None)  # called, though it answered no modeled error
            raise
        self._dated(answer)
        self._log.append([operation, params, attempt, answer.status, answer.error_code, answer.body, None])
        return answer

    def reset(self) -> None:
        """Forget all state, queued faults and recorded calls, once the request being answered is done.

        In place, under the lock: a request or a control under way finishes against the
        state it began with, and none changes the new state without the lock.
        """
        with self.lock:
            self._resets += 1
            self.service = IncidentManager(
                region=self._region,
                account=self._account,
                real_time=self._real_time,
                first_serial=payloads.fake_serial_base(self._resets),
            )
            self.faults.clear()
            self._log.clear()

    @property
    def calls(self) -> list[Call]:
        """Every attempt answered, oldest first (the most recent ``MAX_RECORDED_CALLS``)."""
        with self.lock:
            log = list(self._log)
        return [entry[6] or _call_of(entry) for entry in log]

    def _dated(self, answer: wire.HttpAnswer) -> wire.HttpAnswer:
        """Give the answer its Date, unless it is a raw answer with its own.

        Over HTTP the Date is the wall clock's, as the service's is: the JavaScript SDK
        reads it for clock skew, and one five minutes off (a test moved the service's
        clock on) makes it retry the error: with its default retries, a 404 took three
        attempts. In process it is the service's clock, which the test controls and no
        botocore reads.
        """
        if answer.headers.get("date") is payloads.STUB_DATE:
            seconds = time.time() if self._real_time else self.service.now().timestamp()
            answer.headers["date"] = _http_date(int(seconds))
        return answer

    def _from_service(self, operation: str, params: dict[str, Any]) -> wire.HttpAnswer:
        try:
            return wire.encode_output(operation, self.service.call(operation, params))
        except ServiceError as error:
            return wire.encode_error(error.error)
        except UnservedRequestError as error:
            raise UnservedOperationError(_unserved_message(operation, str(error))) from None


def _call_of(entry: list[Any]) -> Call:
    operation, params, attempt, status, code, body, _ = entry
    entry[6] = call = Call(operation, params, attempt, status, code, body.decode("utf-8", "replace"))
    return call


@functools.lru_cache(maxsize=2)
def _http_date(seconds: int) -> str:
    """An HTTP Date header for a whole second (cached: answers in the same second share it)."""
    return email.utils.formatdate(seconds, usegmt=True)


def _unserved_message(operation: str, detail: str) -> str:
    if detail != operation:
        return detail
    served = ", ".join(xform_name(name) for name in IncidentManager.served_operations())
    return (
        f"the ssm-incidents fake does not serve {xform_name(operation)} ({operation}); it "
        f"serves {served}. Queue an answer with fake.add_raw_response("
        f"{xform_name(operation)!r}, ...) or use the ssm_incidents_stub fixture"
    )


_Method = TypeVar("_Method", bound=Callable[..., Any])


def _one_at_a_time(method: _Method) -> _Method:
    """Run a control under the responder's lock, so no request sees the state half changed.

    And in the fake's or server's own region: what it builds names its partition, not
    the one the tests around it use.
    """

    @functools.wraps(method)
    def locked(self: FakeControls, *args: Any, **kwargs: Any) -> Any:
        with self._responder.lock, answering_for(self.region, self.account):
            return method(self, *args, **kwargs)

    return cast(_Method, locked)


class FakeControls(SpelledHere):
    """Seeding, faults, raw answers and recorded calls: the same on the fake and the server."""

    _responder: Responder
    region: str
    """The region of what it builds and answers: it sets the partition of every ARN in them.

    A fake also gives it to clients made with none; a server, to the environment it hands
    to other processes (``environment()``).
    """
    account: str
    """The AWS account of what it builds and answers: every ARN and principal in them names it."""
    assert_all_responses_used: bool
    """Whether a clean exit from the ``with`` block fails on faults and raw answers never used."""

    # Names from botocore's Stubber and from IncidentsStub, and what the fake calls them.
    _SPELLED_HERE = MappingProxyType(
        {
            "add_error": "the stub's add_error is fail_next(operation, code, times=1, message=..., ...) here",
            "add_client_error": "botocore's Stubber.add_client_error is fail_next(operation, code, ...) here",
            "add_response": "the fake answers from its state: seed it with put_incident_record() and the other "
            "put_* methods, or queue an answer with add_raw_response()",
        }
    )

    # ------------------------------------------------------------ settings and lifecycle

    def _take_settings(self, region: str | None, account: str, assert_all_responses_used: bool) -> str:
        """Check and keep what the fake and the server are both made with; return the region.

        ``region`` defaults to the one in use (the ini option's under pytest, else ``DEFAULT_REGION``).
        """
        if region is None:
            region = payloads.current_region()
        try:
            partition = model.partition_of(region)
        except model.UnknownRegionError as error:
            # A plain ValueError, as payloads.set_region raises for the same region.
            raise ValueError(str(error)) from None
        if (
            not isinstance(account, str)
            or not account  # the Arn pattern lets an ARN leave its account out; an account has one
            or model.check(facts.RESPONSE_PLAN_ARN_FORMAT.format(partition=partition, account=account, name="p"), "Arn")
        ):
            raise ValueError(
                f"account={model.show(account)} is not an AWS account ID: the model's ARNs take 12 digits, "
                f"e.g. {facts.EXAMPLE_ACCOUNT!r}"
            )
        if not isinstance(assert_all_responses_used, bool):
            raise TypeError(f"assert_all_responses_used={model.show(assert_all_responses_used)}: pass True or False")
        self.region, self.account = region, account
        self.assert_all_responses_used = assert_all_responses_used
        return region

    def stop(self) -> None:
        """Stop answering: the fake's and the server's own."""
        raise NotImplementedError

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if exc_type is None and self.assert_all_responses_used:
            self.assert_no_pending_responses(opt_out=f"{type(self).__name__}(assert_all_responses_used=False)")

    def reset(self) -> None:
        """Forget all state, queued faults and recorded calls (after the request being answered)."""
        self._responder.reset()

    # ------------------------------------------------------------ state

    @_one_at_a_time
    def put_incident_record(self, record: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
        """Store an incident record (built like ``incident_record``); return it."""
        record = payloads.record_from(record, overrides)
        # The service holds its own partition's incidents only: a client of it never sees another's.
        partition = record["arn"].split(":")[1]
        if partition != model.partition_of(self.region):
            raise ValueError(
                f"incident record arn={model.show(record['arn'])} is in partition {partition}, but this "
                f"{type(self).__name__} answers in {self.region} (partition {model.partition_of(self.region)}); "
                f"build the record inside the fake (its builders follow its region), or pass an arn of that "
                f"partition, e.g. {payloads.incident_record_arn(partition=model.partition_of(self.region))!r}"
            )
        self._responder.service.put_incident_record(record)
        return record

    @_one_at_a_time
    def put_timeline_event(self, event: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
        """Store a timeline event (built like ``timeline_event``) of an incident the fake holds; return it.

        With no ``incidentRecordArn``, the event belongs to the incident put or started last.
        """
        service = self._responder.service
        latest = service.latest_record_arn()
        chosen = event is None and "incidentRecordArn" not in overrides
        if chosen and latest is not None:
            overrides = {**overrides, "incidentRecordArn": latest}
        event = payloads.event_from(event, overrides)  # the payload's own problems come first
        if chosen and latest is None:
            raise ValueError(
                "put_timeline_event() needs an incident to belong to, and the fake holds none; "
                "call put_incident_record() first, or pass incidentRecordArn="
            )
        if not service.holds_record(event["incidentRecordArn"]):
            raise ValueError(
                f"incidentRecordArn={model.show(event['incidentRecordArn'])}: the fake holds no such incident, "
                f"and the service keeps no events of an unknown incident; put_incident_record() it first"
            )
        service.put_timeline_event(event)
        return event

    @_one_at_a_time
    def put_response_plan(self, plan: dict[str, Any] | None = None, **overrides: Any) -> dict[str, Any]:
        """Store a response plan (built like ``response_plan``); return it.

        ``tags=`` in ``overrides`` become the plan's tags, as CreateResponsePlan's would.
        """
        tags = overrides.pop("tags", None)
        if tags is not None:
            payloads.check_payload("response plan tags", tags, "TagMap", "tags")
        plan = payloads.plan_from(plan, overrides)
        # The service makes a plan's ARN from its name, in its own partition and account.
        expected = payloads.response_plan_arn(plan["name"])
        if plan["arn"] != expected:
            raise ValueError(
                f"response plan arn={model.show(plan['arn'])} is not the ARN of a plan named "
                f"{model.show(plan['name'])} in this {type(self).__name__}'s partition and account "
                f"({expected!r}); pass that arn, or leave arn out and it is made from the name"
            )
        self._responder.service.put_response_plan(plan, tags)
        return plan

    @_one_at_a_time
    def put_replication_set(self, **overrides: Any) -> dict[str, Any]:
        """Store the account's replication set (built like ``replication_set``), replacing any; return it."""
        replication = payloads.replication_set(**overrides)
        self._responder.service.put_replication_set(replication)
        return replication

    @_one_at_a_time
    def put_finding(
        self, finding: dict[str, Any] | None = None, *, incidentRecordArn: str | None = None, **overrides: Any
    ) -> dict[str, Any]:
        """Store a finding (built like ``finding``) of an incident the fake holds; return it.

        With no ``incidentRecordArn``, it belongs to the incident put or started last.
        """
        service = self._responder.service
        if incidentRecordArn is not None and not isinstance(incidentRecordArn, str):
            raise TypeError(f"incidentRecordArn={model.show(incidentRecordArn)} is not a string (an incident's ARN)")
        arn = incidentRecordArn if incidentRecordArn is not None else service.latest_record_arn()
        built = payloads.finding_from(finding, overrides)  # the payload's own problems come first
        if arn is None:
            raise ValueError(
                "put_finding() needs an incident to belong to, and the fake holds none; "
                "call put_incident_record() first, or pass incidentRecordArn="
            )
        if not service.holds_record(arn):
            raise ValueError(
                f"incidentRecordArn={model.show(arn)}: the fake holds no such incident; put_incident_record() "
                f"or start_incident it first"
            )
        service.put_finding(arn, built)
        return built

    # ------------------------------------------------------------ the service's clock

    @property
    @_one_at_a_time
    def now(self) -> datetime.datetime:
        """The time on the service's clock: what it stamps on what it creates."""
        return self._responder.service.now()

    @_one_at_a_time
    def advance_clock(self, seconds: float) -> None:
        """Move the service's clock on: replication sets settle, as after a real wait."""
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 <= seconds <= 10**9:
            raise ValueError(f"seconds={model.show(seconds)} is not a number of seconds from 0 to 1e9")
        self._responder.service.advance_clock(float(seconds))

    # ------------------------------------------------------------ faults and raw answers

    @overload
    def fail_next(self, operation: payloads.ErrorPayload, /, *, times: int = 1) -> payloads.ErrorPayload: ...

    @overload
    def fail_next(
        self,
        operation: str,
        code: str,
        times: int = 1,
        *,
        message: str | None = None,
        http_status_code: int | None = None,
        **modeled_fields: Any,
    ) -> payloads.ErrorPayload: ...

    @_one_at_a_time
    def fail_next(
        self,
        operation: str | payloads.ErrorPayload,
        code: str | None = None,
        times: int = 1,
        *,
        message: str | None = None,
        http_status_code: int | None = None,
        **modeled_fields: Any,
    ) -> payloads.ErrorPayload:
        """Make the next ``times`` HTTP attempts of ``operation`` fail with ``code``.

        Attempts, not calls: botocore's retries use them up. A modeled code gets its
        modeled status and fields; another code needs ``http_status_code``. Or pass one
        ``ErrorPayload`` (what ``strategies.client_errors()`` yields) in place of both.
        """
        if not isinstance(times, int) or isinstance(times, bool) or times < 1:
            raise ValueError(f"times={model.show(times)} is not a positive whole number of attempts")
        if times > faults.MAX_TIMES:
            raise ValueError(
                f"times={model.show(times)} is more attempts than any client makes; pass at most {faults.MAX_TIMES:,}"
            )
        if "resource_identifier" in modeled_fields:
            raise TypeError(
                "fail_next() takes no resource_identifier: the fake answers with the identifier the request names"
            )
        given = resolve_error_arguments(
            "fail_next", operation, code, message, http_status_code, modeled_fields, alone_with="times="
        )
        if isinstance(given, payloads.ErrorPayload):
            error = given
            entry = faults.QueuedError(error.code, error.message, error.http_status, error.modeled_fields, times)
        else:
            name, code = given
            faults.refuse_transport_fault(
                name, code, "fail_next queues error answers, and with one the connection gives none"
            )
            # Built once now so a bad code or field fails here, not inside the client call.
            error = payloads.error_payload(name, code, message, http_status_code=http_status_code, **modeled_fields)
            entry = faults.QueuedError(code, message, http_status_code, dict(modeled_fields), times)
        self._responder.faults.push(error.operation, entry)
        return error

    @_one_at_a_time
    def add_raw_response(
        self,
        operation: str,
        body: str | bytes | Mapping[str, Any] = b"",
        *,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next attempt of ``operation`` with exactly this HTTP response.

        ``body`` is sent as given (a dict is JSON-encoded, a str UTF-8), so nulls, unknown
        union members, real AWS samples or a malformed body reach the client's parser as they are.
        """
        op = model.operation_model(operation)
        if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
            # A 1xx is an interim answer over HTTP: a client would wait on for the final one.
            raise ValueError(f"status={model.show(status)} is not the HTTP status code of a final answer (200-599)")
        raw = faults.encode_raw_body(body)
        if raw and status in (204, 304):
            shown = model.show(body, 80)
            raise ValueError(
                f"status={status} answers have no body in HTTP, got {shown}; leave body out for a {status}"
            )
        if headers is not None:
            if not isinstance(headers, Mapping) or not all(
                isinstance(name, str) and isinstance(value, str) for name, value in headers.items()
            ):
                raise TypeError(f"headers={model.show(headers)} is not a dict of str to str")
            problems = payloads.header_problems(headers, "headers")
            if problems:
                raise ValueError(f"headers={model.show(headers)} cannot be sent: " + "; ".join(problems[:3]))
        wire_headers = payloads.wire_headers(payloads.next_request_id())
        wire_headers.update({name.lower(): value for name, value in (headers or {}).items()})
        self._responder.faults.push(op.name, faults.RawAnswer(status, wire_headers, raw))

    # ------------------------------------------------------------ fault plans

    @_one_at_a_time
    def apply(self, plan: faults.FaultPlan) -> None:
        """Arm a ``FaultPlan`` (from ``strategies.fault_plans()``), replacing any other.

        Attempts count from 1 for each operation from now on; a planned attempt fails
        as the plan says (before any ``fail_next`` fault), every other is answered as usual.
        Attempt N of an operation is the Nth HTTP attempt of it the fake answers, from any
        client and any thread, in the order the fake takes them (one at a time): not
        botocore's attempt number within one call (``Call.attempt``). Concurrent calls race
        for the planned attempts, so which call fails is up to the scheduler, but each planned
        fault happens exactly once, and it is the Nth of the operation's calls logged since.
        """
        self._responder.faults.arm(plan)

    @property
    @_one_at_a_time
    def plan_triggered(self) -> list[faults.PlannedFault]:
        """The faults of the armed plan that have happened, in order."""
        return list(self._responder.faults.triggered)

    # ------------------------------------------------------------ assertions

    @property
    @_one_at_a_time
    def pending(self) -> list[str]:
        """Each queued fault or raw answer not yet used, e.g. ``get_incident_record: ThrottlingException (429)``."""
        return [f"{xform_name(operation)}: {what}" for operation, what in self._responder.faults.pending()]

    def assert_no_pending_responses(self, opt_out: str | None = None) -> None:
        """Fail, naming each queued fault or raw answer, if any was never used."""
        pending = self.pending
        if pending:
            raise faults.unused_answers_error("fault(s) or raw answer(s)", pending, opt_out)

    @property
    def calls(self) -> list[Call]:
        """Every HTTP attempt answered, oldest first (the most recent 10,000, if there were more)."""
        return self._responder.calls

    def calls_to(self, operation: str) -> list[Call]:
        """The recorded attempts of one operation (either spelling)."""
        name = model.operation_model(operation).name
        return [call for call in self.calls if call.operation == name]
