"""Answers queued and never used fail, everywhere, under one option name: assert_all_responses_used."""

from __future__ import annotations

from typing import Any

import pytest

from ssmincidents_stub import IncidentsFake, IncidentsServer, IncidentsStub

ARN = "arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/5d0c3a9e-1b2f-4c6d-8e7f-9a0b1c2d3e4f"


def _leave_a_stubbed_error() -> None:
    with IncidentsStub() as stub:
        stub.add_error("get_incident_record", "ThrottlingException", expected_params={"arn": ARN})


def _leave_faults() -> None:
    with IncidentsFake() as fake:
        fake.fail_next("get_incident_record", "InternalServerException", times=3)
        fake.add_raw_response("list_incident_records", "<html>Bad Gateway</html>", status=502)


def _fail_in_a_fake() -> None:
    with IncidentsFake() as fake:
        fake.fail_next("get_incident_record", "ThrottlingException")
        raise RuntimeError("the real failure")


def _fail_in_a_stub() -> None:
    with IncidentsStub() as stub:
        stub.add_incident_record()
        raise RuntimeError("the real failure")


def test_a_stub_left_with_answers_fails_at_a_clean_exit() -> None:
    with pytest.raises(AssertionError) as caught:
        _leave_a_stubbed_error()
    assert str(caught.value) == (
        "1 queued ssm-incidents response(s) never used:\n"
        f"  - get_incident_record: ThrottlingException (429) (expected parameters: {{'arn': '{ARN}'}})\n"
        "Use them, or opt out with IncidentsStub(assert_all_responses_used=False)"
    )


def test_a_fake_left_with_faults_fails_at_a_clean_exit() -> None:
    with pytest.raises(AssertionError) as caught:
        _leave_faults()
    assert str(caught.value) == (
        "2 queued ssm-incidents fault(s) or raw answer(s) never used:\n"
        "  - get_incident_record: InternalServerException (500), for 3 more attempts\n"
        "  - list_incident_records: raw answer, status 502\n"
        "Use them, or opt out with IncidentsFake(assert_all_responses_used=False)"
    )


def test_a_partly_used_fault_counts_what_is_left() -> None:
    with IncidentsFake(assert_all_responses_used=False) as fake:
        fake.fail_next("get_incident_record", "ThrottlingException", times=3)
        client = fake_client()
        with pytest.raises(client.exceptions.ThrottlingException):
            client.get_incident_record(arn=ARN)
        assert fake.pending == ["get_incident_record: ThrottlingException (429), for 2 more attempts"]


def fake_client() -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))


def test_an_error_in_the_block_is_not_buried() -> None:
    with pytest.raises(RuntimeError, match="the real failure"):
        _fail_in_a_fake()
    with pytest.raises(RuntimeError, match="the real failure"):
        _fail_in_a_stub()


def test_opting_out_on_the_context_managers() -> None:
    with IncidentsStub(assert_all_responses_used=False) as stub:
        stub.add_incident_record()
    with IncidentsFake(assert_all_responses_used=False) as fake:
        fake.fail_next("get_incident_record", "ThrottlingException")


@pytest.mark.allow_hosts(["127.0.0.1", "::1"])
def test_a_server_left_with_faults_fails_at_a_clean_exit_and_names_itself() -> None:
    with pytest.raises(AssertionError) as caught, IncidentsServer() as server:
        server.fail_next("get_incident_record", "ThrottlingException")
    assert str(caught.value) == (
        "1 queued ssm-incidents fault(s) or raw answer(s) never used:\n"
        "  - get_incident_record: ThrottlingException (429)\n"
        "Use them, or opt out with IncidentsServer(assert_all_responses_used=False)"
    )
    with pytest.raises(RuntimeError, match="the server is not started"):  # it stopped before failing
        server.endpoint_url  # noqa: B018


@pytest.mark.parametrize("cls", [IncidentsStub, IncidentsFake, IncidentsServer])
def test_the_option_takes_a_bool_only(cls: type) -> None:
    with pytest.raises(TypeError, match=r"^assert_all_responses_used='no': pass True or False$"):
        cls(assert_all_responses_used="no")


def test_the_fake_fixture_fails_the_test_and_names_the_marker(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import pytest

        def test_forgets_the_call(ssm_incidents_fake):
            ssm_incidents_fake.fail_next("get_timeline_event", "AccessDeniedException")

        @pytest.mark.ssm_incidents_fake(assert_all_responses_used=False)
        def test_opts_out(ssm_incidents_fake):
            ssm_incidents_fake.fail_next("get_timeline_event", "AccessDeniedException")

        def test_fails_first(ssm_incidents_fake):
            ssm_incidents_fake.fail_next("get_timeline_event", "AccessDeniedException")
            assert 1 == 2, "the real failure"
        """
    )
    result = downstream.runpytest("--strict-markers")
    result.assert_outcomes(passed=2, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*1 queued ssm-incidents fault(s) or raw answer(s) never used:",
            "*  - get_timeline_event: AccessDeniedException (403)",
            "*Use them, or opt out with @pytest.mark.ssm_incidents_fake(assert_all_responses_used=False)",
            "*the real failure*",
        ]
    )
    result.stdout.no_fnmatch_line("*IncidentsFake(assert_all_responses_used=False)*")
    # Said once, not once more as the exception the fixture's own failure was chained to.
    # The short summary repeats the message in full when pytest sees a CI variable, so
    # count only the report itself.
    report = result.stdout.str().partition("short test summary info")[0]
    assert report.count("never used:") == 1
    result.stdout.no_fnmatch_line("*During handling of the above exception*")


def test_the_closest_marker_wins_from_the_module_down_to_the_test(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.ssm_incidents_stub(assert_all_responses_used=False)

        def test_module_opts_out(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()

        @pytest.mark.ssm_incidents_stub(assert_all_responses_used=True)
        def test_own_marker_opts_back_in(ssm_incidents_stub):
            ssm_incidents_stub.add_incident_record()

        @pytest.mark.ssm_incidents_stub(assert_all_responses_used=True)
        class TestStrict:
            def test_class_opts_back_in(self, ssm_incidents_stub):
                ssm_incidents_stub.add_incident_record()

            @pytest.mark.ssm_incidents_stub(assert_all_responses_used=False)
            def test_own_marker_opts_out_again(self, ssm_incidents_stub):
                ssm_incidents_stub.add_incident_record()
        """
    )
    result = downstream.runpytest("--strict-markers", "-rE")
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines_random(
        ["ERROR *::test_own_marker_opts_back_in*", "ERROR *::TestStrict::test_class_opts_back_in*"]
    )


@pytest.mark.parametrize("marker", ["ssm_incidents_stub", "ssm_incidents_fake"])
def test_both_markers_are_registered_with_one_option_name(downstream: pytest.Pytester, marker: str) -> None:
    downstream.runpytest("--markers").stdout.fnmatch_lines(
        [f"@pytest.mark.{marker}(*, assert_all_responses_used=True)*"]
    )
