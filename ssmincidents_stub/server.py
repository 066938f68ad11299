"""[delivers] IncidentsServer: the same fake Incident Manager over real HTTP, for code outside the process.

Delivery floor. It serves the rest-json protocol on a local port (127.0.0.1 by
default), so subprocesses, the AWS CLI and SDKs in other languages reach it through
``AWS_ENDPOINT_URL_SSM_INCIDENTS``. The answers come from ``responder``, the code
the in-process fake runs, and a small control API under ``/_ssm-incidents-fake/``
seeds state, queues faults and raw answers, reads the recorded calls and resets,
for tests written in any language.

Built on the standard library's ``http.server``: HTTP/1.1 with keep-alive, chunked
request bodies and ``Expect: 100-continue``, one thread per connection, and no
dependency for the plugin to carry. ``stop()`` closes every open connection and
joins every thread it started.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import re
import signal
import socket
import sys
import threading
import traceback
import urllib.parse
import zlib
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from botocore import xform_name

from ssmincidents_stub import clients, facts, faults, gate, model, payloads, wire
from ssmincidents_stub._fake_env import DEFAULT_REGION
from ssmincidents_stub.responder import Call, FakeControls, Responder, UnservedOperationError

__all__ = ["CONTROL_PREFIX", "IncidentsServer", "main"]

CONTROL_PREFIX = "/_ssm-incidents-fake"

# No request to this service is bigger; a larger body is refused before it is read.
MAX_BODY = 16 * 1024 * 1024

# How often the accept loop looks for a stop: stop() waits for that look, so socketserver's
# default half second was half a second of every server test's teardown. Twenty looks a
# second cost an idle server next to nothing.
STOP_POLL_SECONDS = 0.05


class IncidentsServer(FakeControls):
    """The fake Incident Manager over HTTP on ``host:port`` (port 0: any free port).

    A context manager like ``IncidentsFake``, with the same seeding, fault and
    inspection methods; ``endpoint_url`` is where clients go, and ``environment()``
    the variables that send any AWS SDK there.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str | None = None,
        account: str = facts.EXAMPLE_ACCOUNT,
        assert_all_responses_used: bool = True,
    ) -> None:
        region = self._take_settings(region, account, assert_all_responses_used)
        if not isinstance(host, str) or not host:
            raise ValueError(f"host={model.show(host)} is not a host name or address, e.g. '127.0.0.1'")
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ValueError(f"port={model.show(port)} is not a TCP port (0-65535; 0 picks a free one)")
        self.stall_seconds = 10.0
        """How long a planned read timeout holds the connection silent before closing it.

        A client sees a ``ReadTimeoutError`` if its ``read_timeout`` is shorter, else a closed connection."""
        self._address = (host, port)
        # Its clients are other processes, which sleep for real: its clock runs with the wall clock.
        self._responder = Responder(region=region, account=account, real_time=True)
        self._http: _Server | None = None
        self._loop: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    def start(self) -> IncidentsServer:
        """Listen and serve in a background thread; return the server."""
        if self._http is not None:
            return self
        family = socket.AF_INET6 if ":" in self._address[0] else socket.AF_INET
        try:
            http = _Server(self._address, _Handler, self, family)
        except OSError as error:
            host, port = self._address[0], self._address[1]
            # The port is the usual culprit (in use, or privileged); a name that does not resolve is the host.
            hint = (
                "pass port=0 for a free port"
                if isinstance(error, PermissionError) or error.errno in (errno.EADDRINUSE, errno.EACCES)
                else "pass a local address such as 127.0.0.1 or ::1 as host"
            )
            raise OSError(
                error.errno, f"cannot listen on {host} port {port}: {error.strerror or error}; {hint}"
            ) from None
        self._http = http
        self._loop = threading.Thread(
            target=http.serve_forever, args=(STOP_POLL_SECONDS,), name="ssm-incidents-fake", daemon=True
        )
        self._loop.start()
        # In this process, as with a stub or a fake, no ssm-incidents request may reach AWS:
        # only those bound for this server (or answered by a fake) get through.
        try:
            gate.acquire(self, server=self.endpoint_url)
        except BaseException:
            self.stop()  # all or nothing: no thread and no port left behind
            raise
        return self

    def stop(self) -> None:
        """Stop serving, close every connection and join every thread; safe to call twice."""
        http, self._http = self._http, None
        if http is None:
            return
        gate.release(self)
        http.stopping.set()  # a stalled "read timeout" gives up at once
        http.shutdown()
        http.close_connections()
        http.server_close()  # joins the connection threads
        if self._loop is not None:
            self._loop.join()
            self._loop = None

    def __enter__(self) -> IncidentsServer:
        return self.start()

    @property
    def endpoint_url(self) -> str:
        """``http://host:port``, the endpoint to give clients (the server must be started)."""
        if self._http is None:
            raise RuntimeError("the server is not started; call start() or use it in a with block")
        host, port = self._http.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The variables that send any AWS SDK or the AWS CLI here, with fake credentials.

        Alone they are no environment a program can start in (no ``PATH``, no ``HOME``):
        pass ``base`` (usually ``os.environ``) to get it whole, for a subprocess's ``env``.
        Its own ``AWS_*`` variables are left out: an ``AWS_PROFILE`` or a role to assume
        would send the SDK to a profile the empty config file does not have, or elsewhere.
        """
        if base is not None and not isinstance(base, Mapping):
            raise TypeError(f"environment(base={model.show(base)}): pass a mapping of variables such as os.environ")
        kept = dict(base or {})
        for name, value in kept.items():
            if not isinstance(name, str) or not isinstance(value, str):
                raise TypeError(
                    f"environment(base=...): {model.show(name)}: {model.show(value)} is not a variable; "
                    f"names and values are str, as in os.environ"
                )
        kept = {name: value for name, value in kept.items() if not name.upper().startswith("AWS_")}
        if base is not None:  # a proxy the user's programs go through must not stand between them and here
            kept.update(without_proxy(self.endpoint_url, kept))
        return {**kept, **clients.fake_environment(self.region), "AWS_ENDPOINT_URL_SSM_INCIDENTS": self.endpoint_url}


def without_proxy(endpoint_url: str, environment: Mapping[str, str]) -> dict[str, str]:
    """``NO_PROXY`` and ``no_proxy`` for ``environment``, with the endpoint's host added to both.

    A user's ``HTTP_PROXY`` would otherwise carry requests for the local server to a proxy.
    Both spellings get the entries of both: Python and curl read the lower-case one first,
    Go the upper-case one, so a user's entries in either must survive in each. A ``*``
    (every host bypasses the proxy already) is left as it is. The host is written as its
    URL has it, and an IPv6 address bare too ("[::1]" is what botocore matches, "::1" curl).
    """
    names = ("NO_PROXY", "no_proxy")
    given = {name: environment[name] for name in names if name in environment}
    if any(value.strip() == "*" for value in given.values()):
        return given
    host = urllib.parse.urlsplit(endpoint_url).hostname or ""
    ours = [f"[{host}]", host] if ":" in host else [host]
    users = [entry.strip() for value in given.values() for entry in value.split(",")]
    merged = ",".join(dict.fromkeys(entry for entry in (*users, *ours) if entry))
    return dict.fromkeys(names, merged)


class _Server(ThreadingHTTPServer):
    """A threading HTTP server that knows its connections, so it can close them all."""

    daemon_threads = False  # joined by server_close: nothing outlives stop()
    block_on_close = True
    allow_reuse_address = True
    # socketserver's default backlog is 5: a burst of new connections (an SDK's Promise.all
    # fanning out) overflowed it, and the kernel dropped handshakes the clients retried
    # seconds later, or reset. As many as the system allows instead.
    request_queue_size = socket.SOMAXCONN

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], owner: IncidentsServer, family: int
    ) -> None:
        self.address_family = family
        self.owner = owner
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up is no failure of the fake: nothing to print. A burst of such
        # tracebacks filled a stderr pipe that nobody read, and the thread writing them blocked.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Wake every connection thread (idle keep-alive ones too): they see the end of their stream."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its client
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer (headers and body buffered, flushed after each request) and no
    # Nagle delay: otherwise each keep-alive answer waits ~40 ms for a delayed ACK.
    wbufsize = -1
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        return  # the calls are recorded; stderr stays quiet

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def handle_expect_100(self) -> bool:
        # Framing the body cannot be read with is refused before the client is told to send it.
        try:
            self._framing()
        except ValueError as error:
            self._refuse(error)
            return False
        # The client holds its body back until this interim answer arrives: send it now,
        # not with the final answer that the buffered writer would otherwise wait for.
        super().handle_expect_100()
        self.wfile.flush()
        return True

    def _handle(self) -> None:
        try:
            self._answer()
        except OSError:  # the client's connection failed (reset, broken pipe): nothing to answer
            self.close_connection = True
        except Exception as error:  # any failure of ours: the client must still get an answer
            self._fail(error)

    def _fail(self, error: Exception) -> None:
        """A failure of the fake itself: a 500, as AWS answers its own, never a dropped connection.

        The traceback goes to stderr, where pytest shows it with the test that made the call.
        """
        traceback.print_exception(error, file=sys.stderr)
        self.close_connection = True
        message = (
            f"the fake failed to answer this request: {type(error).__name__}: {str(error)[:300]}. "
            "This is a bug in ssmincidents_stub: please report it with the request"
        )
        info = model.error_info("InternalServerException")  # modeled for every operation
        status = info.http_status if info is not None else HTTPStatus.INTERNAL_SERVER_ERROR
        headers = payloads.wire_headers(payloads.next_request_id(), "InternalServerException")
        with contextlib.suppress(Exception):  # the answer may be half sent: then closing is all that is left
            self._send(status, headers, json.dumps({"message": message}).encode("utf-8"))

    def _answer(self) -> None:
        try:
            body = self._body()
            path, _, query = _origin_form(self.path).partition("?")
        except ValueError as error:
            self._refuse(error)
            return
        owner = self.server.owner
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            status, answer = _control(owner, self.command, path[len(CONTROL_PREFIX) :], query, body)
            self._send_json(status, answer)
            return
        request = wire.HttpRequest(self.command, path, query, self.headers, body)
        try:
            reply = owner._responder.answer(request)
        except UnservedOperationError as error:  # an operation a newer SDK knows: say so, loudly
            self._send_json(501, {"message": str(error)})
            return
        except faults.TransportFault as fault:
            self._drop(fault)
            return
        self._send(reply.status, reply.headers, reply.body)

    def _refuse(self, error: ValueError) -> None:
        """A 400 for a request that cannot be read; what is left of it cannot be told from the next one, so close."""
        self.close_connection = True
        self._send_json(400, {"message": str(error)})

    def _drop(self, fault: faults.TransportFault) -> None:
        """No answer: a read timeout first holds the connection silent, then both close it."""
        if fault.kind == faults.READ_TIMEOUT:
            self.server.stopping.wait(self.server.owner.stall_seconds)
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _framing(self) -> tuple[list[str], int]:
        """How the body is framed, from the headers alone: (transfer codings, Content-Length).

        With transfer codings the last is chunked and the length is unused. A framing that
        cannot be read is a ``ValueError`` saying why.
        """
        transfer_encoding = ", ".join(self.headers.get_all("Transfer-Encoding") or [])
        codings = [coding.strip().lower() for coding in transfer_encoding.split(",") if coding.strip()]
        if codings:
            shown = model.show(transfer_encoding, 80)
            if codings[-1] != "chunked":  # RFC 9112 6.3
                raise ValueError(
                    f"Transfer-Encoding {shown} does not end in chunked, so the body has no length; "
                    "send it chunked or with a Content-Length"
                )
            if "chunked" in codings[:-1]:  # RFC 9112 6.1
                raise ValueError(f"Transfer-Encoding {shown} applies chunked more than once; it may come once, last")
            if "Content-Length" in self.headers:
                # RFC 9112 6.3: the codings frame the body, and the connection closes after it,
                # since a client that sends both cannot be trusted about where the next request starts.
                self.close_connection = True
            return codings, 0
        declared = self.headers.get("Content-Length") or "0"
        # Checked before int(), which takes "²" and control characters and refuses 4,301 digits.
        digits = re.fullmatch(r"[ \t]*0*([0-9]+)[ \t]*", declared)
        if digits is None:
            raise ValueError(f"Content-Length {declared!r} is not a whole number of bytes")
        if len(digits[1]) > len(str(MAX_BODY)) or int(digits[1]) > MAX_BODY:
            raise ValueError(f"Content-Length {model.show(declared, 40)} is larger than {MAX_BODY} bytes")
        return [], int(digits[1])

    def _body(self) -> bytes:
        codings, length = self._framing()
        if not codings:
            return self.rfile.read(length)
        body = self._chunked_body()
        for coding in reversed(codings[:-1]):
            body = _decompressed(body, coding)
        return body

    def _chunked_body(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";")[0].strip()
            if not size_line or any(digit not in b"0123456789abcdefABCDEF" for digit in size_line):
                raise ValueError(f"chunk size {size_line.decode('latin-1')!r} is not a hexadecimal number of bytes")
            size = int(size_line, 16)
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise ValueError(f"a chunked request body larger than {MAX_BODY} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)  # the CRLF after each chunk

    def _send_json(self, status: int, document: Any) -> None:
        """The server's own answers: the control API's, and errors no service answer covers."""
        self._send(status, {"content-type": "application/json"}, json.dumps(document).encode("utf-8"))

    def _send(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.send_response_only(status)
        dated = False
        for name, value in headers.items():
            lowered = name.lower()
            dated = dated or lowered == "date"
            if lowered not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        if not dated:  # the server's own answers
            self.send_header("Date", self.date_time_string())
        if self.close_connection:
            self.send_header("Connection", "close")
        elif self.request_version == "HTTP/1.0":  # RFC 9112 C.2.2: persistence must be announced to 1.0 clients
            self.send_header("Connection", "keep-alive")
        has_body = status >= 200 and status not in (204, 304)  # the others never have one (RFC 9110)
        if has_body:  # no HEAD route exists: http.server answers HEAD with 501 itself
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if has_body:
            self.wfile.write(body)


def _origin_form(target: str) -> str:
    """The path and query of a request target; a proxy's absolute form has the server's address first."""
    if target[:8].lower().startswith(("http://", "https://")):
        try:
            parts = urllib.parse.urlsplit(target)
        except ValueError as error:
            raise ValueError(f"the request target {model.show(target, 80)} is not a URL: {error}") from None
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return target


_WINDOW_BITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def _decompressed(body: bytes, coding: str) -> bytes:
    """A body sent with a compressing transfer coding before chunked, decoded (at most ``MAX_BODY``).

    gzip may hold several members one after another (RFC 1952); anything else after the
    end of the data is an error, not something to drop.
    """
    window = _WINDOW_BITS.get(coding)
    if window is None:
        raise ValueError(f"transfer coding {model.show(coding, 40)} is not one this server reads: gzip, deflate")
    decoded = b""
    rest = body
    while True:
        decoder = zlib.decompressobj(window)
        try:
            decoded += decoder.decompress(rest, MAX_BODY + 1 - len(decoded))
        except zlib.error as error:
            raise ValueError(f"the request body is not {coding}: {error}") from None
        if len(decoded) > MAX_BODY:
            raise ValueError(f"a {coding} request body that decodes to more than {MAX_BODY} bytes")
        if not decoder.eof:
            raise ValueError(f"the request body is not {coding}: it ends early")
        rest = decoder.unused_data
        if not rest:
            return decoded
        if coding == "deflate":  # only gzip has members one after another
            raise ValueError(f"the request body is not {coding}: {len(rest)} bytes follow the end of its data")


# ---------------------------------------------------------------- the control API


def _control(owner: IncidentsServer, method: str, path: str, query: str, body: bytes) -> tuple[int, Any]:
    """One control request: (status, JSON answer). Bad input is a 400 naming what was wrong."""
    route = _ROUTES.get((method, path.rstrip("/") or "/"))
    if route is None:
        known = ", ".join(f"{m} {CONTROL_PREFIX}{p}" for m, p in _ROUTES)
        return 404, {"message": f"no control route {method} {CONTROL_PREFIX}{path}; routes: {known}"}
    where = f"{method} {CONTROL_PREFIX}{path}"
    parameters = urllib.parse.parse_qs(query, keep_blank_values=True)
    taken = _QUERY_PARAMETERS.get(route, ())
    unknown = [name for name in parameters if name not in taken]
    if unknown:  # a misspelt filter would otherwise be ignored, and every call match it
        named = ", ".join(model.show(name, 80) for name in unknown[:5])
        return 400, {"message": f"unknown query parameter(s) {named} of {where}; it takes {', '.join(taken) or 'none'}"}
    try:
        document = json.loads(body) if body.strip() else {}
    except (ValueError, RecursionError) as error:  # a body that is not UTF-8 is a ValueError too
        detail = "it is nested too deeply" if isinstance(error, RecursionError) else str(error)
        return 400, {"message": f"the body of {where} is not JSON: {detail}"}
    if not isinstance(document, dict):
        return 400, {"message": f"the body of {where} must be a JSON object, got {model.show(document, 80)}"}
    try:
        return 200, route(owner, document, parameters)
    except (ValueError, TypeError) as error:
        return 400, {"message": str(error)}
    except RecursionError:
        return 400, {"message": f"the body of {where} is nested too deeply"}


def _typed(document: Mapping[str, Any], shape_name: str) -> dict[str, Any]:
    """JSON members of ``shape_name`` as Python values: timestamps, blobs (strings stay strings)."""
    shape: Any = model.shape(shape_name)
    unknown = sorted(name for name in document if name not in shape.members)
    if unknown:
        raise ValueError(
            f"unknown member(s) {', '.join(unknown)} of {shape_name}; its members: {', '.join(shape.members)}"
        )
    # Nested unknown members are kept: the builder's model check names them with their path.
    converted: dict[str, Any] = wire.from_json(dict(document), shape, "")
    converted.update({name: None for name, value in document.items() if value is None})  # None removes a member
    return converted


def _only(document: Mapping[str, Any], what: str, members: tuple[str, ...]) -> None:
    """Refuse members ``what`` does not take: a misspelt one would otherwise be ignored, silently."""
    unknown = [name for name in document if name not in members]
    if unknown:
        named = ", ".join(model.show(name, 80) for name in unknown[:5])
        takes = f"it takes {', '.join(members)}" if members else "it takes no members"
        raise ValueError(f"unknown member(s) {named} of {what}; {takes}")


def _json(value: Any, shape_name: str) -> Any:
    return wire.to_wire(value, model.shape(shape_name))


def _call_json(call: Call) -> dict[str, Any]:
    op = model.operation_model(call.operation)
    params = wire.to_wire(call.params, op.input_shape) if op.input_shape is not None else {}
    return {
        "operation": call.operation,
        "method": call.method,
        "params": params,
        "attempt": call.attempt,
        "status": call.status,
        "errorCode": call.error_code,
        "body": call.body,
    }


def _put_record(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    return _json(owner.put_incident_record(**_typed(document, "IncidentRecord")), "IncidentRecord")


def _needs_an_incident(owner: IncidentsServer, document: Mapping[str, Any], what: str) -> None:
    """put_timeline_event's and put_finding's advice is Python's: give it in the control API's terms."""
    if document.get("incidentRecordArn") is None and owner._responder.service.latest_record_arn() is None:
        raise ValueError(
            f"{what} needs an incident to belong to, and the fake holds none: POST one to "
            f'{CONTROL_PREFIX}/incident-records first, or pass "incidentRecordArn"'
        )


def _put_event(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    with owner._responder.lock:  # the incident checked for is the one the event goes to
        _needs_an_incident(owner, document, "a timeline event")
        return _json(owner.put_timeline_event(**_typed(document, "TimelineEvent")), "TimelineEvent")


def _put_plan(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    tags = document.pop("tags", None)  # put_response_plan checks them: [] or "" is no map of tags
    plan = owner.put_response_plan(
        **_typed(document, "GetResponsePlanOutput"), **({} if tags is None else {"tags": tags})
    )
    return _json(plan, "GetResponsePlanOutput")


def _put_replication_set(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    return _json(owner.put_replication_set(**_typed(document, "ReplicationSet")), "ReplicationSet")


def _put_finding(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    with owner._responder.lock:
        _needs_an_incident(owner, document, "a finding")
        arn = document.pop("incidentRecordArn", None)
        return _json(owner.put_finding(incidentRecordArn=arn, **_typed(document, "Finding")), "Finding")


# fail_next's keywords, as a fault's JSON members are named.
_FAULT_MEMBERS = {"http_status_code": "httpStatusCode", "times": "times", "message": "message"}


def _as_fault_members(text: str) -> str:
    """fail_next's message, with its keywords named as the control API's members.

    Only where fail_next writes them: leading the message ("times=0 is not ..."), and in
    its advice for an unmodeled code; a value the user sent is never rewritten.
    """
    for keyword, member in _FAULT_MEMBERS.items():
        if text.startswith(f"{keyword}="):
            text = f'"{member}": {text[len(keyword) + 1 :]}'
    return text.replace("pass http_status_code= as well", 'pass "httpStatusCode" as well')


def _fault(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    _only(document, "a fault", ("operation", "code", "times", "message", "httpStatusCode", "fields"))
    for member, example in (("operation", "get_incident_record"), ("code", "ThrottlingException")):
        if document.get(member) is None:  # fail_next's own advice (an ErrorPayload) is Python's
            raise ValueError(f'a fault needs "{member}", e.g. "{example}"')
    code = document["code"]
    if code in faults.TRANSPORT_FAULTS:
        operation = model.operation_model(document["operation"]).name
        plan = {"faults": [{"operation": xform_name(operation), "attempt": 1, "code": code}]}
        raise ValueError(
            f"code={code!r} is a transport fault, not an error answer: POST {CONTROL_PREFIX}/faults queues error "
            f"answers, and with one the connection gives none. Arm it with POST {CONTROL_PREFIX}/fault-plans "
            f"{json.dumps(plan)}"
        )
    fields = document.get("fields")
    fields = {} if fields is None else fields
    if not isinstance(fields, dict):
        raise TypeError(f"fields={model.show(fields)} is not an object of modeled error fields")
    if "message" in fields:
        raise ValueError("fields holds the error's modeled members; the message goes in the fault's own 'message'")
    fields = {name: value for name, value in fields.items() if value is not None}  # a JSON null: left out
    error_info = model.error_info(document["code"]) if isinstance(document.get("code"), str) else None
    if error_info is not None:  # JSON to Python values (retryAfter is a timestamp); fail_next names the rest
        members = {name: value for name, value in fields.items() if name in error_info.members}
        fields = {**fields, **wire.from_json(members, error_info.shape, "fields")}
    try:
        error = owner.fail_next(
            document.get("operation"),  # type: ignore[arg-type]
            document.get("code"),  # type: ignore[arg-type]
            document.get("times", 1),
            message=document.get("message"),
            http_status_code=document.get("httpStatusCode"),
            **fields,
        )
    except (ValueError, TypeError) as refused:  # fail_next names its Python keywords: name the JSON members
        raise ValueError(_as_fault_members(str(refused))) from None
    return {
        "operation": error.operation,
        "code": error.code,
        "httpStatusCode": error.http_status,  # the request's name for it
        "message": error.message,
    }


def _raw(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    _only(document, "a raw response", ("operation", "body", "status", "headers"))
    body = document.get("body", "")
    owner.add_raw_response(
        document.get("operation"),  # type: ignore[arg-type]
        body if isinstance(body, (str, dict)) else json.dumps(body),
        status=document.get("status", 200),
        headers=document.get("headers"),
    )
    return {"pending": owner.pending}


def _fault_plan(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    _only(document, "a fault plan", ("faults", "plan"))
    if "plan" in document:  # the sentence its answer, Hypothesis and FaultPlan's repr write
        if "faults" in document:
            raise ValueError('a fault plan is "plan" (its sentence) or "faults" (a list), not both')
        sentence = document["plan"]
        if not isinstance(sentence, str):
            raise TypeError(
                f"plan={model.show(sentence)} is not a sentence such as "
                "'get_incident_record attempt 1: read timeout' (faults separated by ';')"
            )
        plan = faults.FaultPlan.parse(sentence)
        owner.apply(plan)
        return {"plan": repr(plan)}
    entries = document.get("faults", [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise TypeError(f"faults={model.show(entries)} is not a list of {{operation, attempt, code}} objects")
    for entry in entries:
        _only(entry, "a planned fault", ("operation", "attempt", "code"))
    plan = faults.FaultPlan(
        tuple(
            faults.PlannedFault(
                model.operation_model(entry.get("operation")).name, entry.get("attempt", 1), entry.get("code")
            )
            for entry in entries
        )
    )
    owner.apply(plan)
    return {"plan": repr(plan)}


def _triggered(owner: IncidentsServer, _: dict[str, Any], __: Any) -> Any:
    return {"triggered": [fault.describe() for fault in owner.plan_triggered]}


def _calls(owner: IncidentsServer, _: dict[str, Any], query: dict[str, list[str]]) -> Any:
    calls = owner.calls
    if "operation" in query:  # repeated: the calls to any of them
        wanted = {model.operation_model(operation).name for operation in query["operation"]}
        calls = [call for call in calls if call.operation in wanted]
    return {"calls": [_call_json(call) for call in calls]}


def _pending(owner: IncidentsServer, _: dict[str, Any], __: Any) -> Any:
    return {"pending": owner.pending}


def _clock(owner: IncidentsServer, document: dict[str, Any], _: Any) -> Any:
    if set(document) != {"advanceSeconds"}:
        raise ValueError(
            f'the clock takes {{"advanceSeconds": <seconds>}} and nothing else, got {model.show(document, 120)}'
        )
    seconds = document["advanceSeconds"]
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 <= seconds <= 10**9:
        raise ValueError(f'"advanceSeconds": {model.show(seconds)} is not a number of seconds from 0 to 1e9')
    owner.advance_clock(seconds)
    return {"now": owner.now.timestamp()}


def _now(owner: IncidentsServer, _: dict[str, Any], __: Any) -> Any:
    return {"now": owner.now.timestamp()}


def _reset(owner: IncidentsServer, document: dict[str, Any], __: Any) -> Any:
    _only(document, "a reset", ())
    owner.reset()
    return {"reset": True}


def _health(owner: IncidentsServer, _: dict[str, Any], __: Any) -> Any:
    return {
        "status": "ok",
        "region": owner.region,
        "account": owner.account,
        "endpointUrl": owner.endpoint_url,
        "stallSeconds": owner.stall_seconds,
    }


Route = Callable[[IncidentsServer, dict[str, Any], dict[str, list[str]]], Any]
_ROUTES: dict[tuple[str, str], Route] = {
    ("GET", "/health"): _health,
    ("POST", "/reset"): _reset,
    ("POST", "/incident-records"): _put_record,
    ("POST", "/timeline-events"): _put_event,
    ("POST", "/response-plans"): _put_plan,
    ("POST", "/replication-set"): _put_replication_set,
    ("POST", "/findings"): _put_finding,
    ("POST", "/faults"): _fault,
    ("POST", "/raw-responses"): _raw,
    ("POST", "/fault-plans"): _fault_plan,
    ("GET", "/fault-plans"): _triggered,
    ("GET", "/calls"): _calls,
    ("GET", "/pending"): _pending,
    ("POST", "/clock"): _clock,
    ("GET", "/clock"): _now,
}
# The query parameters each route takes; any other is refused.
_QUERY_PARAMETERS: dict[Route, tuple[str, ...]] = {_calls: ("operation",)}


# ---------------------------------------------------------------- the console script


_EPILOG = f"""\
It prints its URL (e.g. http://127.0.0.1:43117) on the first line of its standard
output once it listens, and serves until SIGINT or SIGTERM (or, with
--stop-when-stdin-closes, until its standard input closes: started with a pipe there,
it stops when the test runner that started it exits, even killed). Point a client at it with
AWS_ENDPOINT_URL_SSM_INCIDENTS=<URL>, and give the client fake credentials
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) and a region in both AWS_DEFAULT_REGION
(botocore, boto3, the AWS CLI) and AWS_REGION (the JavaScript SDK v3). Tests seed
records, queue faults, arm fault plans, read the calls, move the clock and reset with
JSON over HTTP under <URL>{CONTROL_PREFIX}/ (GET <URL>{CONTROL_PREFIX}/nowhere lists the
routes). It holds one state: tests that run in parallel need a server each. A planned
read timeout holds the connection silent for --stall-seconds (default 10): give the
client a shorter read timeout.
"""

_MAX_STALL_SECONDS = 3600


def main(argv: list[str] | None = None) -> int:
    """``ssm-incidents-fake``: serve until interrupted, printing the endpoint URL first."""
    parser = argparse.ArgumentParser(
        prog="ssm-incidents-fake",
        description="A fake AWS Incident Manager (ssm-incidents) over HTTP, for tests in any language.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: 0, any free port)")
    parser.add_argument("--region", default=DEFAULT_REGION, help=f"region of its ARNs (default: {DEFAULT_REGION})")
    parser.add_argument(
        "--account",
        default=facts.EXAMPLE_ACCOUNT,
        help=f"AWS account its ARNs name, 12 digits (default: {facts.EXAMPLE_ACCOUNT})",
    )
    parser.add_argument(
        "--stall-seconds",
        type=float,
        default=10.0,
        help="how long a planned read timeout holds the connection silent (default: 10)",
    )
    parser.add_argument(
        "--stop-when-stdin-closes",
        action="store_true",
        help="also stop at the end of standard input (give it a pipe: it closes when the process that "
        "started the server exits, however it exits, so no server outlives its test run)",
    )
    arguments = parser.parse_args(argv)
    # Named as the options are: the server's own messages name its Python keywords.
    if not 0 <= arguments.port <= 65535:
        parser.exit(
            2, f"ssm-incidents-fake: --port {arguments.port} is not a TCP port (0-65535; --port 0 picks a free one)\n"
        )
    if not 0 <= arguments.stall_seconds <= _MAX_STALL_SECONDS:  # also refuses nan
        parser.exit(
            2,
            f"ssm-incidents-fake: --stall-seconds {arguments.stall_seconds} is not a number of seconds "
            f"from 0 to {_MAX_STALL_SECONDS}\n",
        )
    try:
        server = IncidentsServer(
            host=arguments.host, port=arguments.port, region=arguments.region, account=arguments.account
        )
        server.stall_seconds = arguments.stall_seconds
        server.start()
    except (ValueError, OSError) as error:
        message = str(error).replace("pass port=0 ", "pass --port 0 ").replace(" as host", " as --host")
        message = message.replace("account=", "--account ")
        parser.exit(2, f"ssm-incidents-fake: {message}\n")
    stopped = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stopped.set())
    if arguments.stop_when_stdin_closes:
        # A daemon thread: the process ends with the server, whatever this thread is reading.
        threading.Thread(target=_set_at_end_of_stdin, args=(stopped,), name="stdin watch", daemon=True).start()
    print(server.endpoint_url, flush=True)
    try:
        stopped.wait()
    finally:
        server.stop()
    return 0


def _set_at_end_of_stdin(stopped: threading.Event) -> None:
    """Read standard input (and drop it) to its end, then say so and set ``stopped``."""
    with contextlib.suppress(OSError, ValueError):  # no stdin at all, or a closed one: the end too
        while os.read(sys.stdin.fileno(), 65536):  # whatever arrives, as it arrives
            pass
    # Said, not silent: a shell's background job has /dev/null as its standard input, and a
    # server that stopped at once without a word looked like one that never started.
    print(
        "ssm-incidents-fake: standard input closed, so it stops (--stop-when-stdin-closes; "
        "a background job's standard input is /dev/null)",
        file=sys.stderr,
        flush=True,
    )
    stopped.set()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
