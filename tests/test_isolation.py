"""Isolation, proven: nothing the plugin adds outlives a test, and nothing piles up."""

from __future__ import annotations

import os
import pathlib
import threading
import weakref
from typing import Any

import botocore.endpoint
import botocore.exceptions
import botocore.handlers
import botocore.loaders
import botocore.session
import hypothesis
import pytest

from conftest import BROKEN_TEXT, PLANTED_IMPACT_MAX
from ssmincidents_stub import IncidentsFake, IncidentsServer, IncidentsStub, PayloadError, clients, model


def _handler_count(emitter: Any) -> int:
    """Handlers registered on a botocore emitter (walks its private prefix trie; test-only)."""
    inner = getattr(emitter, "_emitter", emitter)

    def walk(node: dict[str, Any]) -> int:
        values = node.get("values")
        here = len(list(values)) if values is not None else 0
        return here + sum(walk(child) for child in node.get("children", {}).values())

    return walk(inner._handlers._root)


def _botocore_state() -> dict[str, Any]:
    endpoint_module: Any = botocore.endpoint
    return {
        "builtin handlers": len(botocore.handlers.BUILTIN_HANDLERS),
        "session handlers": _handler_count(clients._session().get_component("event_emitter")),
        "Endpoint methods": dict(vars(botocore.endpoint.Endpoint)),
        "endpoint time module": endpoint_module.time,
        "environment": {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
    }


@pytest.mark.usefixtures("no_stray_stubs")
def test_ten_thousand_set_ups_and_tear_downs_leave_nothing_behind() -> None:
    client = clients.lease_client()
    baseline_client_handlers = _handler_count(client.meta.events)
    clients.return_client(client)
    first = weakref.ref(client)  # weak: a kept reference keeps a client out of the pool
    del client
    idle_before = len(clients._idle.get("us-east-1", []))  # earlier tests' stubs may have left some
    before = _botocore_state()
    for _ in range(10_000):
        # What the three fixtures do for one test, in the same order.
        leased = clients.lease_client()
        with IncidentsFake() as fake, IncidentsStub(leased) as stub:
            record = stub.add_incident_record()
            leased.get_incident_record(arn=record["arn"])
            fake.put_incident_record(record)
        clients.return_client(leased)
        del leased, stub  # as pytest drops a fixture's value: a reference kept keeps a client out of the pool
    after = _botocore_state()
    assert after == before
    reused: Any = clients.lease_client()
    pooled = first() is reused
    assert pooled  # the pool did not churn: stubbed calls leave a client pristine
    assert _handler_count(reused.meta.events) == baseline_client_handlers
    clients.return_client(reused)
    assert len(clients._idle.get("us-east-1", [])) <= idle_before  # the pool did not grow


def test_a_part_replaced_by_a_newcomer_at_the_same_address_is_still_seen() -> None:
    # Found by a reviewer: the pool kept ids alone, and CPython reuses a freed object's
    # address for the next object of its size, so a replacement could pass for the original.
    client = clients.lease_client()
    made = client._serializer
    made_id = id(made)
    kind: Any = type(made)
    client._serializer = None
    del made  # freed now, unless the pool still holds it
    newcomers = [kind.__new__(kind) for _ in range(1000)]
    client._serializer = next((one for one in newcomers if id(one) == made_id), newcomers[0])
    clients.return_client(client)
    fresh = clients.lease_client()
    assert fresh is not client
    clients.return_client(fresh)


def test_a_stub_on_a_users_client_removes_its_handlers(ssm_incidents_fake: IncidentsFake) -> None:
    client = clients.new_client()
    with IncidentsStub(client) as warm_up:  # botocore registers a few handlers on the first call
        warm_up.add_incident_record(expected_params=None)
        client.get_incident_record(arn="arn:aws:ssm-incidents::111122223333:incident-record/p/1")
    count = _handler_count(client.meta.events)
    for _ in range(1_000):
        with IncidentsStub(client) as stub:
            stub.add_incident_record(expected_params=None)
            client.get_incident_record(arn="arn:aws:ssm-incidents::111122223333:incident-record/p/1")
    assert _handler_count(client.meta.events) == count


def test_after_a_failing_test_the_next_sees_clean_botocore(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import os, time
        import botocore.endpoint, botocore.handlers
        from ssmincidents_stub import clients

        BEFORE = {}

        def test_0_record_the_state():
            BEFORE["env"] = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
            BEFORE["builtin"] = len(botocore.handlers.BUILTIN_HANDLERS)
            BEFORE["endpoint"] = dict(vars(botocore.endpoint.Endpoint))

        def test_1_fails_mid_way(ssm_incidents_client, ssm_incidents_stub, ssm_incidents_fake):
            ssm_incidents_stub.add_incident_record()
            ssm_incidents_stub.add_error("get_timeline_event", "ThrottlingException")
            ssm_incidents_fake.fail_next("get_incident_record", "InternalServerException", times=3)
            raise RuntimeError("failing with the stub and the fake active")

        def test_2_sees_clean_botocore():
            assert {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"} == BEFORE["env"]
            assert len(botocore.handlers.BUILTIN_HANDLERS) == BEFORE["builtin"]
            assert dict(vars(botocore.endpoint.Endpoint)) == BEFORE["endpoint"]
            assert botocore.endpoint.time is time

        def test_3_gets_a_fresh_stub(ssm_incidents_client, ssm_incidents_stub):
            assert ssm_incidents_stub.pending == []  # no leftover queue
            hooks = clients.hooks_of(ssm_incidents_client)
            assert hooks is not None and hooks.owner is ssm_incidents_stub
        """
    )
    result = downstream.runpytest()
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*RuntimeError: failing with the stub and the fake active*"])


def test_a_users_patch_undone_after_the_fake_leaves_no_loop_behind(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: monkeypatch (requested first, so undone last) put the gate's own
    # create_client and _send back, the next gate took them for botocore's, and every later
    # client ended in RecursionError.
    downstream.makepyfile(
        """
        import boto3, botocore.session, pytest
        from botocore.awsrequest import AWSResponse
        from botocore.endpoint import Endpoint

        def test_0_spies_under_the_fake(monkeypatch, ssm_incidents_fake):
            made, sent = [], []
            create, send = botocore.session.Session.create_client, Endpoint._send
            monkeypatch.setattr(botocore.session.Session, "create_client",
                                lambda self, *a, **k: made.append(1) or create(self, *a, **k))
            monkeypatch.setattr(Endpoint, "_send", lambda self, request: sent.append(1) or send(self, request))
            boto3.client("ssm-incidents").list_incident_records()
            assert made and sent

        def test_1_a_later_fake_answers(ssm_incidents_fake):
            assert boto3.client("ssm-incidents").list_incident_records()["incidentRecordSummaries"] == []

        def test_2_a_later_stub_answers(ssm_incidents_stub):
            record = ssm_incidents_stub.add_incident_record()
            assert ssm_incidents_stub.client.get_incident_record(arn=record["arn"])["incidentRecord"] == record

        def test_3_with_nothing_active_a_left_patch_is_botocores_own():
            client = boto3.client("ssm-incidents", region_name="us-east-1",
                                  aws_access_key_id="a", aws_secret_access_key="b")
            answered = AWSResponse("https://x", 200, {}, None)
            answered.raw = None
            client._endpoint.http_session.send = lambda request: _answer(request)
            assert client.list_incident_records()["ResponseMetadata"]["HTTPStatusCode"] == 200

        def _answer(request):
            class Raw:
                def stream(self, **_):
                    yield b'{"incidentRecordSummaries": []}'
            return AWSResponse(request.url, 200, {}, Raw())
        """
    )
    downstream.runpytest().assert_outcomes(passed=4)


class _Interrupted(BaseException):
    """What a test timeout raises (pytest-timeout's signal method fails the test from a signal)."""


def test_a_stop_interrupted_while_it_waits_for_calls_still_puts_everything_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by a reviewer: a timeout while stop() waited for a call in flight left the fake
    # active, its environment and its default session in place, for the rest of the session.
    import boto3

    from ssmincidents_stub import gate

    environment = dict(os.environ)
    session = boto3.DEFAULT_SESSION
    fake = IncidentsFake()
    fake.start()

    def interrupted(*args: Any, **kwargs: Any) -> bool:
        raise _Interrupted

    monkeypatch.setattr(gate._gate._lock, "wait_for", interrupted)
    with pytest.raises(_Interrupted):
        fake.stop()
    monkeypatch.undo()
    assert dict(os.environ) == environment
    assert boto3.DEFAULT_SESSION is session
    with IncidentsFake():  # not FakeAlreadyActiveError
        pass
    assert not gate._gate.shut()  # the next owner to leave took the patches off


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_an_activation_that_fails_leaves_nothing_plugged_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by a reviewer: a gate that failed to install kept the stub as an owner and its
    # hooks on the client for good.
    from ssmincidents_stub import gate

    client = clients.new_client()
    with IncidentsStub(client):  # botocore registers a few handlers of its own on first use
        pass
    handlers = _handler_count(client.meta.events)

    def broken() -> Any:
        raise ImportError("aiobotocore built for another botocore")

    monkeypatch.setattr(gate, "_resolved_patches", broken)
    with pytest.raises(ImportError):
        IncidentsStub(client).activate()
    assert _handler_count(client.meta.events) == handlers
    assert not gate._gate.shut() and gate._gate._owners == []
    threads = threading.enumerate()
    with pytest.raises(ImportError):
        IncidentsServer(assert_all_responses_used=False).start()
    assert threading.enumerate() == threads  # the server's thread went with it
    monkeypatch.undo()
    with IncidentsStub(client) as stub:
        record = stub.add_incident_record()
        assert client.get_incident_record(arn=record["arn"])["incidentRecord"] == record


def test_a_fake_that_fails_to_install_beside_a_stub_leaves_the_stubs_guards_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by a reviewer: with a stub active, a fake whose fourth patch failed left three of its
    # patches installed and the gate marked as answering, so the next fake got only some.
    import types

    from ssmincidents_stub import gate

    with IncidentsStub(assert_all_responses_used=False):
        resolved = gate._resolved_patches()
        guards, waiters, own = resolved["guards"], resolved["waiters"], resolved["answering"]
        fails: Any = (("botocore.nothing", "X", "y"), types.SimpleNamespace(), None)
        monkeypatch.setattr(gate, "_resolved_patches", lambda: {**resolved, "answering": [*own[:3], fails]})
        with pytest.raises(KeyError):
            IncidentsFake().start()
        monkeypatch.undo()
        assert len(gate._gate._installed) == len(guards) and gate._gate._groups == {"guards"}
        with IncidentsFake():
            assert len(gate._gate._installed) == len(guards) + len(waiters) + len(own)
    assert not gate._gate.shut()


def test_an_aiobotocore_that_cannot_be_imported_is_not_guarded_and_breaks_nothing(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ssmincidents_stub import gate

    (tmp_path / "broken_aio_endpoint.py").write_text("raise ImportError('built for another botocore')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert gate._exists("broken_aio_endpoint", "AioEndpoint", "_send") is False


def test_holds_of_fake_settings_ended_out_of_order_still_put_the_users_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by a reviewer: a server fixture that ended while a fake the test started was still
    # on put the user's variables back under the fake, and the fake then put the server's back.
    import boto3

    monkeypatch.setenv("AWS_CA_BUNDLE", "/etc/users-own-bundle.pem")
    before = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    session = boto3.DEFAULT_SESSION
    end_server_hold = clients.replace_aws_environment(
        {**clients.fake_environment("eu-west-1"), "AWS_ENDPOINT_URL_SSM_INCIDENTS": "http://127.0.0.1:9"}
    )
    fake = IncidentsFake(region="us-west-2")
    fake.start()
    end_server_hold()  # first in, but out first
    assert os.environ["AWS_REGION"] == "us-west-2"  # the fake's settings stay while it runs
    assert "AWS_CA_BUNDLE" not in os.environ
    fake.stop()
    assert {k: v for k, v in os.environ.items() if k.startswith("AWS_")} == before
    assert boto3.DEFAULT_SESSION is session


def test_a_stopping_fake_waits_for_other_threads_calls_and_not_for_its_own_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by a reviewer: leaving `with IncidentsFake()` in a coroutine while a task was mid-call
    # blocked the loop for the whole wait (5 s), so the task could not finish its call anyway;
    # a later reviewer found the first fix stopped waiting for other threads' calls too.
    from ssmincidents_stub import gate

    ready: list[bool] = []
    real_wait_for = gate._gate._lock.wait_for

    def recorded(predicate: Any, timeout: float | None = None) -> Any:
        ready.append(predicate())  # whether stop() could go on at once
        return real_wait_for(predicate, timeout=0)

    monkeypatch.setattr(gate._gate._lock, "wait_for", recorded)
    fake = IncidentsFake()
    fake.start()
    this_threads = gate._gate.begin("ListIncidentRecords", "us-east-1")  # a coroutine's call, mid-way
    fake.stop()
    gate._gate.end(this_threads)

    fake = IncidentsFake()
    fake.start()
    began = threading.Event()
    holder: list[Any] = []

    def other_thread() -> None:
        holder.append(gate._gate.begin("ListIncidentRecords", "us-east-1"))
        began.set()

    worker = threading.Thread(target=other_thread)
    worker.start()
    began.wait()
    worker.join()
    fake.stop()
    gate._gate.end(holder[0])
    assert ready == [True, False]  # its own thread's call is not waited for; the other's is
    assert not gate._gate.shut()


def test_the_whole_suite_runs_in_a_home_whose_aws_files_are_hostile() -> None:
    # Set by the root conftest before botocore was imported; this proves it took effect.
    home = pathlib.Path(os.environ["HOME"])
    assert (home / ".aws" / "config").read_text() == BROKEN_TEXT
    assert (home / ".aws" / "credentials").read_text() == BROKEN_TEXT
    assert str(home / ".aws" / "models") == botocore.loaders.Loader.CUSTOMER_DATA_PATH
    # botocore's own default loader reads the planted model there...
    planted = botocore.loaders.create_loader().load_service_model(model.SERVICE_NAME, "service-2")
    assert planted["shapes"]["Impact"]["max"] == PLANTED_IMPACT_MAX
    # ...and the plugin's does not: its limits are botocore's, whatever ~/.aws/models holds.
    assert model.loader().search_paths == [botocore.loaders.Loader.BUILTIN_DATA_PATH]
    assert model.shape("Impact").metadata["max"] == 5
    with pytest.raises(PayloadError, match="impact: 6 is above the maximum 5"):
        IncidentsStub(assert_all_responses_used=False).add_incident_record(impact=6)


def test_no_property_test_is_timed() -> None:
    # The root conftest's profile: a loaded CI machine must not fail an example for its speed.
    suite = hypothesis.settings()  # what an unconfigured @given in this suite runs with
    assert suite.deadline is None
    assert hypothesis.HealthCheck.too_slow in suite.suppress_health_check
    assert suite.derandomize
    assert suite.database is None


def test_a_plain_session_would_read_them() -> None:
    # The control: code that reads ~/.aws in this suite fails, so no test can do it unnoticed.
    with pytest.raises(botocore.exceptions.ConfigParseError):
        botocore.session.Session().create_client("ssm-incidents", region_name="us-east-1")


def test_a_fake_stub_or_server_a_test_body_left_running_is_stopped_and_named(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: started and never stopped, it answered every later test's calls.
    downstream.makepyfile(
        """
        import boto3, pytest
        from ssmincidents_stub import IncidentsFake, IncidentsServer, IncidentsStub
        from ssmincidents_stub import gate

        def test_1_leaves_a_fake_running():
            fake = IncidentsFake()
            fake.start()
            fake.put_incident_record(title="from test one")

        def test_2_is_not_answered_by_it():
            assert gate.owners() == ()
            with IncidentsFake():
                assert boto3.client("ssm-incidents").list_incident_records()["incidentRecordSummaries"] == []

        @pytest.mark.allow_hosts(["127.0.0.1"])
        def test_3_leaves_a_stub_and_a_server():
            IncidentsStub().activate()
            IncidentsServer().start()

        def test_4_finds_nothing_left():
            assert gate.owners() == ()

        def test_5_stops_it_with_a_finalizer(request):
            fake = IncidentsFake()
            fake.start()
            request.addfinalizer(fake.stop)

        @pytest.fixture(scope="module")
        def module_fake():
            with IncidentsFake() as fake:
                yield fake

        def test_6_asks_a_module_fixture_by_name(request):
            request.getfixturevalue("module_fake")

        def test_7_still_has_the_module_fake():
            assert len(gate.owners()) == 1
        """
    )
    result = downstream.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=7, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_1_leaves_a_fake_running*",
            "*test_1_leaves_a_fake_running started IncidentsFake in its body and left it running*",
            "*test_3_leaves_a_stub_and_a_server started IncidentsStub, IncidentsServer in its body*",
        ]
    )


def test_a_pooled_client_an_earlier_test_kept_is_not_lent_again(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: the next test's stub answered the first test's kept reference.
    downstream.makepyfile(
        """
        import pytest
        from ssmincidents_stub import BlockedRequestError

        KEPT = []

        def test_1_keeps_its_client(ssm_incidents_client, ssm_incidents_stub):
            KEPT.append(ssm_incidents_client)

        def test_2_gets_another(ssm_incidents_stub):
            assert ssm_incidents_stub.client is not KEPT[0]
            record = ssm_incidents_stub.add_incident_record()
            with pytest.raises(BlockedRequestError):
                KEPT[0].get_incident_record(arn=record["arn"])
            assert ssm_incidents_stub.pending  # the kept client took nothing of this test's
            ssm_incidents_stub.client.get_incident_record(arn=record["arn"])
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_failed_start_puts_the_users_environment_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by a reviewer: with boto3 hidden, the fake's start failed after the swap and the
    # user's AWS_* variables were gone for the rest of the process.
    monkeypatch.setenv("AWS_CA_BUNDLE", "/users/bundle.pem")
    before = dict(os.environ)
    monkeypatch.setitem(__import__("sys").modules, "boto3", None)
    with pytest.raises(ImportError):
        IncidentsFake().start()
    assert dict(os.environ) == before


def test_a_mocked_boto3_session_does_not_become_every_later_fakes_session(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: the first fake's shared default session was the user's mock, for good.
    downstream.makepyfile(
        """
        from unittest import mock
        import boto3, boto3.session, pytest

        @pytest.fixture
        def mocked_session_class(monkeypatch):
            monkeypatch.setattr(boto3.session, "Session", mock.MagicMock(name="PatchedSession"))

        def test_1_first_fake_of_the_run(mocked_session_class, ssm_incidents_fake):
            pass

        def test_2_a_mocked_default_session(monkeypatch):
            monkeypatch.setattr(boto3, "DEFAULT_SESSION", mock.MagicMock(name="DefaultSession"))
            from ssmincidents_stub import IncidentsFake
            with IncidentsFake():
                pass

        def test_3_later(ssm_incidents_fake):
            client = boto3.client("ssm-incidents")
            assert type(client).__module__ == "botocore.client"
            ssm_incidents_fake.fail_next("list_incident_records", "AccessDeniedException")
            with pytest.raises(client.exceptions.AccessDeniedException):
                client.list_incident_records()
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_a_client_fixture_that_cannot_lease_shows_the_users_error(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: the failed lease was released anyway, and a KeyError buried the cause.
    downstream.makepyfile(
        """
        import botocore.session, pytest
        from ssmincidents_stub import IncidentsStub, clients

        @pytest.fixture
        def no_new_clients(monkeypatch):
            def refuse(*args, **kwargs):
                raise RuntimeError("forbidden here")
            monkeypatch.setattr(botocore.session.Session, "create_client", refuse)
            monkeypatch.setattr(clients, "_idle", {})

        def test_client(no_new_clients, ssm_incidents_client):
            pass

        @pytest.fixture
        def users_stub(ssm_incidents_client):
            with IncidentsStub(ssm_incidents_client) as stub:
                yield stub

        def test_two_stubs_on_one_client(users_stub, ssm_incidents_stub):
            pass

        def test_the_client_came_back():
            from ssmincidents_stub import plugin
            assert plugin._leases == {}
        """
    )
    result = downstream.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*ERROR at setup of test_client*", "E*RuntimeError: forbidden here"])
    result.stdout.fnmatch_lines(["*another stub is already active*"])
    result.stdout.no_fnmatch_line("*KeyError*")


@pytest.mark.usefixtures("no_stray_stubs")
def test_a_stub_that_made_its_own_client_keeps_it_while_it_lives_then_the_pool_has_it() -> None:
    # As with Stubber, stub.client is the stub's for its life, across with blocks; the pool, which
    # lends only what nothing else holds, has it back once the stub is gone.
    first = IncidentsStub()
    made = weakref.ref(first.client)
    for _ in range(2):
        with first:
            record = first.add_incident_record()
            assert first.client.get_incident_record(arn=record["arn"])["incidentRecord"] == record
    with IncidentsStub() as second:
        other = second.client is not made()  # the first stub still holds its own
        assert other
    made_second = weakref.ref(second.client)
    del first, second
    with IncidentsStub() as third:
        pooled = any(third.client is earlier() for earlier in (made, made_second))
        assert pooled


def test_what_a_body_left_running_is_stopped_even_when_a_finalizer_fails(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: pytest skips later teardown hooks once a finalizer raised, so the check
    # never ran and the fake answered every later test.
    downstream.makepyfile(
        """
        import pytest
        from ssmincidents_stub import IncidentsFake, gate

        @pytest.fixture
        def bad_teardown():
            yield
            raise RuntimeError("a finalizer that fails")

        def test_1(bad_teardown):
            IncidentsFake().start()

        def test_2():
            assert gate.owners() == ()

        def test_3(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record(expected_params=None)
            ssm_incidents_stub.client.get_incident_record(arn="arn:aws:ssm-incidents::111122223333:x")
            with IncidentsFake():
                pass
        """
    )
    result = downstream.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*RuntimeError: a finalizer that fails*"])


def test_a_kept_stubs_own_client_is_never_another_tests(downstream: pytest.Pytester) -> None:
    # Found by a reviewer: a stub gave its client back as it stopped, yet stub.client still
    # reached it, and the next test's stub answered that reference's calls.
    downstream.makepyfile(
        """
        from ssmincidents_stub import IncidentsStub

        KEPT = []

        def test_1():
            stub = IncidentsStub()
            with stub:
                record = stub.add_incident_record()
                stub.client.get_incident_record(arn=record["arn"])
            KEPT.append(stub)

        def test_2(ssm_incidents_stub):
            assert KEPT[0].client is not ssm_incidents_stub.client
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_the_pool_keeps_a_few_idle_clients_not_every_one_a_test_made() -> None:
    stubs = [IncidentsStub() for _ in range(clients.MAX_IDLE + 5)]
    made = {id(stub.client) for stub in stubs}
    assert len(made) == len(stubs)  # each holds its own while it lives
    del stubs  # each gives its client back as it goes
    assert len(clients._idle["us-east-1"]) == clients.MAX_IDLE
