"""The incident bot end to end, against the whole fake service: a downstream team's tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from incident_bot import IncidentBot, IncidentBotError

from ssmincidents_stub import IncidentsFake

ALARM = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-5xx"
DASHBOARD = "https://dashboards.example.com/d/checkout"


@pytest.fixture
def bot(ssm_incidents_fake: IncidentsFake) -> IncidentBot:
    # An onboarded account: a replication set, and the plan the alarms use.
    ssm_incidents_fake.put_replication_set()
    plan = ssm_incidents_fake.put_response_plan(name="checkout-critical")
    return IncidentBot(boto3.client("ssm-incidents"), plan["arn"])


def test_an_alarm_becomes_one_incident_however_often_it_fires(bot: IncidentBot) -> None:
    first = bot.on_alarm(ALARM, "5xx above 5%", DASHBOARD)
    again = bot.on_alarm(ALARM, "still above 5%", DASHBOARD)

    assert again == first  # the plan's dedupeString folds the second alarm into the open incident
    assert [summary["arn"] for summary in bot.open_incidents()] == [first]
    related = bot.client.list_related_items(incidentRecordArn=first)["relatedItems"]
    assert [item["identifier"]["value"] for item in related] == [{"url": DASHBOARD}]


def test_notes_escalation_and_resolution_are_on_the_timeline(bot: IncidentBot) -> None:
    arn = bot.on_alarm(ALARM, "5xx above 5%", DASHBOARD)
    bot.note(arn, "Rolled back deploy 4121")
    bot.escalate(arn)
    bot.resolve(arn, "Bad deploy rolled back")

    record = bot.client.get_incident_record(arn=arn)["incidentRecord"]
    assert (record["status"], record["impact"], record["summary"]) == ("RESOLVED", 1, "Bad deploy rolled back")
    assert record["resolvedTime"] >= record["creationTime"]
    assert list(bot.open_incidents()) == []
    history = bot.history(arn)
    assert "SSM Incident Trigger: aws.cloudwatch" in history
    assert "Note: Rolled back deploy 4121" in history
    updates = [line for line in history if line.startswith("SSM Incident Record Update")]
    assert updates == [
        "SSM Incident Record Update: impact -> 1",
        "SSM Incident Record Update: summary -> Bad deploy rolled back, status -> RESOLVED",
    ]


def test_a_resolved_incident_does_not_swallow_the_next_alarm(bot: IncidentBot) -> None:
    first = bot.on_alarm(ALARM, "5xx above 5%", DASHBOARD)
    bot.resolve(first, "Recovered by itself")
    second = bot.on_alarm(ALARM, "5xx above 5% again", DASHBOARD)
    assert second != first
    assert [summary["arn"] for summary in bot.open_incidents()] == [second]


def test_throttling_is_absorbed_by_botocores_retries(bot: IncidentBot, ssm_incidents_fake: IncidentsFake) -> None:
    bot.client = boto3.client("ssm-incidents", config=Config(retries={"mode": "standard"}))
    ssm_incidents_fake.fail_next("start_incident", "ThrottlingException", times=2)
    arn = bot.on_alarm(ALARM, "5xx above 5%", DASHBOARD)
    assert [call.status for call in ssm_incidents_fake.calls_to("start_incident")] == [429, 429, 200]
    assert arn.startswith("arn:aws:ssm-incidents::111122223333:incident-record/checkout-critical/")


def test_a_deleted_response_plan_is_a_clear_error(bot: IncidentBot) -> None:
    bot.client.delete_response_plan(arn=bot.response_plan_arn)
    with pytest.raises(IncidentBotError, match=r"response plan .*checkout-critical is gone; alarms cannot page"):
        bot.on_alarm(ALARM, "5xx above 5%", DASHBOARD)


def test_many_open_incidents_are_listed_across_pages(bot: IncidentBot, ssm_incidents_fake: IncidentsFake) -> None:
    seeded: list[Any] = [ssm_incidents_fake.put_incident_record() for _ in range(120)]  # more than one page
    assert len(list(bot.open_incidents())) == len(seeded)
