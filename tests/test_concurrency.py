"""Many threads at once: one fake, one server, one gate, one client pool.

Users' code calls AWS from threads (``ThreadPoolExecutor`` fan-outs, background
workers, a web app under test on a threaded server). Each test here forces the
interleaving it is about with barriers, events, or an object whose method blocks at a
chosen point, rather than hoping the scheduler finds it; every join and wait has a
generous timeout, so a regression fails instead of hanging, and every thread a test
starts is joined before it ends, pass or fail.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import boto3
import botocore.endpoint
import botocore.session
import botocore.waiter
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssmincidents_stub import (
    BlockedRequestError,
    FaultPlan,
    IncidentsFake,
    IncidentsServer,
    IncidentsStub,
    clients,
    gate,
    payloads,
)

WAIT = 30.0  # seconds: any wait that takes this long is a hang, not a slow machine
ORIGINAL_ENDPOINT = dict(vars(botocore.endpoint.Endpoint))
ORIGINAL_CREATE_CLIENT = vars(botocore.session.Session)["create_client"]
ORIGINAL_WAIT = vars(botocore.waiter.Waiter)["wait"]
ENDPOINT_MODULE: Any = botocore.endpoint
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


class Threads:
    """Threads a test starts: each one's result or exception, and all joined, pass or fail."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self.outcomes: dict[int, Any] = {}

    def start(self, target: Callable[[], Any], name: str | None = None) -> int:
        index = len(self._threads)

        def run() -> None:
            try:
                self.outcomes[index] = target()
            except BaseException as error:  # reported by results(), not lost in the thread
                self.outcomes[index] = error

        thread = threading.Thread(target=run, name=name or f"test-worker-{index}", daemon=True)
        self._threads.append(thread)
        thread.start()
        return index

    def join(self) -> None:
        for thread in self._threads:
            thread.join(timeout=WAIT)
        hung = [thread.name for thread in self._threads if thread.is_alive()]
        assert not hung, f"threads still running after {WAIT} s: {hung}"

    def results(self) -> list[Any]:
        """Every thread's result, in start order; the first exception any raised is raised here."""
        self.join()
        for index in range(len(self._threads)):
            if isinstance(self.outcomes.get(index), BaseException):
                raise self.outcomes[index]
        return [self.outcomes[index] for index in range(len(self._threads))]


@pytest.fixture
def threads() -> Iterator[Threads]:
    started = Threads()
    try:
        yield started
    finally:
        started.join()


@pytest.fixture
def fake() -> Iterator[IncidentsFake]:
    with IncidentsFake(assert_all_responses_used=False) as started:
        yield started


def _client(config: Config | None = None) -> Any:
    """A client of its own session: boto3's default session is not for sharing between threads."""
    return boto3.session.Session().client("ssm-incidents", config=config)


def _gate_is_open() -> bool:
    return (
        dict(vars(botocore.endpoint.Endpoint)) == ORIGINAL_ENDPOINT
        and vars(botocore.session.Session)["create_client"] is ORIGINAL_CREATE_CLIENT
        and vars(botocore.waiter.Waiter)["wait"] is ORIGINAL_WAIT
        and ENDPOINT_MODULE.time is time
        and gate.owners() == ()
    )


# ---------------------------------------------------------------- many threads through one fake


def test_many_threads_are_each_answered_once_and_logged_in_order(fake: IncidentsFake, threads: Threads) -> None:
    plans = [fake.put_response_plan(name=f"plan-{index}")["arn"] for index in range(8)]
    shared = _client()
    barrier = threading.Barrier(len(plans))

    def work(index: int) -> list[str]:
        client = shared if index % 2 else _client()  # clients shared between threads and made per thread
        barrier.wait(timeout=WAIT)
        started = []
        for _ in range(10):
            arn = client.start_incident(responsePlanArn=plans[index])["incidentRecordArn"]
            client.update_incident_record(arn=arn, status="RESOLVED")  # the next start is a new incident
            assert client.get_incident_record(arn=arn)["incidentRecord"]["status"] == "RESOLVED"
            started.append(arn)
        return started

    for index in range(len(plans)):
        threads.start(functools.partial(work, index))
    started = threads.results()

    every = [arn for arns in started for arn in arns]
    assert len(set(every)) == len(every) == 80
    calls = fake.calls
    assert len(calls) == 240 and all(call.error_code is None for call in calls)
    # The log is in the order the service answered: each thread's calls in its own order
    # (start, update, get of one incident, then the next), and each incident created later
    # than the one before it in the log (the service's clock ticks per request).
    for arns in started:
        mine = [(call.operation, _arn_of(call)) for call in calls if _arn_of(call) in arns]
        assert mine == [
            (operation, arn)
            for arn in arns
            for operation in ("StartIncident", "UpdateIncidentRecord", "GetIncidentRecord")
        ]
    created = [_arn_of(call) for call in calls if call.operation == "StartIncident"]
    listed = _client().list_incident_records()["incidentRecordSummaries"]
    by_creation = [summary["arn"] for summary in sorted(listed, key=lambda summary: summary["creationTime"])]
    assert by_creation == created
    assert len({summary["creationTime"] for summary in listed}) == len(listed)


def _arn_of(call: Any) -> str:
    if call.operation == "StartIncident":
        arn: str = json.loads(call.body)["incidentRecordArn"]
        return arn
    return str(call.params.get("arn"))


def test_one_client_token_creates_one_resource_however_many_threads_send_it(
    fake: IncidentsFake, threads: Threads
) -> None:
    plan = fake.put_response_plan(name="checkout")["arn"]
    barrier = threading.Barrier(8)

    def add_event() -> str:
        client = _client()
        barrier.wait(timeout=WAIT)
        event_id: str = client.create_timeline_event(
            incidentRecordArn=incident,
            eventTime="2024-01-01T00:00:00Z",
            eventType="Custom Event",
            eventData='"checked the dashboards"',
            clientToken="one-token",
        )["eventId"]
        return event_id

    incident = _client().start_incident(responsePlanArn=plan)["incidentRecordArn"]
    for _ in range(8):
        threads.start(add_event)
    answers = threads.results()
    assert len(set(answers)) == 1
    events = _client().list_timeline_events(incidentRecordArn=incident)["eventSummaries"]
    assert [event["eventId"] for event in events if event["eventType"] == "Custom Event"] == answers[:1]


def test_concurrent_starts_with_one_dedupe_string_open_one_incident(fake: IncidentsFake, threads: Threads) -> None:
    plan = fake.put_response_plan(name="checkout")["arn"]  # its template's dedupeString: "checkout-alarm"
    barrier = threading.Barrier(8)

    def start() -> str:
        client = _client()
        barrier.wait(timeout=WAIT)
        arn: str = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
        return arn

    for _ in range(8):
        threads.start(start)
    answers = threads.results()
    assert len(set(answers)) == 1
    summaries = _client().list_incident_records()["incidentRecordSummaries"]
    assert [summary["arn"] for summary in summaries if summary["status"] == "OPEN"] == answers[:1]


def test_paging_while_other_threads_write_neither_skips_nor_repeats(fake: IncidentsFake, threads: Threads) -> None:
    before = [fake.put_incident_record()["arn"] for _ in range(30)]
    plans = [fake.put_response_plan(name=f"plan-{index}")["arn"] for index in range(4)]
    writing = threading.Event()

    def write(plan: str) -> None:
        client = _client()
        writing.set()
        for _ in range(25):
            arn = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
            client.update_incident_record(arn=arn, status="RESOLVED")

    def page_through() -> list[str]:
        client = _client()
        assert writing.wait(timeout=WAIT)
        seen: list[str] = []
        for page in client.get_paginator("list_incident_records").paginate(PaginationConfig={"PageSize": 3}):
            seen.extend(summary["arn"] for summary in page["incidentRecordSummaries"])
        return seen

    for plan in plans:
        threads.start(functools.partial(write, plan))
    readers = [threads.start(page_through) for _ in range(3)]
    results = threads.results()
    for index in readers:
        seen = results[index]
        assert len(seen) == len(set(seen))  # nothing twice
        assert set(before) <= set(seen)  # nothing that was there all along missed


# ---------------------------------------------------------------- faults used up by concurrent calls


def test_each_queued_fault_is_used_exactly_once_by_concurrent_calls(fake: IncidentsFake, threads: Threads) -> None:
    arn = fake.put_incident_record()["arn"]
    fake.fail_next("get_incident_record", "ThrottlingException", times=5)
    fake.fail_next("get_incident_record", "InternalServerException", times=3)
    barrier = threading.Barrier(8)

    def call_four_times() -> list[str]:
        client = _client(NO_RETRIES)
        barrier.wait(timeout=WAIT)
        outcomes = []
        for _ in range(4):
            try:
                client.get_incident_record(arn=arn)
                outcomes.append("ok")
            except ClientError as error:
                outcomes.append(error.response["Error"]["Code"])
        return outcomes

    for _ in range(8):
        threads.start(call_four_times)
    outcomes = [outcome for outcomes in threads.results() for outcome in outcomes]
    assert sorted(outcomes) == sorted(["ThrottlingException"] * 5 + ["InternalServerException"] * 3 + ["ok"] * 24)
    assert fake.pending == []
    # The log shows the queue's order: every throttle answered before the first 500.
    codes = [call.error_code for call in fake.calls if call.error_code]
    assert codes == ["ThrottlingException"] * 5 + ["InternalServerException"] * 3


def test_a_plans_attempts_are_counted_per_operation_across_threads(fake: IncidentsFake, threads: Threads) -> None:
    """Attempt N of an operation is the Nth attempt of it the fake answers, from any thread or client."""
    arn = fake.put_incident_record()["arn"]
    fake.apply(
        FaultPlan.parse(
            "get_incident_record attempt 3: ThrottlingException 429; "
            "get_incident_record attempt 7: ThrottlingException 429; "
            "list_incident_records attempt 2: InternalServerException 500"
        )
    )
    barrier = threading.Barrier(6)

    def call(operation: str) -> list[str]:
        client = _client(NO_RETRIES)
        barrier.wait(timeout=WAIT)
        outcomes = []
        for _ in range(4):
            try:
                if operation == "get":
                    client.get_incident_record(arn=arn)
                else:
                    client.list_incident_records()
                outcomes.append("ok")
            except ClientError as error:
                outcomes.append(error.response["Error"]["Code"])
        return outcomes

    for index in range(6):
        threads.start(functools.partial(call, "get" if index % 2 else "list"))
    outcomes = [outcome for outcomes in threads.results() for outcome in outcomes]
    assert sorted(outcomes) == sorted(["ThrottlingException"] * 2 + ["InternalServerException"] + ["ok"] * 21)
    assert [fault.describe() for fault in fake.plan_triggered] in (
        [
            "get_incident_record attempt 3: ThrottlingException 429",
            "get_incident_record attempt 7: ThrottlingException 429",
            "list_incident_records attempt 2: InternalServerException 500",
        ],
        [
            "get_incident_record attempt 3: ThrottlingException 429",
            "list_incident_records attempt 2: InternalServerException 500",
            "get_incident_record attempt 7: ThrottlingException 429",
        ],
        [
            "list_incident_records attempt 2: InternalServerException 500",
            "get_incident_record attempt 3: ThrottlingException 429",
            "get_incident_record attempt 7: ThrottlingException 429",
        ],
    )
    # In the log, the faults sit exactly at the planned attempts of each operation.
    gets = [call.error_code for call in fake.calls if call.operation == "GetIncidentRecord"]
    lists = [call.error_code for call in fake.calls if call.operation == "ListIncidentRecords"]
    assert [index + 1 for index, code in enumerate(gets) if code] == [3, 7]
    assert [index + 1 for index, code in enumerate(lists) if code] == [2]


# ---------------------------------------------------------------- helpers that hold a thread at a chosen point


class Held:
    """A point where one thread stops until the test lets it go: ``entered``, then ``go``."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.go = threading.Event()

    def hold(self) -> None:
        self.entered.set()
        assert self.go.wait(timeout=WAIT), "the test never let this thread go"


class BlockingRecord(Mapping[str, Any]):
    """An incident record for ``put_incident_record`` whose first read stops at ``held``.

    The fake seeds under its lock, so the thread that seeds it holds the lock while it waits.
    """

    def __init__(self, record: dict[str, Any], held: Held) -> None:
        self._record = record
        self._held: Held | None = held

    def _first_read(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.hold()

    def __getitem__(self, key: str) -> Any:
        self._first_read()
        return self._record[key]

    def __iter__(self) -> Iterator[str]:
        self._first_read()
        return iter(self._record)

    def __len__(self) -> int:
        self._first_read()
        return len(self._record)


def _blocking_record(record: dict[str, Any], held: Held) -> Any:  # Any: put_incident_record takes a Mapping
    return BlockingRecord(record, held)


class WatchedLock:
    """Stands in for a responder's lock and tells when a thread had to wait for it."""

    def __init__(self, lock: Any) -> None:
        self._lock = lock
        self.contended = threading.Event()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(blocking=False):
            return True
        self.contended.set()
        acquired: bool = self._lock.acquire(blocking, timeout)
        return acquired

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *_: object) -> None:
        self.release()


def _until(*events: threading.Event) -> None:
    """Wait until any of ``events`` is set (each means the thread being watched got somewhere)."""
    for _ in range(int(WAIT * 100)):
        if any(event.is_set() for event in events):
            return
        events[0].wait(timeout=0.01)
    raise AssertionError(f"no thread got anywhere in {WAIT} s")


# ---------------------------------------------------------------- the fake's state: one change at a time


class _BackOffHeld(IncidentsFake):
    """A fake whose recording of a retry back-off (botocore's sleep) stops at ``held`` first."""

    def __init__(self, held: Held) -> None:
        super().__init__(assert_all_responses_used=False)
        self.held = held
        self.recorded = threading.Event()

    def record_sleep(self, seconds: float) -> None:
        self.held.hold()
        super().record_sleep(seconds)
        self.recorded.set()


def test_a_retry_back_off_in_one_thread_waits_for_a_change_another_is_making(threads: Threads) -> None:
    # Found in review: the back-off moved the service's clock and settled the replication
    # set outside the fake's lock, in the middle of another thread's request or seeding:
    # a tick lost, the clock's two readings apart, the replication set deleted under a lister.
    sleeping, seeding = Held(), Held()
    fake = _BackOffHeld(sleeping)
    with fake:
        arn = fake.put_incident_record()["arn"]
        fake.fail_next("get_incident_record", "ThrottlingException")
        client = _client()
        caller = threads.start(lambda: client.get_incident_record(arn=arn)["incidentRecord"]["arn"])
        assert sleeping.entered.wait(timeout=WAIT)  # attempt 1 was throttled; the back-off is next
        lock = fake._responder.lock = WatchedLock(fake._responder.lock)  # type: ignore[assignment]
        try:
            seeder = threads.start(
                lambda: fake.put_incident_record(_blocking_record(payloads.incident_record(title="seeded"), seeding))
            )
            assert seeding.entered.wait(timeout=WAIT)  # the seeder holds the fake, mid-change
            sleeping.go.set()
            _until(lock.contended, fake.recorded)
            assert not fake.recorded.is_set(), "the back-off changed the service while a seeding was half done"
        finally:
            sleeping.go.set()
            seeding.go.set()
        results = threads.results()
        assert results[caller] == arn
        assert results[seeder]["title"] == "seeded"
        assert len(fake.retry_sleeps) == 1


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
@pytest.mark.usefixtures("plain_aws_setup")
def test_server_reset_waits_for_a_change_in_progress_and_forgets_it(threads: Threads) -> None:
    seeding = Held()
    reset_done = threading.Event()
    with IncidentsServer(assert_all_responses_used=False) as server:
        lock = server._responder.lock = WatchedLock(server._responder.lock)  # type: ignore[assignment]

        def reset() -> None:
            server.reset()
            reset_done.set()

        try:
            threads.start(
                lambda: server.put_incident_record(_blocking_record(payloads.incident_record(title="seeded"), seeding))
            )
            assert seeding.entered.wait(timeout=WAIT)
            threads.start(reset)
            _until(lock.contended, reset_done)
            # Found in review: reset() swapped in a new service at once, and the seeding still
            # under way wrote into it without its lock, beside the requests it was answering.
            assert not reset_done.is_set(), "reset() did not wait for the seeding in progress"
        finally:
            seeding.go.set()
        threads.results()
        client = _server_client(server)
        assert client.list_incident_records()["incidentRecordSummaries"] == []
        assert server.calls[-1].operation == "ListIncidentRecords" and len(server.calls) == 1


def _server_client(server: IncidentsServer) -> Any:
    return boto3.session.Session().client(
        "ssm-incidents",
        endpoint_url=server.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="secret",
    )


# ---------------------------------------------------------------- the gate


class _HeldUrl(str):
    """A request URL whose first ``startswith`` (the gate asking "a local server's?") stops at ``held``."""

    held: Held | None = None

    def startswith(self, *args: Any) -> bool:
        held, type(self).held = type(self).held, None
        if held is not None:
            held.hold()
        return str.startswith(self, *args)


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_a_server_started_in_one_thread_while_another_thread_calls_the_fake(
    fake: IncidentsFake, threads: Threads
) -> None:
    # Found in review: the gate looked through its local servers while another thread added
    # one, and the call failed with "dictionary changed size during iteration".
    arn = fake.put_incident_record()["arn"]
    held = _HeldUrl.held = Held()
    client = _client()

    def held_url(request: Any, **_: Any) -> None:
        request.url = _HeldUrl(request.url)

    client.meta.events.register("before-send.ssm-incidents", held_url)
    with IncidentsServer(assert_all_responses_used=False):
        caller = threads.start(lambda: client.get_incident_record(arn=arn)["incidentRecord"]["arn"])
        try:
            assert held.entered.wait(timeout=WAIT)  # the call is inside the gate's look at the servers
            with IncidentsServer(assert_all_responses_used=False):
                held.go.set()
                assert threads.results()[caller] == arn
        finally:
            held.go.set()
            _HeldUrl.held = None


# ---------------------------------------------------------------- the client pool


def test_the_pool_lends_its_last_client_to_one_of_two_threads_and_a_new_one_to_the_other(
    threads: Threads, monkeypatch: pytest.MonkeyPatch
) -> None:
    region = "eu-central-1"
    first = clients.lease_client(region)
    clients.return_client(first)
    del first
    checked = Held()

    class HeldPool(list):  # type: ignore[type-arg]
        """The region's idle clients; the leaser's first look at them (is one left? take it) stops at ``checked``."""

        def _looked(self) -> None:
            if threading.current_thread().name == "leaser" and not checked.entered.is_set():
                checked.hold()

        def __len__(self) -> int:
            size = super().__len__()
            self._looked()
            return size

        def pop(self, *args: Any) -> Any:
            self._looked()
            return super().pop(*args)

    monkeypatch.setitem(clients._idle, region, HeldPool(clients._idle[region]))
    try:
        leaser = threads.start(lambda: clients.lease_client(region), name="leaser")
        assert checked.entered.wait(timeout=WAIT)  # it saw one idle client, and has not taken it yet
        mine = clients.lease_client(region)  # this thread takes it
    finally:
        checked.go.set()
    theirs = threads.results()[leaser]  # found in review: IndexError, pop from empty list
    assert theirs is not mine
    clients.return_client(mine)
    clients.return_client(theirs)


# ---------------------------------------------------------------- a fake stopped while other threads call it


class HeldServes:
    """Holds every answer of the fake until ``go``; ``arrived`` counts the attempts held."""

    def __init__(self, fake: IncidentsFake) -> None:
        self.arrived = threading.Semaphore(0)
        self.go = threading.Event()
        self._serve = fake.serve
        fake.serve = self.serve  # type: ignore[method-assign]

    def serve(self, request: Any) -> Any:
        self.arrived.release()
        assert self.go.wait(timeout=WAIT)
        return self._serve(request)

    def wait_for(self, count: int) -> None:
        for _ in range(count):
            assert self.arrived.acquire(timeout=WAIT), "an attempt never reached the fake"


def test_calls_in_flight_in_many_threads_finish_against_a_fake_stopped_in_another(
    threads: Threads, network_attempts: list[str]
) -> None:
    fake = IncidentsFake()
    fake.start()
    try:
        arn = fake.put_incident_record()["arn"]
        shared = _client()
        held = HeldServes(fake)
        callers = [
            threads.start(functools.partial((shared if index % 2 else _client()).get_incident_record, arn=arn))
            for index in range(6)
        ]
        held.wait_for(len(callers))
        stopped = threading.Event()

        def stop() -> None:
            fake.stop(wait=WAIT)  # not the default 5 s: a starved main thread must not outlast it
            stopped.set()

        threads.start(stop)
        _wait_until(lambda: gate.active_answerer() is None)  # the stopper took the fake off the gate
        assert not stopped.is_set()  # it waits for the calls in flight
        with pytest.raises(BlockedRequestError):  # a new call is blocked at once
            _client().get_incident_record(arn=arn)
        held.go.set()
        results = threads.results()
    finally:
        held.go.set()
        fake.stop()
    assert [results[index]["incidentRecord"]["arn"] for index in callers] == [arn] * 6
    assert network_attempts == []
    assert _gate_is_open()


def test_stragglers_in_many_threads_are_blocked_and_the_last_one_out_opens_the_gate(
    threads: Threads, network_attempts: list[str]
) -> None:
    fake = IncidentsFake(assert_all_responses_used=False)
    fake.start()
    try:
        arn = fake.put_incident_record()["arn"]
        fake.fail_next("get_incident_record", "ThrottlingException", times=4)  # each caller's attempt 1
        held = HeldServes(fake)
        retrying = Config(retries={"mode": "standard", "total_max_attempts": 3})
        for _ in range(4):
            threads.start(lambda: _client(retrying).get_incident_record(arn=arn))
        held.wait_for(4)
        fake.stop(wait=0.01)  # gives up waiting while every caller's attempt 1 is held
        assert not _gate_is_open()  # still shut: the stragglers' retries must not reach the network
        held.go.set()
        threads.join()
    finally:
        held.go.set()
        fake.stop()
    assert [type(threads.outcomes[index]) for index in range(4)] == [BlockedRequestError] * 4
    assert [call.status for call in fake.calls] == [429] * 4
    assert network_attempts == []
    assert _gate_is_open()


def test_threads_calling_in_a_loop_while_the_fake_stops_are_answered_or_blocked(
    threads: Threads, network_attempts: list[str]
) -> None:
    answered = threading.Barrier(5)

    def call_until_blocked(client: Any) -> tuple[int, BaseException]:
        count = 0
        while True:
            try:
                client.list_incident_records()
            except BaseException as error:
                return count, error
            count += 1
            if count == 1:
                answered.wait(timeout=WAIT)

    with IncidentsFake():
        made_under_it = [_client() for _ in range(4)]  # given the fake credentials
        for client in made_under_it:
            threads.start(functools.partial(call_until_blocked, client))
        answered.wait(timeout=WAIT)  # every thread has had an answer, and calls on
    results = threads.results()
    assert all(count >= 1 and isinstance(error, BlockedRequestError) for count, error in results), results
    assert network_attempts == []
    assert _gate_is_open()


# ---------------------------------------------------------------- owners started and stopped from other threads


def test_a_stub_and_a_fake_started_and_stopped_in_other_threads_leave_botocore_as_it_was(threads: Threads) -> None:
    steps = [threading.Event() for _ in range(4)]

    def stub_thread() -> None:
        stub = IncidentsStub()
        stub.activate()
        steps[0].set()
        assert steps[1].wait(timeout=WAIT)
        stub.deactivate()
        steps[2].set()

    def fake_thread() -> str:
        assert steps[0].wait(timeout=WAIT)
        with IncidentsFake() as fake:
            steps[1].set()
            assert steps[2].wait(timeout=WAIT)  # the stub left first: the fake still answers
            arn = fake.put_incident_record()["arn"]
            answer: str = _client().get_incident_record(arn=arn)["incidentRecord"]["arn"]
        return answer

    threads.start(stub_thread)
    fake_index = threads.start(fake_thread)
    assert threads.results()[fake_index].startswith("arn:aws:ssm-incidents:")
    assert _gate_is_open()


@pytest.mark.usefixtures("plain_aws_setup")
def test_a_fake_started_after_a_worker_thread_answers_that_thread(threads: Threads) -> None:
    started = threading.Event()
    made_before = boto3.session.Session(
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="secret", region_name="us-east-1"
    ).client("ssm-incidents")

    def worker() -> list[str]:
        assert started.wait(timeout=WAIT)
        return [client.get_incident_record(arn=arn)["incidentRecord"]["arn"] for client in (made_before, _client())]

    index = threads.start(worker)  # running before the fake starts
    with IncidentsFake() as fake:
        arn = fake.put_incident_record()["arn"]
        started.set()
        assert threads.results()[index] == [arn, arn]
    assert _gate_is_open()


def _wait_until(condition: Callable[[], bool]) -> None:
    """Poll until ``condition`` holds: a thread reached a point, however slow the machine."""
    for _ in range(int(WAIT * 1000)):
        if condition():
            return
        threading.Event().wait(0.001)
    raise AssertionError(f"timed out after {WAIT} s waiting for another thread")


# ---------------------------------------------------------------- the server: handler threads share one service


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
@pytest.mark.usefixtures("plain_aws_setup")
def test_server_answers_every_client_while_another_thread_resets_and_seeds_it(threads: Threads) -> None:
    with IncidentsServer(assert_all_responses_used=False) as server:
        stop = threading.Event()
        barrier = threading.Barrier(5)
        codes: list[str] = []

        def call(index: int) -> int:
            client = _server_client(server)
            barrier.wait(timeout=WAIT)
            answered = 0
            while not stop.is_set() or answered < 20:
                try:
                    client.create_response_plan(
                        name=f"plan-{index}-{answered}", incidentTemplate={"title": "t", "impact": 3}
                    )
                    for summary in client.list_incident_records(maxResults=5)["incidentRecordSummaries"]:
                        client.get_incident_record(arn=summary["arn"])  # may be reset away meanwhile
                except ClientError as error:
                    codes.append(error.response["Error"]["Code"])
                answered += 1
            return answered

        def control() -> int:
            barrier.wait(timeout=WAIT)
            for _ in range(20):
                server.reset()
                for _ in range(3):
                    server.put_incident_record()
                server.fail_next("create_response_plan", "ThrottlingException")
                server.advance_clock(1)
            stop.set()
            return 0

        for index in range(4):
            threads.start(functools.partial(call, index))
        threads.start(control)
        threads.results()
        # What the controls queue, and a record the reset took: nothing else, never a 500.
        assert set(codes) <= {"ThrottlingException", "ResourceNotFoundException"}
        # The service's indexes agree with what it holds, whatever interleaved.
        listed = _server_client(server).list_response_plans()["responsePlanSummaries"]
        assert len(listed) == len({plan["arn"] for plan in listed})
        assert all(call.status < 500 for call in server.calls)
