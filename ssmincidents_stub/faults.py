"""[delivers] Queued faults and raw answers: what the next attempts of an operation get instead of the service.

Delivery floor, shared by the fake and the server; the stub imports it only for the message
of a misuse or of answers never used. Each queue is per operation and first in, first out;
every entry is one HTTP attempt (botocore's retries use them up).
"""

from __future__ import annotations

import functools
import json
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore import xform_name

from ssmincidents_stub import model, payloads, wire

__all__ = [
    "MAX_TIMES",
    "TRANSPORT_FAULTS",
    "FaultPlan",
    "FaultQueue",
    "PlannedFault",
    "QueuedError",
    "RawAnswer",
    "TransportFault",
    "encode_raw_body",
    "unused_answers_error",
]

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
            resource_identifier=payloads.request_identifier(operation, params),
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

# ---------------------------------------------------------------- fault plans

# Faults below HTTP, which botocore turns into its own exceptions (EndpointConnectionError,
# ReadTimeoutError), and a gateway's HTML error page, which it sees as a bare 5xx. A
# connection error and an HTML page never reach the service; a read timeout does: the
# service does the work and the answer is lost, as when a real one times out mid-request.
CONNECTION_ERROR = "ConnectionError"
READ_TIMEOUT = "ReadTimeout"
HTML_SERVER_ERROR = "HtmlServerError"
TRANSPORT_FAULTS = (CONNECTION_ERROR, READ_TIMEOUT, HTML_SERVER_ERROR)
_HTML_STATUS = 502
_HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


class TransportFault(Exception):
    """No HTTP answer at all: the delivery drops the connection, or lets the client time out."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def refuse_transport_fault(operation: str, code: object, why: str) -> None:
    """A ``ValueError`` for a transport fault named where only HTTP answers can be queued.

    ``why`` says why that place cannot; the message shows the plan that arms the fault.
    """
    if code not in TRANSPORT_FAULTS:
        return
    try:
        name = model.operation_model(operation).name
    except model.UnknownOperationError:
        return  # the caller's own check names the operation
    sentence = PlannedFault(name, 1, str(code)).describe()
    raise ValueError(
        f"code={code!r} is a transport fault, not an error answer: {why}. Arm it with a fault plan on a fake "
        f"or server instead: fake.apply(FaultPlan.parse({sentence!r})) (more attempts: more faults, "
        f"separated by ';')"
    )


def unused_answers_error(what: str, pending: list[str], opt_out: str | None = None) -> AssertionError:
    """The failure for answers queued and never used: how many, each on a line, and how to opt out.

    One wording for the stub (``what``: ``response(s)``), the fake and the server (``fault(s)
    or raw answer(s)``); ``opt_out`` is the spelling of ``assert_all_responses_used=False`` the user wrote.
    """
    lines = "\n".join(f"  - {line}" for line in pending)
    hint = f"\nUse them, or opt out with {opt_out}" if opt_out else ""
    return AssertionError(f"{len(pending)} queued ssm-incidents {what} never used:\n{lines}{hint}")


@dataclass(frozen=True)
class PlannedFault:
    """Attempt ``attempt`` (counted from 1 since the plan was armed) of ``operation`` fails with ``code``.

    ``code`` is a modeled error of the operation (answered with its modeled status and
    fields), or one of ``TRANSPORT_FAULTS``. A fault that is not one raises ``ValueError``.
    """

    operation: str
    attempt: int
    code: str

    def __post_init__(self) -> None:
        # Either spelling of the operation, kept as the model's: equal plans compare equal.
        spelled = _operations_by_python_name().get(self.operation) if isinstance(self.operation, str) else None
        if spelled is not None:
            object.__setattr__(self, "operation", spelled)
        # Checked when made, not only inside a FaultPlan: describe() and http_status rely on it.
        _check_planned(self)

    @property
    def http_status(self) -> int | None:
        """The status the client sees (None for a connection error or a read timeout)."""
        if self.code == HTML_SERVER_ERROR:
            return _HTML_STATUS
        info = model.error_info(self.code)
        return info.http_status if info is not None else None

    def describe(self) -> str:
        where = f"{xform_name(self.operation)} attempt {self.attempt}"
        if self.code == CONNECTION_ERROR:
            return f"{where}: connection error"
        if self.code == READ_TIMEOUT:
            return f"{where}: read timeout"
        if self.code == HTML_SERVER_ERROR:
            return f"{where}: {_HTML_STATUS} HTML error page"
        return f"{where}: {self.code} {self.http_status}"

    def answer(self, params: Mapping[str, Any]) -> wire.HttpAnswer:
        if self.code in (CONNECTION_ERROR, READ_TIMEOUT):
            raise TransportFault(self.code)
        if self.code == HTML_SERVER_ERROR:
            headers = {**payloads.wire_headers(payloads.next_request_id()), "content-type": "text/html"}
            return wire.HttpAnswer(_HTML_STATUS, headers, _HTML_PAGE)
        return QueuedError(self.code, None, None, {}).answer(self.operation, params)


@dataclass(frozen=True, eq=False)
class FaultPlan:
    """Which attempts of which operations fail, and how: data Hypothesis can draw and shrink.

    Draw one with ``strategies.fault_plans()``; arm it with ``fake.apply(plan)``. Two
    plans are equal when they fail the same attempts the same way, in whatever order
    their faults are listed: each attempt fails once, so a plan is a set of faults.
    (Their reprs may still differ: a repr names operations in the order they are listed.)
    """

    faults: tuple[PlannedFault, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.faults, tuple) or not all(isinstance(f, PlannedFault) for f in self.faults):
            raise TypeError(f"faults={model.show(self.faults)} must be a tuple of PlannedFault")
        # Each fault was checked when it was made.
        seen = [(fault.operation, fault.attempt) for fault in self.faults]
        if len(set(seen)) != len(seen):
            raise ValueError(f"{self!r} plans one attempt twice; each (operation, attempt) may fail once")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FaultPlan):
            return NotImplemented
        return frozenset(self.faults) == frozenset(other.faults)

    def __hash__(self) -> int:
        return hash(frozenset(self.faults))

    def __repr__(self) -> str:
        # Each operation's faults in attempt order, however they were drawn: a sentence to read.
        first = {fault.operation: index for index, fault in reversed(list(enumerate(self.faults)))}
        ordered = sorted(self.faults, key=lambda fault: (first[fault.operation], fault.attempt))
        return f"FaultPlan({'; '.join(fault.describe() for fault in ordered) or 'no faults'})"

    @classmethod
    def parse(cls, sentence: str) -> FaultPlan:
        """The plan a repr describes: paste what Hypothesis printed to replay it.

        Takes the repr (``FaultPlan(get_incident_record attempt 1: ValidationException
        400)``), the line Hypothesis printed it on (``plan=FaultPlan(...),``) or its whole
        report, or the sentence inside the repr, so a failure found once can be kept as an
        ``@example``. A modeled error may leave out its status (``ThrottlingException``),
        and a transport fault may be written as its code (``ReadTimeout``).
        ``FaultPlan.parse(repr(plan)) == plan`` for every plan.
        """
        if not isinstance(sentence, str):
            raise TypeError(f"FaultPlan.parse takes the plan's sentence as a str, got {model.show(sentence)}")
        text = _plan_sentence(sentence)
        if text == "no faults":
            return cls()
        return cls(tuple(_parse_fault(part.strip()) for part in text.split(";")))

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # Hypothesis prints a failing example with this hook, before it would rebuild
        # the value from the strategy that drew it: keep the sentence a person can act on.
        printer.text(repr(self))

    def __len__(self) -> int:
        return len(self.faults)


_SENTENCE_FORM = "'<operation> attempt <n>: <what>', as a FaultPlan's repr writes it"


def _plan_sentence(text: str) -> str:
    """The sentence inside the one ``FaultPlan(...)`` in ``text``, or ``text`` itself when it holds none."""
    reprs = text.count("FaultPlan(")
    if reprs == 0:
        return text.strip()
    if reprs > 1:
        raise ValueError(
            f"FaultPlan.parse: {model.show(text, 300)} holds {reprs} plans; pass the one FaultPlan(...) to replay"
        )
    inside = text.partition("FaultPlan(")[2]
    sentence, closed, _ = inside.partition(")")  # no fault's sentence holds a parenthesis
    if not closed:
        raise ValueError(f"FaultPlan.parse: {model.show(text, 300)} has no ')' closing its FaultPlan(")
    return sentence.strip()


def _parse_fault(text: str) -> PlannedFault:
    where, colon, what = text.partition(":")
    words = where.split()
    if not colon or len(words) != 3 or words[1] != "attempt" or not (words[2].isascii() and words[2].isdigit()):
        raise ValueError(f"FaultPlan.parse: {text!r} is not {_SENTENCE_FORM}")
    if len(words[2].lstrip("0")) > len(str(MAX_TIMES)):  # refused before int(), which caps its digits
        raise ValueError(
            f"FaultPlan.parse: attempt {model.show(words[2], 80)} of {words[0]} is not an attempt number "
            f"(1 to {MAX_TIMES:,})"
        )
    try:
        operation = model.operation_model(words[0]).name  # either spelling
    except model.UnknownOperationError:
        raise ValueError(
            f"FaultPlan.parse: {words[0]!r} in {text!r} is not an ssm-incidents operation; "
            f"write it as the client method is named, e.g. 'get_incident_record'"
        ) from None
    what = what.strip()
    by_description = {
        PlannedFault(operation, 1, code).describe().partition(": ")[2]: code for code in _faults_of(operation) or ()
    }
    # Or the code itself (ThrottlingException, ReadTimeout): the sentences are already keys above.
    code = by_description.get(what) or (what if what in by_description.values() else None)
    if code is None:
        raise ValueError(
            f"FaultPlan.parse: {what!r} in {text!r} is not a fault of {words[0]}; choices: {', '.join(by_description)}"
        )
    return PlannedFault(operation, int(words[2]), code)


def fault_code(spelling: object) -> object:
    """``spelling`` as a fault code: a transport fault as a plan writes it (``"read timeout"``) is its code."""
    return _transport_codes_by_sentence().get(spelling, spelling) if isinstance(spelling, str) else spelling


@functools.cache
def _transport_codes_by_sentence() -> dict[str, str]:
    return {PlannedFault("GetIncidentRecord", 1, code).describe().partition(": ")[2]: code for code in TRANSPORT_FAULTS}


@functools.cache
def _operations_by_python_name() -> dict[str, str]:
    return {xform_name(name): name for name in model.operation_names()}


def _check_planned(fault: PlannedFault) -> None:
    # UnknownOperationError (a ValueError) names the operations, as everywhere else one is unknown.
    codes = _faults_of(model.operation_model(fault.operation).name) or ()
    if not isinstance(fault.attempt, int) or isinstance(fault.attempt, bool) or not 1 <= fault.attempt <= MAX_TIMES:
        raise ValueError(f"attempt={model.show(fault.attempt)} is not an attempt number (1 to {MAX_TIMES:,})")
    if fault.code not in codes:
        choices = ", ".join(codes)
        raise ValueError(f"code={model.show(fault.code)} is not a fault of {fault.operation}; choices: {choices}")


@functools.cache
def _faults_of(operation: str) -> tuple[str, ...] | None:
    """Every fault of ``operation`` in plan order, or None if the model does not name it so.

    Cached: Hypothesis builds a plan an example, and each checks its faults.
    """
    if operation not in model.operation_names():
        return None
    return (*model.modeled_errors(operation), *TRANSPORT_FAULTS)


class FaultQueue:
    """Per-operation queues of errors and raw answers, and the armed fault plan; thread-safe."""

    def __init__(self) -> None:
        self._queues: dict[str, deque[Entry]] = {}
        self._lock = threading.Lock()
        self._plan: dict[tuple[str, int], PlannedFault] = {}
        self._attempts: dict[str, int] = {}
        self.triggered: list[PlannedFault] = []
        """The planned faults that happened, in order."""

    def arm(self, plan: FaultPlan) -> None:
        """Arm ``plan``, replacing any other: attempts count from 1 again."""
        if not isinstance(plan, FaultPlan):
            hint = " or FaultPlan.parse(...) the sentence" if isinstance(plan, str) else ""
            raise TypeError(f"plan={model.show(plan)} is not a FaultPlan; draw one with strategies.fault_plans(){hint}")
        with self._lock:
            self._plan = {(fault.operation, fault.attempt): fault for fault in plan.faults}
            self._attempts = {}
            self.triggered = []

    def push(self, operation: str, entry: Entry) -> None:
        with self._lock:
            self._queues.setdefault(operation, deque()).append(entry)

    def take(self, operation: str, params: Mapping[str, Any]) -> wire.HttpAnswer | None:
        """The answer planned or queued for this attempt of ``operation``, or None: the service answers.

        A planned fault comes first; a connection error or read timeout raises ``TransportFault``.
        """
        with self._lock:
            if self._plan:
                attempt = self._attempts[operation] = self._attempts.get(operation, 0) + 1
                planned = self._plan.get((operation, attempt))
                if planned is not None:
                    self.triggered.append(planned)
            else:
                planned = None
            if planned is None:
                queued = self._take_queued(operation)
        if planned is not None:
            return planned.answer(params)
        return queued.answer(operation, params) if queued is not None else None

    def _take_queued(self, operation: str) -> Entry | None:
        queue = self._queues.get(operation)
        if not queue:
            return None
        entry = queue[0]
        entry.remaining -= 1
        if entry.remaining <= 0:
            queue.popleft()
        return entry

    def pending(self) -> list[tuple[str, str]]:
        """(operation, description) of every entry not yet used, oldest first per operation."""
        with self._lock:
            return [(operation, entry.describe()) for operation, queue in self._queues.items() for entry in queue]

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()
            self._plan, self._attempts, self.triggered = {}, {}, []


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
