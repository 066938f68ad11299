"""Nothing stray leaves the process: BlockedRequestError, calls in flight, and retry sleeps.

While a stub or a fake is active, an ssm-incidents request that nothing answers is
stopped at the send step. The proof watches the socket module itself (DNS lookups
and connections), not only pytest-socket, whose 0.7 releases let getaddrinfo through.
"""

from __future__ import annotations

import json
import os
import pathlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import botocore.endpoint
import botocore.session
import botocore.waiter
import pytest
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from ssmincidents_stub import BlockedRequestError, IncidentsFake, IncidentsStub, clients, gate

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"
ORIGINAL_ENDPOINT = dict(vars(botocore.endpoint.Endpoint))
ORIGINAL_CREATE_CLIENT = vars(botocore.session.Session)["create_client"]
ORIGINAL_WAIT = vars(botocore.waiter.Waiter)["wait"]


@pytest.fixture
def users_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine where the user's own clients find credentials and a region, as on a laptop.

    boto3's default session starts empty and ends as it was: one made here would keep
    these credentials for every later test of the process.
    """
    for name, value in clients.fake_environment("eu-west-1").items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)


def _botocore_client() -> Any:
    return botocore.session.Session().create_client("ssm-incidents")


CLIENT_MAKERS: dict[str, Callable[[], Any]] = {
    "botocore session": _botocore_client,
    # Found by a reviewer: a region given by position, even None, once raised a TypeError.
    "botocore session, by position": lambda: botocore.session.Session().create_client("ssm-incidents", None),
    # And with credentials given by position as None: nothing given, so still no lookup.
    "botocore session, None credentials by position": lambda: botocore.session.Session().create_client(
        "ssm-incidents", None, None, True, None, None, None, None, None
    ),
    "boto3.client": lambda: boto3.client("ssm-incidents"),
    "boto3.Session": lambda: boto3.Session().client("ssm-incidents"),
}


def test_the_spy_sees_what_a_real_call_does(users_environment: None, network_attempts: list[str]) -> None:
    # The control: with nothing active, the same call goes for DNS, and the spy sees it.
    client = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
    with pytest.raises(EndpointConnectionError):
        client.get_incident_record(arn=ARN)
    assert any(
        attempt.startswith("getaddrinfo('ssm-incidents.eu-west-1.amazonaws.com'") for attempt in network_attempts
    )


@pytest.mark.parametrize("maker", list(CLIENT_MAKERS))
def test_a_stub_blocks_every_other_client(users_environment: None, network_attempts: list[str], maker: str) -> None:
    with IncidentsStub() as stub:
        client = CLIENT_MAKERS[maker]()
        with pytest.raises(BlockedRequestError) as caught:
            client.get_incident_record(arn=ARN)
        assert stub.pending == []
    assert network_attempts == []
    assert str(caught.value) == (
        "blocked an ssm-incidents call that nothing answers: get_incident_record (GetIncidentRecord) from a "
        "client in region eu-west-1, bound for https://ssm-incidents.eu-west-1.amazonaws.com/getIncidentRecord. "
        "An IncidentsStub answers only its own client: pass the stub's client (the ssm_incidents_client "
        "fixture, or stub.client) to the code under test. To answer every ssm-incidents client in the "
        "process, made anywhere, use the ssm_incidents_fake fixture (IncidentsFake) instead."
    )
    assert caught.value.operation == "GetIncidentRecord" and caught.value.region == "eu-west-1"


def test_a_client_made_before_the_stub_and_another_thread_are_blocked(
    users_environment: None, network_attempts: list[str]
) -> None:
    early = boto3.client("ssm-incidents")
    outcome: list[BaseException] = []

    def call_from_a_thread() -> None:
        try:
            early.list_incident_records()
        except BaseException as error:
            outcome.append(error)

    with IncidentsStub():
        worker = threading.Thread(target=call_from_a_thread)
        worker.start()
        worker.join(timeout=30)
    assert [type(error) for error in outcome] == [BlockedRequestError]
    assert "list_incident_records (ListIncidentRecords)" in str(outcome[0])
    assert network_attempts == []


def test_a_blocked_call_is_not_retried(users_environment: None, network_attempts: list[str]) -> None:
    sleeps: list[float] = []
    with IncidentsStub():
        client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard", "max_attempts": 5}))
        client.meta.events.register("before-send", lambda **_: sleeps.append(1.0))
        with pytest.raises(BlockedRequestError):
            client.get_incident_record(arn=ARN)
    assert sleeps == [1.0]  # one attempt, not five


def test_the_fixture_stub_blocks_code_that_makes_its_own_client(downstream: pytest.Pytester) -> None:
    # The classic trap: the stub is active on ssm_incidents_client; the code makes its own.
    downstream.makepyfile(
        """
        import boto3, pytest
        from ssmincidents_stub import BlockedRequestError

        def fetch_title(arn):
            return boto3.client("ssm-incidents", region_name="us-east-1", aws_access_key_id="a",
                                aws_secret_access_key="b").get_incident_record(arn=arn)["incidentRecord"]["title"]

        def test_code_under_test_makes_its_own_client(ssm_incidents_stub):
            record = ssm_incidents_stub.add_incident_record()
            with pytest.raises(BlockedRequestError, match="pass the stub's client"):
                fetch_title(record["arn"])
            ssm_incidents_stub.client.get_incident_record(arn=record["arn"])
        """
    )
    downstream.runpytest().assert_outcomes(passed=1)


# ---------------------------------------------------------------- no credential lookup for clients made under a stub


def _access_key(client: Any) -> str:
    """The access key a client signs with."""
    return str(client._request_signer._credentials.access_key)


def test_the_helper_runs_when_nothing_is_active(bare_machine: pathlib.Path) -> None:
    # The control: the same client made with no stub active looks its credentials up.
    client = boto3.client("ssm-incidents", region_name="us-east-1")
    assert bare_machine.read_text() == "ran"
    assert _access_key(client) == "AKIAHELPER"


@pytest.mark.parametrize("maker", list(CLIENT_MAKERS))
def test_a_client_made_under_a_stub_looks_up_no_credentials(
    bare_machine: pathlib.Path, network_attempts: list[str], maker: str
) -> None:
    with IncidentsStub():
        client = CLIENT_MAKERS[maker]()
        with pytest.raises(BlockedRequestError, match="from a client in region us-east-1"):
            client.get_incident_record(arn=ARN)
    assert not bare_machine.exists()  # no credential helper ran
    assert network_attempts == []  # and no instance metadata was asked
    assert _access_key(client) == clients.FAKE_CREDENTIALS["aws_access_key_id"]


def test_under_a_stub_given_credentials_and_other_services_are_left_alone(bare_machine: pathlib.Path) -> None:
    with IncidentsStub():
        given = boto3.client(
            "ssm-incidents", region_name="eu-west-1", aws_access_key_id="AKIAGIVEN", aws_secret_access_key="s"
        )
        assert not bare_machine.exists()
        other = boto3.client("sts", region_name="eu-west-1")
        assert bare_machine.read_text() == "ran"  # another service's client looks up as usual
    assert _access_key(given) == "AKIAGIVEN"
    assert given.meta.region_name == "eu-west-1"
    assert _access_key(other) == "AKIAHELPER"


# ---------------------------------------------------------------- boto3's default session


def _session_key(session: Any) -> str:
    return str(session.get_credentials().access_key)


def test_a_stub_leaves_boto3s_default_session_to_the_user(
    users_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERSOWN")  # the user's, not the fake's
    boto3.setup_default_session()
    users = boto3.DEFAULT_SESSION
    with IncidentsStub():
        inside = boto3.client("ssm-incidents")
        assert boto3.DEFAULT_SESSION is users
    assert boto3.DEFAULT_SESSION is users
    assert _access_key(inside) == clients.FAKE_CREDENTIALS["aws_access_key_id"]  # nothing looked up
    assert _session_key(users) == "AKIAUSERSOWN"  # and nothing cached in the user's


def test_a_fake_sets_boto3s_default_session_aside_and_puts_it_back(
    users_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERSOWN")
    boto3.setup_default_session()
    users = boto3.DEFAULT_SESSION
    with IncidentsFake():
        inside = boto3.client("ssm-incidents")
        fakes = boto3.DEFAULT_SESSION
        assert fakes is not users
        boto3.setup_default_session(region_name="ap-south-1")  # the test's own, under fake settings
    assert boto3.DEFAULT_SESSION is users
    assert _access_key(inside) == clients.FAKE_CREDENTIALS["aws_access_key_id"]
    assert _session_key(users) == "AKIAUSERSOWN"
    with IncidentsFake(region="eu-central-1"):
        assert boto3.DEFAULT_SESSION is fakes  # one for every fake, never the test's own
        assert boto3.client("ssm-incidents").meta.region_name == "eu-central-1"


def test_the_fakes_credentials_do_not_reach_later_tests(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: a later test's boto3.client() signed with the fake's keys,
    # so results depended on test order and on xdist.
    downstream.makepyfile(
        """
        import os, boto3

        def test_first_uses_the_fake(ssm_incidents_fake):
            boto3.client("ssm-incidents").list_response_plans()

        def test_later_uses_its_own_settings(monkeypatch):
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERSOWN")
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-own")
            monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
            monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
            client = boto3.client("sts", region_name="eu-west-1")
            assert client._request_signer._credentials.access_key == "AKIAUSERSOWN"
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_default_session_set_under_one_fake_does_not_reach_the_next(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: the next fake adopted the session the test had set up.
    downstream.makepyfile(
        """
        import boto3

        def test_first_sets_its_own_default_session(ssm_incidents_fake):
            boto3.setup_default_session(region_name="ap-south-1")

        def test_later_fake_answers_in_its_region(ssm_incidents_fake):
            assert boto3.client("ssm-incidents").meta.region_name == "us-east-1"
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_monkeypatch_undone_after_the_fake_does_not_leak_its_session(downstream: pytest.Pytester) -> None:
    # monkeypatch is set up first, so it is undone last: it saves the fake's session and
    # sets it again after the fake has put the user's back.
    downstream.makepyfile(
        """
        import os, boto3

        def test_first_patches_under_the_fake(monkeypatch, ssm_incidents_fake):
            boto3.client("sts")  # another service's client: the session looks up the fake's keys
            monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)

        def test_later_uses_its_own_settings(monkeypatch):
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAUSERSOWN")
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-own")
            monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
            monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
            client = boto3.client("sts", region_name="eu-west-1")
            assert client._request_signer._credentials.access_key == "AKIAUSERSOWN"
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


LEAK_PROBES = """
    import os
    import pytest
    from ssmincidents_stub import IncidentsFake

    def aws():
        return {name: value for name, value in os.environ.items() if name.startswith("AWS_")}

    BEFORE = aws()

    def test_fake(monkeypatch, ssm_incidents_fake):
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "mine")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "mine-too")

    @pytest.mark.allow_hosts(["127.0.0.1", "::1"])
    def test_server(monkeypatch, ssm_incidents_server):
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSM_INCIDENTS", "http://elsewhere")

    def test_failing_under_the_fake(monkeypatch, ssm_incidents_fake):
        monkeypatch.setenv("AWS_SESSION_TOKEN", "mine")
        raise RuntimeError("the body fails")

    def test_a_region_changed_twice_ends_as_the_shell_had_it(monkeypatch):
        # Found by a reviewer: the shell's region equals the fake's, so only pytest knows
        # whose undo set it; the plugin leaves regions to the test's own teardown.
        monkeypatch.setenv("AWS_REGION", "eu-west-1")
        with IncidentsFake():
            monkeypatch.setenv("AWS_REGION", "eu-central-1")

    @pytest.fixture
    def own_settings(monkeypatch):
        monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)  # the fake's value too: still undone
        monkeypatch.setenv("AWS_PROFILE", "fixture-profile")
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "fixture-key")

    def test_fixture_settings_set_before_the_fake_are_undone_as_usual(own_settings, ssm_incidents_fake):
        os.environ["AWS_ACCESS_KEY_ID"] = "changed by the code under test"

    def test_later_sees_the_users_environment():
        assert aws() == BEFORE
"""


@pytest.mark.parametrize("session_wide_fake_settings", [False, True], ids=["plain", "ssm_incidents_fake_aws_env"])
def test_a_monkeypatch_undone_after_the_fake_or_server_does_not_leak_their_keys_or_endpoint(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, session_wide_fake_settings: bool
) -> None:
    # monkeypatch, set up first, saves the fake's values and restores them after the fake
    # has put the user's back: the fake's keys or the stopped server's endpoint would stay.
    monkeypatch.setenv("AWS_PROFILE", "users-profile")
    monkeypatch.setenv("AWS_REGION", "us-east-1")  # the same as the fake's
    if session_wide_fake_settings:
        downstream.makeini(
            "[pytest]\naddopts = --disable-socket -p no:cacheprovider\nssm_incidents_fake_aws_env = true\n"
        )
    downstream.makepyfile(LEAK_PROBES)
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=5, failed=1)


def test_the_users_own_session_is_what_a_stray_fake_session_gives_way_to(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import boto3

        boto3.setup_default_session(region_name="eu-west-2")
        USERS = boto3.DEFAULT_SESSION

        def test_first_saves_the_fakes_session(monkeypatch, ssm_incidents_fake):
            monkeypatch.setattr(boto3, "DEFAULT_SESSION", boto3.DEFAULT_SESSION)

        def test_later_has_the_users_session():
            assert boto3.DEFAULT_SESSION is USERS
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_boto3_imported_only_inside_the_first_fake_still_shares_its_session(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: code that imports boto3 lazily made the first example's own
    # session, with its own exception classes, and Hypothesis reported FlakyFailure.
    downstream.makepyfile(
        """
        from hypothesis import given, settings, strategies as st
        from ssmincidents_stub import IncidentsFake

        def fetch():
            import boto3
            from botocore.config import Config

            client = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
            client.get_incident_record(arn="arn:aws:ssm-incidents::111122223333:incident-record/p/1")

        @settings(max_examples=10, database=None)
        @given(st.integers(0, 1000))
        def test_every_example_throttled(n):
            with IncidentsFake() as fake:
                fake.fail_next("get_incident_record", "ThrottlingException")
                fetch()
        """
    )
    result = downstream.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    assert "FlakyFailure" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*ThrottlingException*"])


def test_the_gate_comes_off_with_the_last_owner() -> None:
    with IncidentsStub(), IncidentsFake():
        assert vars(botocore.endpoint.Endpoint)["_send"] is not ORIGINAL_ENDPOINT["_send"]
        assert vars(botocore.session.Session)["create_client"] is not ORIGINAL_CREATE_CLIENT
    assert dict(vars(botocore.endpoint.Endpoint)) == ORIGINAL_ENDPOINT
    assert vars(botocore.session.Session)["create_client"] is ORIGINAL_CREATE_CLIENT
    endpoint_module: Any = botocore.endpoint
    assert endpoint_module.time is time


def test_a_stub_guards_the_send_step_and_a_fake_joining_it_adds_its_own_patches(
    real_waits: list[tuple[str, float]],
) -> None:
    endpoint_module: Any = botocore.endpoint
    waiter_module: Any = botocore.waiter
    with IncidentsStub() as stub:
        # A stub only needs requests stopped and clients given fake credentials...
        assert vars(botocore.endpoint.Endpoint)["_send"] is not ORIGINAL_ENDPOINT["_send"]
        assert vars(botocore.session.Session)["create_client"] is not ORIGINAL_CREATE_CLIENT
        assert (vars(botocore.waiter.Waiter)["wait"], waiter_module.time) == (ORIGINAL_WAIT, time)
        # ...and, once it queues an answer a waiter polls, that waiter's delays recorded instead of slept.
        stub.add_response("get_replication_set")
        assert vars(botocore.waiter.Waiter)["wait"] is not ORIGINAL_WAIT
        assert waiter_module.time is not time
        stub.client.get_replication_set(arn="arn:aws:ssm-incidents::111122223333:replication-set/x")
        assert vars(botocore.endpoint.Endpoint)["_needs_retry"] is ORIGINAL_ENDPOINT["_needs_retry"]
        assert endpoint_module.time is time
        with IncidentsFake() as fake:
            assert vars(botocore.endpoint.Endpoint)["_needs_retry"] is not ORIGINAL_ENDPOINT["_needs_retry"]
            fake.fail_next("get_incident_record", "ThrottlingException")
            arn = fake.put_incident_record()["arn"]
            boto3.client("ssm-incidents", region_name="us-east-1").get_incident_record(arn=arn)
            assert len(fake.retry_sleeps) == 1  # the back-off passed on the fake's clock
            assert real_waits == []
        # The fake's own patches stay until the last owner leaves; then everything goes.
        assert vars(botocore.endpoint.Endpoint)["_needs_retry"] is not ORIGINAL_ENDPOINT["_needs_retry"]
    assert dict(vars(botocore.endpoint.Endpoint)) == ORIGINAL_ENDPOINT
    assert (endpoint_module.time, waiter_module.time) == (time, time)
    assert vars(botocore.waiter.Waiter)["wait"] is ORIGINAL_WAIT


# ---------------------------------------------------------------- calls in flight when the fake stops


class _HeldServe:
    """Holds the fake's answers until released, so a call can be caught in flight."""

    def __init__(self, fake: IncidentsFake) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self._serve = fake.serve
        fake.serve = self.serve  # type: ignore[method-assign]

    def serve(self, request: Any) -> AWSResponse:
        self.entered.set()
        assert self.release.wait(timeout=30)
        return self._serve(request)


def _in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Poll until ``condition`` holds: a thread reached a point, however slow the machine."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for another thread"
        time.sleep(0.001)


def test_a_second_answerer_is_told_which_fake_answers_and_to_stop_it(request: pytest.FixtureRequest) -> None:
    # Only gate.acquire itself can be asked this (IncidentsFake refuses a second fake first);
    # it said "another fake is already answering", naming neither the fake nor the way out.
    with IncidentsFake() as answering:
        second = IncidentsFake()
        owners = gate.owners()
        with pytest.raises(RuntimeError) as caught:
            gate.acquire(second, answerer=second)
        assert str(caught.value) == (
            f"another fake is already answering ssm-incidents requests: the IncidentsFake started in "
            f"{request.node.nodeid} (call); stop it first (call its stop(), or leave its with block), since one "
            f"fake answers every client in the process"
        )
        assert gate.owners() == owners and gate.active_answerer() is answering  # the refusal changed nothing
        record = answering.put_incident_record()
        assert boto3.client("ssm-incidents").get_incident_record(arn=record["arn"])["incidentRecord"] == record


def test_a_call_in_flight_finishes_against_the_stopping_fake(network_attempts: list[str]) -> None:
    fake = IncidentsFake()
    fake.start()
    record = fake.put_incident_record()
    held = _HeldServe(fake)
    client = boto3.client("ssm-incidents")
    caller, outcome = _in_thread(lambda: client.get_incident_record(arn=record["arn"]))
    assert held.entered.wait(timeout=30)
    stopper, _ = _in_thread(lambda: fake.stop(wait=30))  # not the default 5 s, which a slow machine could outlast
    _wait_until(lambda: gate.active_answerer() is None)  # the stopper took the fake off the gate
    assert stopper.is_alive()  # stop() waits for the call in flight
    with pytest.raises(BlockedRequestError):  # while a new call is blocked at once
        clients.new_client().get_incident_record(arn=record["arn"])
    held.release.set()
    caller.join(timeout=30)
    stopper.join(timeout=30)
    assert outcome[0]["incidentRecord"] == record
    assert network_attempts == []
    assert dict(vars(botocore.endpoint.Endpoint)) == ORIGINAL_ENDPOINT


def test_a_straggler_past_the_wait_is_blocked_not_sent(network_attempts: list[str]) -> None:
    fake = IncidentsFake(assert_all_responses_used=False)
    fake.start()
    fake.fail_next("get_incident_record", "ThrottlingException")
    held = _HeldServe(fake)
    client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard", "max_attempts": 3}))
    caller, outcome = _in_thread(lambda: client.get_incident_record(arn=ARN))
    assert held.entered.wait(timeout=30)
    fake.stop(wait=0.05)  # gives up waiting while attempt 1 is still held
    assert vars(botocore.endpoint.Endpoint)["_send"] is not ORIGINAL_ENDPOINT["_send"]  # still shut
    held.release.set()  # attempt 1 gets its 429; the retry must not reach the network
    caller.join(timeout=30)
    assert [type(result) for result in outcome] == [BlockedRequestError]
    assert [call.status for call in fake.calls] == [429]
    assert network_attempts == []
    assert dict(vars(botocore.endpoint.Endpoint)) == ORIGINAL_ENDPOINT  # the last straggler removed it


# ---------------------------------------------------------------- retry sleeps: only ssm-incidents' own


@pytest.fixture
def real_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, float]]:
    """Calls that reached the real time.sleep, by thread name; nothing actually sleeps."""
    slept: list[tuple[str, float]] = []
    monkeypatch.setattr(time, "sleep", lambda seconds: slept.append((threading.current_thread().name, seconds)))
    return slept


def _dynamodb_failing_once() -> Any:
    """A client of another service whose first attempt gets a 500, answered without any network."""
    client: Any = clients._session().create_client(
        "dynamodb",
        region_name="us-east-1",
        aws_access_key_id="a",
        aws_secret_access_key="b",
        config=Config(retries={"mode": "standard", "max_attempts": 2}),
    )
    answers = [
        (500, {"__type": "InternalServerError", "message": "boom"}),
        (200, {"TableNames": []}),
    ]

    class Raw:
        def __init__(self, body: bytes) -> None:
            self.body = body

        def stream(self, **_: Any) -> Iterator[bytes]:
            yield self.body

    def answer(request: Any, **_: Any) -> AWSResponse:
        status, body = answers.pop(0)
        headers: Any = {"content-type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, status, headers, Raw(json.dumps(body).encode()))

    client.meta.events.register("before-send.dynamodb", answer)
    return client


def test_another_services_retry_in_another_thread_sleeps_for_real(real_sleeps: list[tuple[str, float]]) -> None:
    other_slept = threading.Event()
    with IncidentsFake() as fake:
        record = fake.put_incident_record()
        fake.fail_next("get_incident_record", "ThrottlingException")
        record_sleep = fake.record_sleep

        def record_while_the_other_thread_retries(seconds: float) -> None:
            # Hold this ssm-incidents back-off open until the other thread has slept.
            other = threading.Thread(target=_dynamodb_failing_once().list_tables, name="other-service")
            other.start()
            other.join(timeout=30)
            other_slept.set()
            record_sleep(seconds)

        fake.record_sleep = record_while_the_other_thread_retries  # type: ignore[method-assign]
        boto3.client("ssm-incidents", config=Config(retries={"mode": "standard"})).get_incident_record(
            arn=record["arn"]
        )
    assert other_slept.is_set()
    assert [name for name, _ in real_sleeps] == ["other-service"]  # its sleep was real
    assert len(fake.retry_sleeps) == 1  # and only ssm-incidents' own back-off was recorded


def test_a_client_given_the_fake_credentials_never_sends_them_after_the_fake_stops() -> None:
    # Found by a reviewer: a client cached from a test (functools.cache, a worker thread) went
    # on to real AWS with the fake keys once the fake had stopped.
    with IncidentsFake():
        cached = boto3.client("ssm-incidents")
        cached.list_incident_records()
        own = boto3.client("ssm-incidents", aws_access_key_id="mine", aws_secret_access_key="mine")
    with pytest.raises(BlockedRequestError) as blocked:
        cached.list_incident_records()
    assert "was made while a stub, fake or server was active, with no credentials of its own" in str(blocked.value)
    with IncidentsFake():
        assert cached.list_incident_records()["incidentRecordSummaries"] == []  # answered again
    # A client given credentials of its own is the user's (on create_client or on its session,
    # a later reviewer found), and so is one bound for an emulator rather than AWS: after the
    # fake, their requests go on to their HTTP session (here one that answers, not the network).
    with IncidentsFake():
        session = boto3.Session(aws_access_key_id="session", aws_secret_access_key="s", region_name="us-east-1")
        on_its_session = session.client("ssm-incidents")
        emulated = boto3.client("ssm-incidents", endpoint_url="http://localstack:4566")
    signer: Any = getattr(on_its_session, "_request_signer")  # noqa: B009 (botocore's; typed clients hide it)
    assert signer._credentials.access_key == "session"  # not the fake keys
    for client in (own, on_its_session, emulated):
        endpoint: Any = getattr(client, "_endpoint")  # noqa: B009 (private to botocore; typed clients hide it)
        endpoint.http_session.send = _answered_locally
        assert client.list_incident_records()["incidentRecordSummaries"] == []


def _answered_locally(request: Any) -> Any:
    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, **_: Any) -> Iterator[bytes]:
            yield b'{"incidentRecordSummaries": []}'

    headers: Any = {}
    return AWSResponse(request.url, 200, headers, Raw())


def test_error_classes_of_a_default_session_client_made_at_import_catch_the_fakes_errors(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by a reviewer: in production two clients of boto3's default session share their
    # exception classes; under the fake, whose default session is its own, they did not.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSERSOWN")  # a user's shell: keys for the import-time client
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-own")
    downstream.makepyfile(
        service="""
        import boto3

        ERRORS = boto3.client("ssm-incidents", region_name="us-east-1").exceptions

        def title_or_none(arn):
            try:
                return boto3.client("ssm-incidents").get_incident_record(arn=arn)["incidentRecord"]["title"]
            except ERRORS.ResourceNotFoundException:
                return None
        """,
        test_service="""
        import service

        ARN = "arn:aws:ssm-incidents::111122223333:incident-record/p/0e7a9c3b-1d2e-4f5a-8b6c-7d8e9f0a1b2c"

        def test_a_missing_incident_is_none(ssm_incidents_fake):
            assert service.title_or_none(ARN) is None

        def test_and_a_held_one_has_its_title(ssm_incidents_fake):
            arn = ssm_incidents_fake.put_incident_record(title="Checkout down")["arn"]
            assert service.title_or_none(arn) == "Checkout down"
            assert service.title_or_none(ARN) is None
        """,
    )
    # A process of its own, as a user's run is: the fakes' session is made by its first fake.
    downstream.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_client_made_at_import_with_no_keys_is_told_how_to_get_fake_ones(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found by a reviewer: on a machine with no AWS keys, such a client's call under the fake
    # raised botocore's bare "Unable to locate credentials", naming neither cause nor cure.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance metadata probe at import
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    downstream.makepyfile(
        """
        import boto3, pytest
        from botocore.exceptions import NoCredentialsError

        CLIENT = boto3.client("ssm-incidents", region_name="us-east-1")

        def test_the_import_time_client(ssm_incidents_fake):
            with pytest.raises(NoCredentialsError) as caught:  # botocore's own class still matches
                CLIENT.list_incident_records()
            assert str(caught.value).startswith(
                "Unable to locate credentials: this ssm-incidents client found none when it was made"
            )
            assert "ssm_incidents_fake_aws_env = true" in str(caught.value)
        """
    )
    downstream.runpytest().assert_outcomes(passed=1)


_CACHED_CLASSES = """
import functools
import boto3

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/p/0e7a9c3b-1d2e-4f5a-8b6c-7d8e9f0a1b2c"

@functools.cache
def errors():  # app code: the error classes of the first default-session client, kept for the process
    return boto3.client("ssm-incidents", region_name="us-east-1").exceptions

def title_or_none(arn):
    try:
        return boto3.client("ssm-incidents").get_incident_record(arn=arn)["incidentRecord"]["title"]
    except errors().ResourceNotFoundException:
        return None
"""


@pytest.mark.parametrize(
    "tests",
    [
        # The classes are first made outside any fake, after a fake test that made none.
        "def test_1(ssm_incidents_fake):\n    pass\n\n"
        "def test_2():\n    errors()\n\n"
        "def test_3(ssm_incidents_fake):\n    assert title_or_none(ARN) is None\n",
        # They are first made under a fake; a default session of the user's appears after.
        "def test_1(ssm_incidents_fake):\n    assert title_or_none(ARN) is None\n\n"
        "def test_2():\n    boto3.client('sts', region_name='us-east-1', aws_access_key_id='a', "
        "aws_secret_access_key='b')\n\n"
        "def test_3(ssm_incidents_fake):\n    assert title_or_none(ARN) is None\n",
    ],
    ids=["made outside a fake, after one", "made under a fake, before the user's session"],
)
def test_error_classes_kept_by_app_code_catch_the_fakes_errors_in_later_tests(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tests: str
) -> None:
    # Found by two reviewers, one case each: the fakes' default session must take the user's
    # classes while it has handed out none of its own, and keep its own once it has.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSERSOWN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-own")
    downstream.makepyfile(test_app=_CACHED_CLASSES + "\n\n" + tests)
    downstream.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=3)


def test_with_the_session_wide_option_classes_kept_from_any_default_session_client_match(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A later reviewer: without the option, classes first made by a fake test, then taken from
    # a client made outside any fake, differ (two default sessions); with it there is one.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSERSOWN")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-own")
    pytester.makeini(
        "[pytest]\naddopts = --disable-socket -p no:cacheprovider -p no:randomly\nssm_incidents_fake_aws_env = true\n"
    )
    pytester.makepyfile(
        test_app=_CACHED_CLASSES
        + """

def test_1(ssm_incidents_fake):
    client = boto3.client("ssm-incidents")
    with __import__("pytest").raises(client.exceptions.ResourceNotFoundException):
        client.get_incident_record(arn=ARN)

def test_2():
    errors()

def test_3(ssm_incidents_fake):
    assert title_or_none(ARN) is None
"""
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=3)
