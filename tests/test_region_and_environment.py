"""One region everywhere, and clients made at import time, as downstream suites meet them."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from ssmincidents_stub import IncidentsFake, IncidentsStub, incident_record, payloads, timeline_event, use_region

INI = "[pytest]\naddopts = --disable-socket -p no:cacheprovider\n"

EVERYTHING_IN_ONE_REGION = """
import boto3
from hypothesis import given, settings
from ssmincidents_stub import IncidentsStub, incident_record, timeline_event
from ssmincidents_stub.payloads import error_payload
from ssmincidents_stub.strategies import incident_records, incident_record_arns

REGION, PARTITION = "{region}", "{partition}"


def arns_in(value):
    if isinstance(value, dict):
        return [a for item in value.values() for a in arns_in(item)]
    if isinstance(value, list):
        return [a for item in value for a in arns_in(item)]
    return [value] if isinstance(value, str) and value.startswith("arn:") else []


def all_in_partition(value):
    found = arns_in(value)
    assert found and all(a.startswith(f"arn:{{PARTITION}}:") for a in found), found
    return True


def test_builders():
    assert all_in_partition([incident_record(), timeline_event()])
    assert all_in_partition(error_payload("get_incident_record", "ResourceNotFoundException").fields)


def test_fixture_client_and_stub(ssm_incidents_client, ssm_incidents_stub):
    assert ssm_incidents_client.meta.region_name == REGION
    record = ssm_incidents_stub.add_incident_record()
    assert all_in_partition(record)
    assert ssm_incidents_client.get_incident_record(arn=record["arn"])["incidentRecord"] == record


def test_a_stub_of_its_own():
    with IncidentsStub() as stub:
        assert stub.client.meta.region_name == REGION


def test_fake(ssm_incidents_fake):
    assert ssm_incidents_fake.region == REGION
    client = boto3.client("ssm-incidents")  # made with no region: gets the fake's
    assert client.meta.region_name == REGION
    record = ssm_incidents_fake.put_incident_record()
    assert all_in_partition(record)
    assert client.get_incident_record(arn=record["arn"])["incidentRecord"] == record


@settings(max_examples=10)
@given(incident_records(), incident_record_arns())
def test_strategies(record, arn):
    assert all_in_partition([record, arn])
"""


@pytest.mark.parametrize(
    ("region", "partition"),
    [("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")],
)
def test_the_ini_region_reaches_everything(downstream: pytest.Pytester, region: str, partition: str) -> None:
    downstream.makeini(f"{INI}ssm_incidents_region = {region}\n")
    downstream.makepyfile(EVERYTHING_IN_ONE_REGION.format(region=region, partition=partition))
    result = downstream.runpytest()
    result.assert_outcomes(passed=5)
    assert payloads.current_region() == "us-east-1"  # restored when that session ended


def test_outside_pytest_use_region_chooses_the_partition() -> None:
    with use_region("cn-northwest-1"):
        assert incident_record()["arn"].startswith("arn:aws-cn:ssm-incidents::")
        assert timeline_event()["eventReferences"][0]["resource"].startswith("arn:aws-cn:")
        with IncidentsFake() as fake:
            assert fake.region == "cn-northwest-1"
    with IncidentsFake(region="us-gov-east-1") as fake:
        assert fake.put_incident_record()["arn"].startswith("arn:aws-us-gov:")
        assert os.environ["AWS_DEFAULT_REGION"] == "us-gov-east-1"
    assert incident_record()["arn"].startswith("arn:aws:")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: use_region("mars-north-1").__enter__(), "region='mars-north-1' is not a region of any partition"),
        (lambda: payloads.set_region("US-EAST-1"), "region='US-EAST-1' is not a region of any partition"),
        (lambda: IncidentsFake(region=""), "region='' is not an AWS region name"),
        (lambda: IncidentsFake(region="aws-us-gov-global"), "region='aws-us-gov-global' is botocore's name for"),
        (lambda: IncidentsFake(region="us-isob-east-1"), "region='us-isob-east-1' is in partition 'aws-iso-b'"),
    ],
)
def test_a_region_no_partition_accepts_is_refused(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        call()
    assert payloads.current_region() == "us-east-1"


# ---------------------------------------------------------------- one account everywhere

IN_ANOTHER_ACCOUNT = """
import boto3
import pytest

ACCOUNT = "444455556666"


def accounts_in(value):
    if isinstance(value, dict):
        return {a for item in value.values() for a in accounts_in(item)}
    if isinstance(value, list):
        return {a for item in value for a in accounts_in(item)}
    return {value.split(":")[4]} if isinstance(value, str) and value.startswith("arn:") else set()


@pytest.fixture(params=["fake", "server"])
def service(request):
    if request.param == "fake":
        yield request.getfixturevalue("ssm_incidents_fake"), boto3.client("ssm-incidents")
    else:
        server = request.getfixturevalue("ssm_incidents_server")
        yield server, boto3.client("ssm-incidents", endpoint_url=server.endpoint_url)


def test_everything_names_the_ini_account(service):
    seeder, client = service
    assert seeder.account == ACCOUNT
    plan = client.create_response_plan(name="checkout", incidentTemplate={"title": "Down", "impact": 2})["arn"]
    incident = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
    client.update_incident_record(arn=incident, status="RESOLVED")
    answered = [
        client.get_incident_record(arn=incident)["incidentRecord"],
        client.get_response_plan(arn=plan),
        seeder.put_incident_record(),
        seeder.put_response_plan(),
        seeder.put_replication_set(),
    ]
    assert accounts_in(answered) == {ACCOUNT}
"""


def test_the_ini_account_reaches_the_fake_and_the_server(downstream: pytest.Pytester) -> None:
    downstream.makeini(f"{INI}ssm_incidents_account = 444455556666\n")
    downstream.makepyfile(IN_ANOTHER_ACCOUNT)
    result = downstream.runpytest("--allow-hosts=127.0.0.1")
    result.assert_outcomes(passed=2)
    assert incident_record()["arn"].split(":")[4] == "111122223333"  # builders outside a fake keep theirs


def test_an_ini_account_that_is_not_one_is_a_usage_error(downstream: pytest.Pytester) -> None:
    downstream.makeini(f"{INI}ssm_incidents_account = 4444-5555-6666\n")
    downstream.makepyfile("def test_fake(ssm_incidents_fake):\n    pass\n")
    result = downstream.runpytest()
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        ["*ini option ssm_incidents_account: account='4444-5555-6666' is not an AWS account ID: *12 digits*"]
    )


def test_a_fake_made_for_an_account_names_it_and_builders_outside_it_do_not() -> None:
    outside = incident_record()
    payloads.reset_serials(hypothesis_test=False)  # the same default again, now for another account
    with IncidentsFake(account="444455556666") as fake:
        record = fake.put_incident_record()
    assert record["arn"] != outside["arn"]
    assert record["arn"].split(":")[4] == record["incidentRecordSource"]["createdBy"].split(":")[4] == "444455556666"
    assert outside["arn"].split(":")[4] == incident_record()["arn"].split(":")[4] == "111122223333"


@pytest.mark.parametrize("account", ["", "12ab", "1234567890123", " 444455556666", 444455556666, None])
def test_an_account_that_is_not_one_is_refused(account: Any) -> None:
    with pytest.raises(ValueError, match=rf"^account={re.escape(repr(account))} is not an AWS account ID: .*12 digits"):
        IncidentsFake(account=account)


# ---------------------------------------------------------------- clients made at import time

BOT = """
import boto3

CLIENT = boto3.client("ssm-incidents")  # at import time, as much production code does


def title(arn):
    return CLIENT.get_incident_record(arn=arn)["incidentRecord"]["title"]
"""

TEST_BOT = """
import os
from import_time_bot import CLIENT, title


def test_the_module_client_is_answered(ssm_incidents_fake):
    assert CLIENT.meta.region_name == "eu-west-1"
    record = ssm_incidents_fake.put_incident_record(title="Checkout down")
    assert title(record["arn"]) == "Checkout down"


def test_the_session_holds_fake_settings():
    assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAIOSFODNN7EXAMPLE"
    assert os.environ["AWS_CONFIG_FILE"] == os.devnull
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
    assert "AWS_PROFILE" not in os.environ
"""


def test_import_time_clients_need_the_fake_aws_env(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    downstream.makepyfile(import_time_bot=BOT, test_bot=TEST_BOT)
    monkeypatch.setenv("AWS_PROFILE", "someones-real-profile")
    # Without the option, the module-level client reads this machine's broken ~/.aws and fails.
    downstream.makeini(f"{INI}ssm_incidents_region = eu-west-1\n")
    without = downstream.runpytest_subprocess()
    without.assert_outcomes(errors=1)
    without.stdout.fnmatch_lines(["*ProfileNotFound*someones-real-profile*"])
    # With it, the session holds fake credentials, the ini region and no files.
    downstream.makeini(f"{INI}ssm_incidents_region = eu-west-1\nssm_incidents_fake_aws_env = true\n")
    downstream.runpytest_subprocess().assert_outcomes(passed=2)


CONFTEST_CLIENT = """
import boto3

CLIENT = boto3.client("ssm-incidents")  # made while pytest imports this conftest.py, before pytest_configure
"""

TEST_CONFTEST_CLIENTS = """
import conftest
from tests import conftest as tests_conftest


def test_clients_made_by_the_conftests_are_answered(ssm_incidents_fake):
    record = ssm_incidents_fake.put_incident_record(title="Checkout down")
    for client in (conftest.CLIENT, tests_conftest.CLIENT):
        assert client.meta.region_name == "eu-west-1"
        assert client.get_incident_record(arn=record["arn"])["incidentRecord"]["title"] == "Checkout down"
"""


def test_the_fake_aws_env_covers_clients_the_initial_conftests_make(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pytest imports the rootdir's conftest.py and those of the paths it is given before
    # pytest_configure: with no AWS setup, their clients found no region and no keys.
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    downstream.makeini(f"{INI}ssm_incidents_region = eu-west-1\nssm_incidents_fake_aws_env = true\n")
    downstream.makeconftest(CONFTEST_CLIENT)
    tests = downstream.mkpydir("tests")
    (tests / "conftest.py").write_text(CONFTEST_CLIENT)
    (tests / "test_conftest_clients.py").write_text(TEST_CONFTEST_CLIENTS)
    downstream.runpytest_subprocess("tests").assert_outcomes(passed=1)


def test_the_fake_aws_env_imports_nothing_before_the_first_conftest(downstream: pytest.Pytester) -> None:
    # A conftest.py may need to act before botocore loads (botocore reads HOME when imported).
    downstream.makeini(f"{INI}ssm_incidents_fake_aws_env = true\n")
    downstream.makeconftest(
        "import os, sys\n"
        "BOTOCORE_BEFORE = 'botocore' in sys.modules\n"
        "KEY_BEFORE = os.environ.get('AWS_ACCESS_KEY_ID')\n"
    )
    downstream.makepyfile(
        "import conftest\n"
        "def test_order():\n"
        "    assert not conftest.BOTOCORE_BEFORE\n"
        "    assert conftest.KEY_BEFORE == 'AKIAIOSFODNN7EXAMPLE'\n"
    )
    downstream.runpytest_subprocess().assert_outcomes(passed=1)


def test_the_fake_aws_env_holds_where_a_conftest_registers_the_plugin(
    downstream: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With autoloading off, the plugin comes in while the first conftest.py is imported:
    # too late for the early hook, so pytest_configure takes the hold alone.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.setenv("AWS_CA_BUNDLE", "/etc/a-users-bundle.pem")
    downstream.makeini("[pytest]\naddopts = -p no:cacheprovider\nssm_incidents_fake_aws_env = true\n")
    downstream.makeconftest('pytest_plugins = ["ssmincidents_stub.plugin"]\n')
    downstream.makepyfile(
        "import os\n"
        "def test_held():\n"
        "    assert os.environ['AWS_ACCESS_KEY_ID'] == 'AKIAIOSFODNN7EXAMPLE'\n"
        "    assert 'AWS_CA_BUNDLE' not in os.environ\n"
    )
    downstream.runpytest_subprocess().assert_outcomes(passed=1)


def test_the_fake_aws_env_is_put_back_when_a_conftest_fails_to_import(downstream: pytest.Pytester) -> None:
    # pytest then ends without unconfiguring: the plugin puts the environment back itself.
    downstream.makeini(f"{INI}ssm_incidents_fake_aws_env = true\n")
    downstream.makeconftest("raise RuntimeError('a broken conftest')")
    before = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
    result = downstream.runpytest()
    # A usage error; an internal one on pytest 7.4 with pluggy 1.4 and later, whose warning
    # about pytest's own hook wrapper the suite's filterwarnings=error turns into a crash.
    assert result.ret in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR)
    assert {name: value for name, value in os.environ.items() if name.startswith("AWS_")} == before


def test_the_fake_aws_env_is_restored_when_the_session_ends(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(test_bot=TEST_BOT.split("\n\n\ndef test_the_module")[0] + "\n" + TEST_BOT.split("\n\n\n")[-1])
    downstream.makeini(f"{INI}ssm_incidents_region = eu-west-1\nssm_incidents_fake_aws_env = true\n")
    before = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}
    downstream.makepyfile(import_time_bot=BOT)
    downstream.runpytest().assert_outcomes(passed=1)
    assert {name: value for name, value in os.environ.items() if name.startswith("AWS_")} == before


def test_a_stub_of_its_own_uses_the_current_region() -> None:
    with use_region("eu-central-1"), IncidentsStub() as stub:
        assert stub.client.meta.region_name == "eu-central-1"
