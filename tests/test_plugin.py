"""The plugin as users meet it: downstream test files run through pytester, no conftest."""

from __future__ import annotations

import pytest

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/plan/id-1"

DOWNSTREAM_SUCCESS = """
    def test_record(ssm_incidents_client, ssm_incidents_stub):
        record = ssm_incidents_stub.add_incident_record(impact=1)
        got = ssm_incidents_client.get_incident_record(arn=record["arn"])
        assert got["incidentRecord"]["impact"] == 1

    def test_event(ssm_incidents_client, ssm_incidents_stub):
        event = ssm_incidents_stub.add_timeline_event()
        got = ssm_incidents_client.get_timeline_event(
            eventId=event["eventId"], incidentRecordArn=event["incidentRecordArn"])
        assert got["event"] == event
"""


def test_fixtures_come_from_the_entry_point(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(DOWNSTREAM_SUCCESS)
    downstream.runpytest().assert_outcomes(passed=2)
    without = downstream.runpytest("-p", "no:ssm_incidents")
    without.assert_outcomes(errors=2)
    without.stdout.fnmatch_lines(["*fixture 'ssm_incidents_client' not found*"])


def test_unused_responses_fail_the_test_at_teardown(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        f"""
        def test_forgets_a_call(ssm_incidents_stub):
            ssm_incidents_stub.add_error("get_incident_record", "ThrottlingException",
                                         expected_params={{"arn": "{ARN}"}})
        """
    )
    result = downstream.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*1 queued ssm-incidents response(s) never used:",
            f"*  - get_incident_record: ThrottlingException (429) (expected parameters: {{'arn': '{ARN}'}})",
            "*opt out with @pytest.mark.ssm_incidents_stub(assert_all_responses_used=False)",
        ]
    )


def test_the_marker_opts_out(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import pytest

        @pytest.mark.ssm_incidents_stub(assert_all_responses_used=False)
        def test_queues_spares(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()
        """
    )
    downstream.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_a_failed_body_is_not_buried_under_the_teardown_check(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        def test_fails_first(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()
            assert 1 == 2, "the real failure"
        """
    )
    result = downstream.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the real failure*"])
    result.stdout.no_fnmatch_line("*never used*")


def test_a_skipped_or_xfailed_body_is_not_checked_for_unused_answers(downstream: pytest.Pytester) -> None:
    # A body that stops early never made the calls it queued: that is what skip and xfail mean.
    downstream.makepyfile(
        """
        import pytest

        def test_skips_midway(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()
            pytest.skip("feature flag off")

        def test_skips_midway_under_the_fake(ssm_incidents_fake):
            ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException")
            pytest.skip("feature flag off")

        @pytest.mark.xfail(reason="known bug")
        def test_known_bug(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()
            assert False

        def test_xfails_imperatively(ssm_incidents_fake):
            ssm_incidents_fake.fail_next("get_incident_record", "ThrottlingException")
            pytest.xfail("known bug")

        @pytest.mark.xfail(reason="fixed since", strict=False)
        def test_passes_after_all(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()
        """
    )
    result = downstream.runpytest("-rA")
    result.assert_outcomes(skipped=2, xfailed=2, xpassed=1)
    result.stdout.no_fnmatch_line("*never used*")
    result.stdout.no_fnmatch_line("*at teardown*")
    downstream.runpytest("--markers").stdout.fnmatch_lines(
        ["@pytest.mark.ssm_incidents_stub(*, assert_all_responses_used=True)*"]
    )


def test_the_region_comes_from_the_ini_option(downstream: pytest.Pytester) -> None:
    downstream.makeini("[pytest]\naddopts = --disable-socket -p no:cacheprovider\nssm_incidents_region = eu-west-1\n")
    downstream.makepyfile(
        """
        def test_region(ssm_incidents_client):
            assert ssm_incidents_client.meta.region_name == "eu-west-1"
        """
    )
    downstream.runpytest().assert_outcomes(passed=1)


def test_the_users_aws_setup_is_never_read(
    downstream: pytest.Pytester, sentinel_aws_environment: dict[str, str]
) -> None:
    # A fresh process, so nothing was cached before the sentinels were set.
    downstream.makepyfile(
        """
        import botocore.session
        import pytest

        def test_sentinels_break_a_normal_client():
            with pytest.raises(Exception):
                botocore.session.Session().create_client("ssm-incidents")

        def test_fixture_client_ignores_them(ssm_incidents_client, ssm_incidents_stub):
            creds = ssm_incidents_client._request_signer._credentials
            assert creds.access_key == "AKIAIOSFODNN7EXAMPLE"
            assert ssm_incidents_client.meta.region_name == "us-east-1"
            assert ssm_incidents_client.meta.endpoint_url == "https://ssm-incidents.us-east-1.amazonaws.com"
            record = ssm_incidents_stub.add_incident_record()
            assert ssm_incidents_client.get_incident_record(arn=record["arn"])["incidentRecord"] == record

        def test_own_stub_client_ignores_them():
            from ssmincidents_stub import IncidentsStub
            with IncidentsStub() as stub:
                stub.add_incident_record(expected_params=None)
                stub.client.get_incident_record(arn="arn:aws:x:y::z")
        """
    )
    downstream.runpytest_subprocess().assert_outcomes(passed=3)


@pytest.mark.usefixtures("no_stray_stubs")
def test_a_client_a_test_changed_is_never_handed_to_another(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import weakref

        SEEN = []  # weak: a reference kept from a test keeps its client out of the pool

        def test_stubbing_only(ssm_incidents_client, ssm_incidents_stub):
            record = ssm_incidents_stub.add_incident_record()
            ssm_incidents_client.get_incident_record(arn=record["arn"])
            SEEN.append(weakref.ref(ssm_incidents_client))

        def test_gets_the_same_untouched_client_and_dirties_it(ssm_incidents_client):
            assert ssm_incidents_client is SEEN[0]()  # pooled: it was exactly as made
            ssm_incidents_client.meta.events.register("before-call", lambda **kw: {"hijacked": True})

        def test_gets_a_fresh_client(ssm_incidents_client, ssm_incidents_stub, ssm_incidents_fake):
            assert ssm_incidents_client is not SEEN[0]()
            SEEN.append(weakref.ref(ssm_incidents_client))
            record = ssm_incidents_fake.put_incident_record()
            ssm_incidents_stub.deactivate()
            ssm_incidents_client.get_incident_record(arn=record["arn"])  # through the fake's wire path

        def test_a_client_that_sent_a_request_is_not_reused(ssm_incidents_client):
            assert ssm_incidents_client is not SEEN[1]()
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=4)


@pytest.mark.parametrize(
    "change",
    [
        "ssm_incidents_client.get_incident_record = lambda **kw: {'patched': True}",
        "ssm_incidents_client._serializer = None",
        "ssm_incidents_client.meta.config.retries['total_max_attempts'] = 1",
        "ssm_incidents_client.meta.config.read_timeout = 1",
        "ssm_incidents_client.meta._endpoint_url = 'http://elsewhere.invalid'",
        "ssm_incidents_client._endpoint.host = 'http://elsewhere.invalid'",
        "ssm_incidents_client._request_signer._credentials = None",
        "ssm_incidents_client._endpoint = None",
    ],
)
def test_a_client_changed_by_setting_attributes_is_never_handed_on(downstream: pytest.Pytester, change: str) -> None:
    # Found by a reviewer: a method patched on the instance leaked into the next test.
    downstream.makepyfile(
        f"""
        import weakref

        SEEN = []  # weak: a reference kept from a test keeps its client out of the pool

        def test_changes_the_client(ssm_incidents_client):
            SEEN.append(weakref.ref(ssm_incidents_client))
            {change}

        def test_gets_a_fresh_client(ssm_incidents_client):
            assert ssm_incidents_client is not SEEN[0]()
            assert "get_incident_record" not in vars(ssm_incidents_client)
            assert ssm_incidents_client.meta.config.retries.get("total_max_attempts") != 1
            assert ssm_incidents_client.meta.config.read_timeout != 1
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_client_changed_after_its_test_through_a_kept_reference_is_not_handed_on(
    downstream: pytest.Pytester,
) -> None:
    downstream.makepyfile(
        """
        import weakref

        SEEN = []  # weak: a strong reference alone would keep the client out of the pool

        def test_keeps_the_client(ssm_incidents_client):
            SEEN.append(weakref.ref(ssm_incidents_client))

        def test_changes_it_while_it_sits_in_the_pool():
            SEEN[0]().meta.config.read_timeout = 1

        def test_gets_a_fresh_client(ssm_incidents_client):
            assert ssm_incidents_client is not SEEN[0]()
            assert ssm_incidents_client.meta.config.read_timeout != 1
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


@pytest.mark.usefixtures("no_stray_stubs")
def test_reading_the_exceptions_leaves_a_client_poolable(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import weakref

        SEEN = []  # weak: a reference kept from a test keeps its client out of the pool

        def test_reads_them(ssm_incidents_client):
            SEEN.append(weakref.ref(ssm_incidents_client))
            assert ssm_incidents_client.exceptions.ThrottlingException

        def test_gets_the_same_client(ssm_incidents_client):
            assert ssm_incidents_client is SEEN[0]()
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_the_fixture_client_with_nothing_active_is_blocked(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import pytest
        from ssmincidents_stub import BlockedRequestError

        def test_no_stub_no_fake(ssm_incidents_client):
            with pytest.raises(BlockedRequestError, match="none is active now"):
                ssm_incidents_client.list_response_plans()
        """
    )
    downstream.runpytest().assert_outcomes(passed=1)


@pytest.mark.usefixtures("no_stray_stubs")
@pytest.mark.parametrize(("aged", "reused"), [(False, True), (True, False)], ids=["young", "aged"])
def test_a_client_held_only_by_garbage_goes_back_to_the_pool(
    downstream: pytest.Pytester, aged: bool, reused: bool
) -> None:
    # Found by a reviewer: pytest.raises's excinfo and the test's frame hold each other until the
    # garbage collector runs, and the pool took that for a kept reference: a new client a test.
    # The pool frees young garbage only. A collection while the cycle lives ages it, and a
    # full collection costs more than a new client: then the next test gets a new one.
    # The first test keeps the collector off while the cycle lives, so neither case hangs on
    # when the collector happens to run (CI once saw the young case age on Python 3.10).
    downstream.makepyfile(
        f"""
        import gc, weakref, pytest
        from botocore.exceptions import ClientError

        SEEN = []

        @pytest.fixture
        def collector_off():
            gc.disable()
            yield
            gc.enable()

        def test_meets_an_error(collector_off, ssm_incidents_stub):
            SEEN.append(weakref.ref(ssm_incidents_stub.client))
            ssm_incidents_stub.add_error("get_incident_record", "ThrottlingException")
            with pytest.raises(ClientError) as excinfo:
                ssm_incidents_stub.client.get_incident_record(arn="arn:aws:ssm-incidents::111122223333:x")
            assert excinfo.value.response["Error"]["Code"] == "ThrottlingException"
            if {aged}:
                gc.collect()  # the cycle survives it, and is now in the oldest generation

        def test_gets_the_same_client(ssm_incidents_stub):
            assert (ssm_incidents_stub.client is SEEN[0]()) is {reused}
            ssm_incidents_stub.add_error("get_incident_record", "ResourceNotFoundException")
            with pytest.raises(ClientError, match="ResourceNotFoundException"):
                ssm_incidents_stub.client.get_incident_record(arn="arn:aws:ssm-incidents::111122223333:x")
        """
    )
    downstream.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
