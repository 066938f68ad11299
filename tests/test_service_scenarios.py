"""The whole service through real boto3 clients: one scenario per resource family, and a tour of all 31."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from ssmincidents_stub import IncidentsFake, model
from ssmincidents_stub.service import IncidentManager, paging

UTC = datetime.timezone.utc
SNS = "arn:aws:sns:us-east-1:111122223333:checkout-pager"
ALARM = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:checkout-5xx"


def _client() -> Any:
    return boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))


def _error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    response: Any = caught.value.response
    return dict(response)


def _plan(client: Any, name: str = "checkout", **template: Any) -> str:
    arn: str = client.create_response_plan(
        name=name,
        displayName="Checkout incidents",
        incidentTemplate={"title": "Checkout down", "impact": 2, "summary": "5xx above 5%", **template},
        chatChannel={"chatbotSns": [SNS]},
        actions=[{"ssmAutomation": {"documentName": "Runbook", "roleArn": "arn:aws:iam::111122223333:role/r"}}],
        tags={"team": "payments"},
    )["arn"]
    return arn


# ---------------------------------------------------------------- incident records


def test_start_update_resolve_and_list_incidents(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    plan = _plan(
        client, dedupeString="checkout-5xx", notificationTargets=[{"snsTopicArn": SNS}], incidentTags={"tier": "1"}
    )
    trigger = {"source": "aws.cloudwatch", "timestamp": datetime.datetime(2026, 3, 14, tzinfo=UTC), "triggerArn": ALARM}
    arn = client.start_incident(responsePlanArn=plan, impact=1, triggerDetails=trigger)["incidentRecordArn"]
    assert arn.startswith("arn:aws:ssm-incidents::111122223333:incident-record/checkout/")

    record = client.get_incident_record(arn=arn)["incidentRecord"]
    assert (record["title"], record["impact"], record["summary"], record["status"]) == (
        "Checkout down",
        1,
        "5xx above 5%",
        "OPEN",
    )
    assert record["dedupeString"] == "checkout-5xx"
    assert record["chatChannel"] == {"chatbotSns": [SNS]}
    assert record["notificationTargets"] == [{"snsTopicArn": SNS}]
    assert record["incidentRecordSource"]["source"] == "aws.cloudwatch"
    assert record["incidentRecordSource"]["resourceArn"] == ALARM
    assert len(record["automationExecutions"]) == 1
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"tier": "1"}
    opened = client.list_timeline_events(incidentRecordArn=arn, sortOrder="ASCENDING")["eventSummaries"]
    assert [event["eventType"] for event in opened] == ["SSM Incident Trigger", "SSM Incident Start"]  # by eventTime
    trigger_event = client.get_timeline_event(incidentRecordArn=arn, eventId=opened[0]["eventId"])["event"]
    assert trigger_event["eventTime"] == trigger["timestamp"]  # when the alarm fired
    assert json.loads(trigger_event["eventData"]) == {
        "createdIncident": True,
        "incidentSource": "aws.cloudwatch",
        "triggerArn": ALARM,
    }

    # The same dedupeString folds a second start into the open incident.
    again = client.start_incident(responsePlanArn=plan, title="Another alarm")["incidentRecordArn"]
    assert again == arn
    assert len(client.list_incident_records()["incidentRecordSummaries"]) == 1

    ssm_incidents_fake.advance_clock(600)
    client.update_incident_record(arn=arn, status="RESOLVED", summary="Rolled back deploy 4121")
    resolved = client.get_incident_record(arn=arn)["incidentRecord"]
    assert resolved["status"] == "RESOLVED"
    assert resolved["resolvedTime"] == resolved["lastModifiedTime"] >= resolved["creationTime"]
    assert resolved["lastModifiedBy"] == "arn:aws:sts::111122223333:assumed-role/IncidentResponder/ssmincidents-stub"
    update = next(
        e
        for e in client.list_timeline_events(incidentRecordArn=arn)["eventSummaries"]
        if e["eventType"] == "SSM Incident Record Update"
    )
    data = json.loads(client.get_timeline_event(incidentRecordArn=arn, eventId=update["eventId"])["event"]["eventData"])
    assert data == {  # the form of the API Reference's sample
        "modifiedBy": resolved["lastModifiedBy"],
        "modifiedAttributes": [
            {"attributeName": "summary", "newValue": "Rolled back deploy 4121"},
            {"attributeName": "status", "newValue": "RESOLVED"},
        ],
        "incidentTitle": "Checkout down",
    }

    # Once it is resolved, the same dedupeString opens a new incident.
    third = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
    assert third != arn
    by_status = client.list_incident_records(
        filters=[{"key": "status", "condition": {"equals": {"stringValues": ["RESOLVED"]}}}]
    )
    assert [s["arn"] for s in by_status["incidentRecordSummaries"]] == [arn]
    newest_first = [s["arn"] for s in client.list_incident_records()["incidentRecordSummaries"]]
    assert newest_first == [third, arn]
    # ...and the resolved one cannot be reopened while its duplicate is open.
    conflict = _error(client.update_incident_record, arn=arn, status="OPEN")
    assert conflict["Error"]["Code"] == "ConflictException"

    client.delete_incident_record(arn=arn)
    client.delete_incident_record(arn=arn)  # deleting what is gone succeeds: the model has no 404 for it
    assert _error(client.get_incident_record, arn=arn)["resourceType"] == "INCIDENT_RECORD"


def test_list_incident_records_applies_every_filter_key(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    plan = _plan(client)
    arns = []
    for impact in (1, 2, 3):
        arns.append(client.start_incident(responsePlanArn=plan, impact=impact)["incidentRecordArn"])
        ssm_incidents_fake.advance_clock(60)  # a minute apart: filters compare whole seconds on older botocore
    middle = client.get_incident_record(arn=arns[1])["incidentRecord"]["creationTime"]
    seeded = ssm_incidents_fake.put_incident_record(
        impact=1, incidentRecordSource={"createdBy": "arn:aws:iam::111122223333:role/Other", "source": "aws.events"}
    )

    def listed(*filters: Any) -> list[str]:
        pages = client.get_paginator("list_incident_records").paginate(
            filters=list(filters), PaginationConfig={"PageSize": 1}
        )
        return [summary["arn"] for page in pages for summary in page["incidentRecordSummaries"]]

    assert listed({"key": "impact", "condition": {"equals": {"integerValues": [1, 3]}}}) == [
        arns[2],
        arns[0],
        seeded["arn"],
    ]
    half_a_minute = datetime.timedelta(seconds=30)
    assert listed({"key": "creationTime", "condition": {"after": middle + half_a_minute}}) == [arns[2]]
    assert listed({"key": "creationTime", "condition": {"before": middle - half_a_minute}}) == [arns[0], seeded["arn"]]
    assert listed(
        {"key": "createdBy", "condition": {"equals": {"stringValues": ["arn:aws:iam::111122223333:role/Other"]}}}
    ) == [seeded["arn"]]
    assert listed(  # several filters: all must match
        {"key": "impact", "condition": {"equals": {"integerValues": [1]}}},
        {"key": "status", "condition": {"equals": {"stringValues": ["OPEN"]}}},
        {"key": "creationTime", "condition": {"after": datetime.datetime(2026, 4, 1, tzinfo=UTC)}},
    ) == [arns[0]]
    bad_key = _error(
        client.list_incident_records, filters=[{"key": "title", "condition": {"equals": {"stringValues": ["x"]}}}]
    )
    assert (
        bad_key["Error"]["Message"] == "Invalid filter key 'title'; valid keys: creationTime, impact, status, createdBy"
    )
    bad_condition = _error(client.list_incident_records, filters=[{"key": "impact", "condition": {"before": middle}}])
    assert bad_condition["Error"]["Message"] == "Filter key 'impact' takes an equals condition, not before"


# ---------------------------------------------------------------- timeline events


def test_timeline_events_create_get_update_delete_and_filter(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    record = ssm_incidents_fake.put_incident_record()
    arn = record["arn"]
    when = datetime.datetime(2026, 3, 14, 10, tzinfo=UTC)
    note = client.create_timeline_event(
        incidentRecordArn=arn,
        eventTime=when,
        eventType="Note",
        eventData='"Paged the on-call"',
        eventReferences=[{"resource": arn}],
    )["eventId"]
    custom = client.create_timeline_event(
        incidentRecordArn=arn,
        eventTime=when + datetime.timedelta(minutes=5),
        eventType="Custom Event",
        eventData='"Rolled back"',
    )["eventId"]
    client.update_timeline_event(incidentRecordArn=arn, eventId=custom, eventData='"Rolled back deploy 4121"')
    updated = client.get_timeline_event(incidentRecordArn=arn, eventId=custom)["event"]
    assert updated["eventData"] == '"Rolled back deploy 4121"'
    assert when < updated["eventUpdatedTime"] < ssm_incidents_fake.now  # when it was updated, not when it happened

    def listed(**params: Any) -> list[str]:
        return [e["eventId"] for e in client.list_timeline_events(incidentRecordArn=arn, **params)["eventSummaries"]]

    assert listed(sortBy="EVENT_TIME", sortOrder="DESCENDING") == [custom, note]
    assert listed(filters=[{"key": "eventType", "condition": {"equals": {"stringValues": ["Note"]}}}]) == [note]
    assert listed(filters=[{"key": "eventReference", "condition": {"equals": {"stringValues": [arn]}}}]) == [note]
    assert listed(filters=[{"key": "eventTime", "condition": {"after": when}}]) == [custom]

    system = ssm_incidents_fake.put_timeline_event(incidentRecordArn=arn, eventType="SSM Incident Record Update")
    refused = _error(client.update_timeline_event, incidentRecordArn=arn, eventId=system["eventId"], eventData='"x"')
    assert refused["Error"]["Message"] == (
        "Invalid eventType 'SSM Incident Record Update': "
        "you can only create or update events of type Custom Event and Note"
    )
    # The model limits the types CreateTimelineEvent and UpdateTimelineEvent take, not DeleteTimelineEvent's.
    client.delete_timeline_event(incidentRecordArn=arn, eventId=system["eventId"])
    assert _error(client.get_timeline_event, incidentRecordArn=arn, eventId=system["eventId"])
    client.delete_timeline_event(incidentRecordArn=arn, eventId=note)
    client.delete_timeline_event(incidentRecordArn=arn, eventId=note)  # no 404 in the model: it succeeds
    assert _error(client.get_timeline_event, incidentRecordArn=arn, eventId=note)["resourceType"] == "TIMELINE_EVENT"


def test_the_incident_arn_as_reference_finds_its_notes_and_not_the_services_own_events(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    # How the API Reference says to put a note on the Incident notes panel: a Note whose
    # eventReference is the incident's ARN. The events the service writes carry no reference.
    client = _client()
    arn = client.start_incident(responsePlanArn=_plan(client))["incidentRecordArn"]
    client.update_incident_record(arn=arn, impact=1)
    note = client.create_timeline_event(
        incidentRecordArn=arn,
        eventTime=datetime.datetime(2026, 3, 14, 10, tzinfo=UTC),
        eventType="Note",
        eventData='"Paged the on-call"',
        eventReferences=[{"resource": arn}],
    )["eventId"]
    every = client.list_timeline_events(incidentRecordArn=arn)["eventSummaries"]
    assert sorted(e["eventType"] for e in every) == ["Note", "SSM Incident Record Update", "SSM Incident Start"]
    assert [e for e in every if e["eventType"] != "Note" and "eventReferences" in e] == []
    notes = client.list_timeline_events(
        incidentRecordArn=arn, filters=[{"key": "eventReference", "condition": {"equals": {"stringValues": [arn]}}}]
    )["eventSummaries"]
    assert [e["eventId"] for e in notes] == [note]


def test_lists_show_every_change_to_what_they_listed_before(ssm_incidents_fake: IncidentsFake) -> None:
    """Answers reuse the JSON of unchanged items (list summaries, records, events): no change may be missed."""
    client = _client()
    plan = _plan(client)
    first, second, third = (
        client.start_incident(responsePlanArn=plan, title=f"incident {n}")["incidentRecordArn"] for n in range(3)
    )

    def records() -> dict[str, dict[str, Any]]:
        listed = client.list_incident_records()["incidentRecordSummaries"]
        for summary in listed:  # list and get agree on every member the summary shows
            record = client.get_incident_record(arn=summary["arn"])["incidentRecord"]
            assert summary == {name: record[name] for name in summary}
        return {summary["arn"]: summary for summary in listed}

    before = records()
    client.update_incident_record(arn=first, title="renamed", impact=1, status="RESOLVED")
    after = records()
    assert (after[first]["title"], after[first]["impact"], after[first]["status"]) == ("renamed", 1, "RESOLVED")
    assert "resolvedTime" in after[first] and "resolvedTime" not in before[first]
    assert after[second] == before[second]
    ssm_incidents_fake.put_incident_record(arn=second, title="seeded over")
    assert records()[second]["title"] == "seeded over"
    client.delete_incident_record(arn=third)
    assert set(records()) == {first, second}

    when = datetime.datetime(2026, 3, 14, 10, tzinfo=UTC)
    event = client.create_timeline_event(incidentRecordArn=first, eventTime=when, eventType="Note", eventData='"a"')

    def event_times() -> dict[str, datetime.datetime]:
        listed = client.list_timeline_events(incidentRecordArn=first)["eventSummaries"]
        return {summary["eventId"]: summary["eventTime"] for summary in listed}

    def got() -> dict[str, Any]:
        answer: dict[str, Any] = client.get_timeline_event(incidentRecordArn=first, eventId=event["eventId"])
        return answer["event"]  # type: ignore[no-any-return]

    assert event_times()[event["eventId"]] == when == got()["eventTime"]
    later = when + datetime.timedelta(minutes=7)
    client.update_timeline_event(incidentRecordArn=first, eventId=event["eventId"], eventTime=later, eventData='"b"')
    assert event_times()[event["eventId"]] == later == got()["eventTime"]
    assert got()["eventData"] == '"b"'
    client.delete_timeline_event(incidentRecordArn=first, eventId=event["eventId"])
    assert event["eventId"] not in event_times()

    page = {"type": "OTHER", "value": {"url": "https://status.example.com/checkout"}}
    client.update_related_items(incidentRecordArn=first, relatedItemsUpdate={"itemToAdd": {"identifier": page}})
    assert [item["identifier"] for item in client.list_related_items(incidentRecordArn=first)["relatedItems"]] == [page]
    client.update_related_items(incidentRecordArn=first, relatedItemsUpdate={"itemToRemove": page})
    assert client.list_related_items(incidentRecordArn=first)["relatedItems"] == []

    def plan_names() -> dict[str, str]:
        return {p["arn"]: p.get("displayName", "") for p in client.list_response_plans()["responsePlanSummaries"]}

    assert plan_names() == {plan: "Checkout incidents"}
    client.update_response_plan(arn=plan, displayName="Checkout, renamed")
    assert plan_names() == {plan: "Checkout, renamed"}
    ssm_incidents_fake.put_response_plan(arn=plan, name="checkout", displayName="Seeded over")
    assert plan_names() == {plan: "Seeded over"}
    client.delete_response_plan(arn=plan)
    assert plan_names() == {}


# ---------------------------------------------------------------- related items


def test_related_items_add_list_remove_with_timeline_events(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    runbook = {"type": "OTHER", "value": {"url": "https://wiki.example.com/runbooks/checkout"}}
    client.update_related_items(
        incidentRecordArn=arn, relatedItemsUpdate={"itemToAdd": {"identifier": runbook, "title": "Runbook"}}
    )
    (item,) = client.list_related_items(incidentRecordArn=arn)["relatedItems"]
    assert item["identifier"] == runbook and item["title"] == "Runbook"
    assert item["generatedId"].startswith("related-item/OTHER/")
    twice = _error(
        client.update_related_items, incidentRecordArn=arn, relatedItemsUpdate={"itemToAdd": {"identifier": runbook}}
    )
    assert twice["Error"]["Code"] == "ConflictException"
    client.update_related_items(incidentRecordArn=arn, relatedItemsUpdate={"itemToRemove": runbook})
    assert client.list_related_items(incidentRecordArn=arn)["relatedItems"] == []
    gone = _error(client.update_related_items, incidentRecordArn=arn, relatedItemsUpdate={"itemToRemove": runbook})
    assert gone["Error"]["Code"] == "ResourceNotFoundException"
    events = client.list_timeline_events(incidentRecordArn=arn)["eventSummaries"]
    assert [e["eventType"] for e in events] == ["SSM Incident Record Update", "SSM Incident Record Update"]


# ---------------------------------------------------------------- response plans, tags and policies


def test_response_plans_page_by_name_through_changes(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    template: Any = {"title": "Checkout down", "impact": 3}
    for name in ("payments", "checkout", "search", "auth", "billing", "zeta", "login"):
        client.create_response_plan(name=name, incidentTemplate=template)
    ssm_incidents_fake.put_response_plan(name="inventory")
    client.delete_response_plan(arn=ssm_incidents_fake.put_response_plan(name="gone")["arn"])
    first = client.list_response_plans(maxResults=3)
    client.create_response_plan(name="aardvark", incidentTemplate=template)  # before the token: not listed
    client.delete_response_plan(arn=first["responsePlanSummaries"][0]["arn"])  # already listed
    rest = client.get_paginator("list_response_plans").paginate(
        PaginationConfig={"PageSize": 3, "StartingToken": first["nextToken"]}
    )
    names = [plan["name"] for plan in first["responsePlanSummaries"]]
    names += [plan["name"] for page in rest for plan in page["responsePlanSummaries"]]
    assert names == ["auth", "billing", "checkout", "inventory", "login", "payments", "search", "zeta"]
    assert _error(client.list_response_plans, nextToken="forged")["Error"]["Code"] == "ValidationException"


def test_every_list_quotes_a_refused_next_token_and_says_which_it_takes(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: four of the five checks of a nextToken refused one without quoting
    # it, in three wordings; and a time past any float, in a well-formed token, was a 500.
    client = _client()
    incident, other = (ssm_incidents_fake.put_incident_record()["arn"] for _ in range(2))
    for _ in range(2):
        client.update_related_items(incidentRecordArn=incident, relatedItemsUpdate={"itemToAdd": _item()})
    token = paging.encode_token
    past_any_float = 10**400
    same_incident_and_order = " (the same incidentRecordArn and sortOrder)"
    cases: list[tuple[Any, dict[str, Any], str]] = [
        # Tokens that decode, but carry a position the list never issues.
        (client.list_incident_records, {"nextToken": token("ListIncidentRecords", ["yesterday", incident])}, ""),
        (client.list_incident_records, {"nextToken": token("ListIncidentRecords", [past_any_float, incident])}, ""),
        (client.list_response_plans, {"nextToken": token("ListResponsePlans", ["checkout", 7])}, ""),
        (
            client.list_timeline_events,
            {"incidentRecordArn": incident, "nextToken": token("ListTimelineEvents", [other, "DESCENDING", 0, "e"])},
            same_incident_and_order,
        ),
        (
            client.list_timeline_events,
            {
                "incidentRecordArn": incident,
                "nextToken": token("ListTimelineEvents", [incident, "DESCENDING", past_any_float, "e"]),
            },
            same_incident_and_order,
        ),
        # The lists paging.page cuts: another incident's token, and text where the list sorts by order.
        (
            client.list_related_items,
            {"incidentRecordArn": incident, "nextToken": token("ListRelatedItems", [other, 1])},
            " (the same incidentRecordArn)",
        ),
        (
            client.list_related_items,
            {"incidentRecordArn": incident, "nextToken": token("ListRelatedItems", [incident, "1"])},
            " (the same incidentRecordArn)",
        ),
        (
            client.get_resource_policies,
            {"resourceArn": _plan(client), "nextToken": token("GetResourcePolicies", [other, 1])},
            " (the same resourceArn)",
        ),
        # Not a token at all, and one another list issued.
        (client.list_response_plans, {"nextToken": "forged"}, ""),
        (client.list_response_plans, {"nextToken": token("ListIncidentRecords", [0, incident])}, ""),
    ]
    for call, params, hint in cases:
        error = _error(call, **params)["Error"]
        assert error["Code"] == "ValidationException"
        assert error["Message"] == (
            f"The nextToken {params['nextToken'][:100]!r} is not valid for this list; "
            f"pass the nextToken of a previous answer to this same list{hint}"
        )


def test_a_refused_policy_is_quoted_with_why_and_what_a_policy_is(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: "The policy is not a valid JSON policy document" named neither the
    # value nor what a policy is.
    client = _client()
    arn = _plan(client)
    deep = "[" * 2000 + "]" * 2000  # as long as a policy may be; too deep for json, on the Pythons that limit it
    try:
        json.loads(deep)
    except RecursionError:
        deep_why = "it is nested too deeply to read"
    else:
        deep_why = "it is an array, not an object"
    for policy, why in (
        ("{not json", "it is not JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))"),
        ("", "it is not JSON (Expecting value: line 1 column 1 (char 0))"),
        (json.dumps(list(range(100))), "it is an array, not an object"),  # quoted to its first 100 characters
        ('"Allow"', "it is a string, not an object"),
        ("null", "it is null, not an object"),
        (deep, deep_why),
    ):
        error = _error(client.put_resource_policy, resourceArn=arn, policy=policy)["Error"]
        assert error["Code"] == "ValidationException"
        assert error["Message"] == (
            f"The policy {policy[:100]!r} is not a valid JSON policy document: {why}; "
            "a policy is an IAM policy document, a JSON object"
        )
    assert client.get_resource_policies(resourceArn=arn)["resourcePolicies"] == []


def test_response_plans_crud_tags_and_policies(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    arn = _plan(client)
    assert arn == "arn:aws:ssm-incidents::111122223333:response-plan/checkout"
    assert _error(client.create_response_plan, name="checkout", incidentTemplate={"title": "t", "impact": 3})["Error"][
        "Code"
    ] == ("ConflictException")
    client.update_response_plan(
        arn=arn, incidentTemplateImpact=1, incidentTemplateTitle="Checkout is down", chatChannel={"empty": {}}
    )
    plan = client.get_response_plan(arn=arn)
    assert (plan["incidentTemplate"]["impact"], plan["incidentTemplate"]["title"]) == (1, "Checkout is down")
    assert "chatChannel" not in plan  # the empty chat channel removes it
    client.update_response_plan(arn=arn, incidentTemplateTags={"tier": "1"})
    assert client.get_response_plan(arn=arn)["incidentTemplate"]["incidentTags"] == {"tier": "1"}
    client.update_response_plan(arn=arn, incidentTemplateTags={})  # the empty map clears the tags
    template = client.get_response_plan(arn=arn)["incidentTemplate"]
    assert "incidentTags" not in template
    client.create_response_plan(name="copy", incidentTemplate=template)  # what a plan holds, a plan takes
    client.delete_response_plan(arn=arn.replace("checkout", "copy"))
    second = _plan(client, name="search")
    summaries = client.list_response_plans()["responsePlanSummaries"]
    assert [s["arn"] for s in summaries] == [arn, second]

    client.tag_resource(resourceArn=arn, tags={"tier": "1"})
    client.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"tier": "1"}
    too_many = _error(client.tag_resource, resourceArn=arn, tags={f"k{i}": "v" for i in range(50)})
    assert too_many["Error"]["Code"] == "ServiceQuotaExceededException"
    assert too_many["ResponseMetadata"]["HTTPStatusCode"] == 402

    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    policy_id = client.put_resource_policy(resourceArn=arn, policy=policy)["policyId"]
    (held,) = client.get_resource_policies(resourceArn=arn)["resourcePolicies"]
    assert held == {"policyId": policy_id, "policyDocument": policy, "ramResourceShareRegion": "us-east-1"}
    assert re.fullmatch("[0-9a-f]{32}", policy_id)  # as the CLI reference's sample shows them: no dashes
    assert (
        _error(client.put_resource_policy, resourceArn=arn, policy="{not json")["Error"]["Code"]
        == "ValidationException"
    )
    client.delete_resource_policy(resourceArn=arn, policyId=policy_id)
    assert (
        _error(client.delete_resource_policy, resourceArn=arn, policyId=policy_id)["resourceType"] == "RESOURCE_POLICY"
    )

    client.delete_response_plan(arn=arn)
    client.delete_response_plan(arn=arn)  # no 404 in the model: it succeeds
    assert _error(client.get_response_plan, arn=arn)["resourceType"] == "RESPONSE_PLAN"
    assert _error(client.start_incident, responsePlanArn=arn)["resourceIdentifier"] == arn


# ---------------------------------------------------------------- the replication set


def test_replication_set_lifecycle_waiters_limits_and_protection(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    # The model caps the Regions at three: the service's input check refuses a fourth.
    four: dict[str, Any] = {region: {} for region in ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1")}
    too_many = _error(client.create_replication_set, regions=four)
    assert too_many["Error"]["Message"].endswith(
        "at 'regions' failed to satisfy constraint: Member must have length less than or equal to 3"
    )
    unknown = _error(client.create_replication_set, regions={"mars-north-1": {}})
    assert unknown["Error"]["Message"] == (
        "Invalid region name 'mars-north-1' in partition aws; use a region of that partition, such as 'us-east-1'"
    )
    arn = client.create_replication_set(regions={"us-east-1": {}, "eu-west-1": {"sseKmsKeyId": "alias/incidents"}})[
        "arn"
    ]
    assert client.get_replication_set(arn=arn)["replicationSet"]["status"] == "CREATING"
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    active = client.get_replication_set(arn=arn)["replicationSet"]
    assert active["status"] == "ACTIVE"
    assert {name: region["status"] for name, region in active["regionMap"].items()} == {
        "us-east-1": "ACTIVE",
        "eu-west-1": "ACTIVE",
    }
    assert active["regionMap"]["us-east-1"]["sseKmsKeyId"] == "DefaultKey"
    assert ssm_incidents_fake.waiter_sleeps == [30]
    assert client.list_replication_sets()["replicationSetArns"] == [arn]
    second = _error(client.create_replication_set, regions={"us-east-1": {}})  # one per account
    assert (second["Error"]["Code"], second["ResponseMetadata"]["HTTPStatusCode"]) == (
        "ServiceQuotaExceededException",
        402,
    )
    assert (second["resourceType"], second["serviceCode"]) == ("REPLICATION_SET", "ssm-incidents")

    ssm_incidents_fake.advance_clock(24 * 3600)  # a Region can be deleted a day after it was added
    client.update_replication_set(arn=arn, actions=[{"deleteRegionAction": {"regionName": "eu-west-1"}}])
    assert client.get_replication_set(arn=arn)["replicationSet"]["status"] == "UPDATING"
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    assert list(client.get_replication_set(arn=arn)["replicationSet"]["regionMap"]) == ["us-east-1"]

    client.update_deletion_protection(arn=arn, deletionProtected=True)
    protected = _error(client.delete_replication_set, arn=arn)
    assert protected["Error"]["Message"] == (
        "Deletion protection is on for the replication set; turn it off with UpdateDeletionProtection"
    )
    client.update_deletion_protection(arn=arn, deletionProtected=False)
    _plan(client)
    client.delete_replication_set(arn=arn)
    client.get_waiter("wait_for_replication_set_deleted").wait(arn=arn)
    assert client.list_replication_sets()["replicationSetArns"] == []
    assert client.list_response_plans()["responsePlanSummaries"] == []  # deleting it deletes all data


def test_an_update_that_would_leave_more_regions_than_the_model_allows_is_refused(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    client = _client()
    arn = client.create_replication_set(regions={"us-east-1": {}, "us-west-2": {}, "eu-west-1": {}})["arn"]
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    refused = _error(
        client.update_replication_set, arn=arn, actions=[{"addRegionAction": {"regionName": "eu-central-1"}}]
    )
    assert refused["Error"] == {
        "Code": "ValidationException",
        "Message": "A replication set can have at most 3 Regions; this update leaves 4",
    }


def _drop(region: str) -> list[dict[str, Any]]:
    return [{"deleteRegionAction": {"regionName": region}}]


def test_a_region_can_be_deleted_only_a_day_after_it_was_added(ssm_incidents_fake: IncidentsFake) -> None:
    # The User Guide: "Attempting to delete a Region from your replication set sooner than
    # 24 hours after creation causes the deletion to fail."
    client = _client()
    arn = client.create_replication_set(regions={"us-east-1": {}, "us-west-2": {}})["arn"]
    ssm_incidents_fake.advance_clock(24 * 3600 - 60)
    add_eu = [{"addRegionAction": {"regionName": "eu-west-1"}}]
    client.update_replication_set(arn=arn, actions=add_eu)
    created = ssm_incidents_fake.now  # the time the service gave the request that added it
    ssm_incidents_fake.advance_clock(60)
    refused = _error(client.update_replication_set, arn=arn, actions=_drop("eu-west-1"))
    added = created.isoformat()
    ready = (created + datetime.timedelta(days=1)).isoformat()
    assert (refused["Error"]["Code"], refused["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)
    assert refused["Error"]["Message"] == (
        f"The Region eu-west-1 was added to the replication set at {added}: "
        f"a Region can be deleted 24 hours after it was added, from {ready}"
    )
    # The Regions it was created with are a day old now, and one of them goes.
    client.update_replication_set(arn=arn, actions=_drop("us-west-2"))
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    assert sorted(client.get_replication_set(arn=arn)["replicationSet"]["regionMap"]) == ["eu-west-1", "us-east-1"]
    ssm_incidents_fake.advance_clock(24 * 3600)
    client.update_replication_set(arn=arn, actions=_drop("eu-west-1"))
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    assert list(client.get_replication_set(arn=arn)["replicationSet"]["regionMap"]) == ["us-east-1"]
    # Added again, it is new again.
    client.update_replication_set(arn=arn, actions=add_eu)
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    again = _error(client.update_replication_set, arn=arn, actions=_drop("eu-west-1"))
    assert again["Error"]["Code"] == "ValidationException"


def test_a_seeded_replication_set_is_as_old_as_its_created_time(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    old = ssm_incidents_fake.put_replication_set()  # the builder's createdTime is long past
    two = [{"addRegionAction": {"regionName": "us-west-2"}}]
    client.update_replication_set(arn=old["arn"], actions=two)
    ssm_incidents_fake.advance_clock(60)
    east = next(iter(old["regionMap"]))
    client.update_replication_set(arn=old["arn"], actions=_drop(east))
    regions = {**old["regionMap"], "us-west-2": old["regionMap"][east]}
    fresh = ssm_incidents_fake.put_replication_set(createdTime=ssm_incidents_fake.now, regionMap=regions)
    refused = _error(client.update_replication_set, arn=fresh["arn"], actions=_drop(east))
    assert "a Region can be deleted 24 hours after it was added" in refused["Error"]["Message"]


def test_the_final_region_goes_only_without_deletion_protection(ssm_incidents_fake: IncidentsFake) -> None:
    # "Update deletion protection to either allow or deny deletion of the final Region."
    client = _client()
    arn = client.create_replication_set(regions={"us-east-1": {}})["arn"]
    client.get_waiter("wait_for_replication_set_active").wait(arn=arn)
    client.update_deletion_protection(arn=arn, deletionProtected=True)
    ssm_incidents_fake.advance_clock(24 * 3600)
    last = [{"deleteRegionAction": {"regionName": "us-east-1"}}]
    refused = _error(client.update_replication_set, arn=arn, actions=last)
    assert (refused["Error"]["Code"], refused["Error"]["Message"]) == (
        "ValidationException",
        "Deletion protection is on: the last Region of the replication set stays",
    )
    client.update_deletion_protection(arn=arn, deletionProtected=False)
    _plan(client)
    client.update_replication_set(arn=arn, actions=last)  # allowed: the replication set goes with it
    assert client.get_replication_set(arn=arn)["replicationSet"]["status"] == "DELETING"
    client.get_waiter("wait_for_replication_set_deleted").wait(arn=arn)
    assert client.list_replication_sets()["replicationSetArns"] == []
    assert client.list_response_plans()["responsePlanSummaries"] == []


def test_a_token_reused_with_other_parameters_gets_an_error_the_operation_models(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    client = _client()
    arn = client.create_replication_set(regions={"us-east-1": {}}, clientToken="t-1")["arn"]
    conflict = _error(client.create_replication_set, regions={"eu-west-1": {}}, clientToken="t-1")
    assert conflict["Error"]["Code"] == "ConflictException"
    client.update_deletion_protection(arn=arn, deletionProtected=True, clientToken="t-2")
    # UpdateDeletionProtection models no ConflictException: a reused token is a 400.
    reused = _error(client.update_deletion_protection, arn=arn, deletionProtected=False, clientToken="t-2")
    assert (reused["Error"]["Code"], reused["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)
    assert reused["Error"]["Message"] == "The clientToken 't-2' was used before with other parameters"


def test_deleting_the_replication_set_forgets_the_tokens_of_what_it_deleted(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: the same token after a delete answered with the deleted ARN.
    client = _client()
    first = client.create_replication_set(regions={"us-east-1": {}}, clientToken="t-1")["arn"]
    client.get_waiter("wait_for_replication_set_active").wait(arn=first)
    client.delete_replication_set(arn=first)
    client.get_waiter("wait_for_replication_set_deleted").wait(arn=first)
    again = client.create_replication_set(regions={"us-east-1": {}}, clientToken="t-1")["arn"]
    assert again != first
    assert client.list_replication_sets()["replicationSetArns"] == [again]


def test_a_token_never_answers_with_a_resource_deleted_since(ssm_incidents_fake: IncidentsFake) -> None:
    # Found by a reviewer: a create repeated after a delete reported the deleted resource.
    client = _client()
    template = {"title": "Checkout down", "impact": 3}
    plan = client.create_response_plan(name="checkout", incidentTemplate=template, clientToken="plan")["arn"]
    client.delete_response_plan(arn=plan)
    again = client.create_response_plan(name="checkout", incidentTemplate=template, clientToken="plan")["arn"]
    assert client.get_response_plan(arn=again)["name"] == "checkout"

    incident = client.start_incident(responsePlanArn=again, clientToken="start")["incidentRecordArn"]
    note = {
        "incidentRecordArn": incident,
        "eventTime": datetime.datetime(2026, 3, 14, tzinfo=UTC),
        "eventType": "Custom Event",
        "eventData": '"note"',
        "clientToken": "note",
    }
    event = client.create_timeline_event(**note)["eventId"]
    client.delete_timeline_event(incidentRecordArn=incident, eventId=event)
    replayed = client.create_timeline_event(**note)["eventId"]  # the same request, the same token
    assert client.get_timeline_event(incidentRecordArn=incident, eventId=replayed)["event"]["eventData"] == '"note"'

    client.update_incident_record(arn=incident, title="Renamed", clientToken="rename")
    client.delete_incident_record(arn=incident)
    gone = _error(client.update_incident_record, arn=incident, title="Renamed", clientToken="rename")
    assert gone["Error"]["Code"] == "ResourceNotFoundException"  # done now, it fails as any update of it would
    restarted = client.start_incident(responsePlanArn=again, clientToken="start")["incidentRecordArn"]
    assert restarted != incident
    assert [s["arn"] for s in client.list_incident_records()["incidentRecordSummaries"]] == [restarted]


def test_only_the_most_recent_tokens_are_kept(
    ssm_incidents_fake: IncidentsFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long-lived server keeps a bounded number of tokens; the oldest goes first.
    from ssmincidents_stub.service.state import State

    monkeypatch.setattr(State, "MAX_CLIENT_TOKENS", 3)
    client = _client()
    plan = client.create_response_plan(name="checkout", incidentTemplate={"title": "Checkout down", "impact": 3})["arn"]
    started = {
        token: client.start_incident(responsePlanArn=plan, clientToken=token)["incidentRecordArn"]
        for token in ("t-1", "t-2", "t-3", "t-4")
    }
    assert len(set(started.values())) == 4
    # t-2, t-3 and t-4 are held: each replays its first answer.
    for token in ("t-2", "t-3", "t-4"):
        assert client.start_incident(responsePlanArn=plan, clientToken=token)["incidentRecordArn"] == started[token]
    # t-1 was forgotten: the same request now starts a new incident.
    assert client.start_incident(responsePlanArn=plan, clientToken="t-1")["incidentRecordArn"] not in started.values()


# ---------------------------------------------------------------- findings


def test_findings_are_seeded_listed_and_batch_got(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    first = ssm_incidents_fake.put_finding()
    second = ssm_incidents_fake.put_finding(incidentRecordArn=arn)
    listed = client.list_incident_findings(incidentRecordArn=arn)["findings"]
    assert [f["id"] for f in listed] == [first["id"], second["id"]]
    answer = client.batch_get_incident_findings(incidentRecordArn=arn, findingIds=[first["id"], "missing"])
    assert answer["findings"] == [first]
    assert answer["errors"] == [
        {
            "findingId": "missing",
            "code": "ResourceNotFoundException",
            "message": "Finding with ID 'missing' is not accessible",  # the API Reference's words
        }
    ]
    assert _error(client.list_incident_findings, incidentRecordArn=arn + "x")["resourceType"] == "INCIDENT_RECORD"


def test_a_list_without_max_results_answers_no_more_than_its_largest_page(ssm_incidents_fake: IncidentsFake) -> None:
    # The documentation gives no default page size; the model's maximum is the most a page can hold.
    client = _client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    for _ in range(21):
        ssm_incidents_fake.put_finding(incidentRecordArn=arn)
    shape: Any = model.operation_model("ListIncidentFindings").input_shape
    largest = shape.members["maxResults"].metadata["max"]
    first = client.list_incident_findings(incidentRecordArn=arn)
    assert (len(first["findings"]), largest) == (20, 20)
    rest = client.list_incident_findings(incidentRecordArn=arn, nextToken=first["nextToken"])
    assert len(rest["findings"]) == 1 and "nextToken" not in rest
    pages = client.get_paginator("list_incident_findings").paginate(incidentRecordArn=arn)
    assert [len(page["findings"]) for page in pages] == [20, 1]


# ---------------------------------------------------------------- every paginator, every operation


def test_a_page_resumes_after_the_last_item_shown_when_items_go_between_pages(
    ssm_incidents_fake: IncidentsFake,
) -> None:
    # Found by a reviewer: a token that counted items skipped one when an earlier item went.
    client = _client()
    arn = ssm_incidents_fake.put_incident_record()["arn"]
    plan = ssm_incidents_fake.put_response_plan()["arn"]
    items = [{"type": "OTHER", "value": {"url": f"https://wiki.example.com/x/{n}"}} for n in range(5)]
    for identifier in items:
        client.update_related_items(incidentRecordArn=arn, relatedItemsUpdate={"itemToAdd": {"identifier": identifier}})
    policies = [client.put_resource_policy(resourceArn=plan, policy="{}")["policyId"] for _ in range(5)]

    first = client.list_related_items(incidentRecordArn=arn, maxResults=2)
    assert [item["identifier"] for item in first["relatedItems"]] == items[:2]
    for gone in (items[0], items[1]):  # one before the last shown, and the last shown itself
        client.update_related_items(incidentRecordArn=arn, relatedItemsUpdate={"itemToRemove": gone})
    client.update_related_items(incidentRecordArn=arn, relatedItemsUpdate={"itemToAdd": {"identifier": items[0]}})
    rest = client.list_related_items(incidentRecordArn=arn, maxResults=10, nextToken=first["nextToken"])
    assert [item["identifier"] for item in rest["relatedItems"]] == [*items[2:], items[0]]  # re-added: at the end

    shown = client.get_resource_policies(resourceArn=plan, maxResults=2)
    assert [policy["policyId"] for policy in shown["resourcePolicies"]] == policies[:2]
    client.delete_resource_policy(resourceArn=plan, policyId=policies[0])
    client.delete_resource_policy(resourceArn=plan, policyId=policies[1])
    rest = client.get_resource_policies(resourceArn=plan, maxResults=2, nextToken=shown["nextToken"])
    assert [policy["policyId"] for policy in rest["resourcePolicies"]] == policies[2:4]

    # A finding put again (a newer lastModifiedTime) keeps its place: pages neither skip nor repeat.
    found = [ssm_incidents_fake.put_finding(incidentRecordArn=arn)["id"] for _ in range(3)]
    first_page = client.list_incident_findings(incidentRecordArn=arn, maxResults=1)
    ssm_incidents_fake.put_finding(id=found[0], incidentRecordArn=arn)
    older = datetime.datetime(2020, 1, 1, tzinfo=UTC)
    ssm_incidents_fake.put_finding(id=found[2], incidentRecordArn=arn, lastModifiedTime=older, creationTime=older)
    listed = [finding["id"] for finding in first_page["findings"]]
    token = first_page["nextToken"]
    while token:
        page = client.list_incident_findings(incidentRecordArn=arn, maxResults=1, nextToken=token)
        listed += [finding["id"] for finding in page["findings"]]
        token = page.get("nextToken")
    assert listed == found


def test_all_seven_paginators_page(ssm_incidents_fake: IncidentsFake) -> None:
    client = _client()
    ssm_incidents_fake.put_replication_set()
    plan = ssm_incidents_fake.put_response_plan()
    ssm_incidents_fake.put_response_plan()
    record = ssm_incidents_fake.put_incident_record()
    arn = record["arn"]
    ssm_incidents_fake.put_incident_record()
    for _ in range(3):
        ssm_incidents_fake.put_timeline_event(incidentRecordArn=arn)
        ssm_incidents_fake.put_finding(incidentRecordArn=arn)
        client.put_resource_policy(resourceArn=plan["arn"], policy="{}")
        client.update_related_items(incidentRecordArn=arn, relatedItemsUpdate={"itemToAdd": _item()})
    expected = {
        "get_resource_policies": ({"resourceArn": plan["arn"]}, 3),
        "list_incident_records": ({}, 2),
        "list_related_items": ({"incidentRecordArn": arn}, 3),
        "list_replication_sets": ({}, 1),
        "list_response_plans": ({}, 2),
        "list_timeline_events": ({"incidentRecordArn": arn}, 6),  # three put, three from the updates
        "list_incident_findings": ({"incidentRecordArn": arn}, 3),
    }
    assert sorted(expected) == sorted(client.meta.service_model.metadata.get("paginators", {})) or len(expected) == 7
    for operation, (params, count) in expected.items():
        paginator = client.get_paginator(operation)
        pages = list(paginator.paginate(**params, PaginationConfig={"PageSize": 1}))
        (key,) = [k for k in pages[0] if k not in ("ResponseMetadata", "nextToken")]
        assert sum(len(page[key]) for page in pages) == count, operation
        assert len(pages) >= count, operation


_items = iter(range(1000))


def _item() -> dict[str, Any]:
    return {"identifier": {"type": "OTHER", "value": {"url": f"https://wiki.example.com/{next(_items)}"}}}


def test_a_tour_of_every_operation_of_the_model(ssm_incidents_fake: IncidentsFake) -> None:
    """Each of the service's operations once, in a story: checked against the model's own list."""
    client = _client()
    rs = client.create_replication_set(regions={"us-east-1": {}})["arn"]
    client.get_waiter("wait_for_replication_set_active").wait(arn=rs)
    client.list_replication_sets()
    client.update_replication_set(arn=rs, actions=[{"addRegionAction": {"regionName": "us-west-2"}}])
    client.update_deletion_protection(arn=rs, deletionProtected=False)
    plan = _plan(client)
    client.get_response_plan(arn=plan)
    client.list_response_plans()
    client.update_response_plan(arn=plan, incidentTemplateImpact=1)
    policy = client.put_resource_policy(resourceArn=plan, policy="{}")["policyId"]
    client.get_resource_policies(resourceArn=plan)
    client.delete_resource_policy(resourceArn=plan, policyId=policy)
    client.tag_resource(resourceArn=plan, tags={"a": "b"})
    client.untag_resource(resourceArn=plan, tagKeys=["a"])
    client.list_tags_for_resource(resourceArn=plan)
    incident = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
    client.get_incident_record(arn=incident)
    client.update_incident_record(arn=incident, impact=2)
    client.list_incident_records()
    event = client.create_timeline_event(
        incidentRecordArn=incident,
        eventTime=datetime.datetime(2026, 1, 1, tzinfo=UTC),
        eventType="Note",
        eventData='"n"',
    )["eventId"]
    client.get_timeline_event(incidentRecordArn=incident, eventId=event)
    client.update_timeline_event(incidentRecordArn=incident, eventId=event, eventData='"m"')
    client.list_timeline_events(incidentRecordArn=incident)
    client.delete_timeline_event(incidentRecordArn=incident, eventId=event)
    client.update_related_items(incidentRecordArn=incident, relatedItemsUpdate={"itemToAdd": _item()})
    client.list_related_items(incidentRecordArn=incident)
    finding = ssm_incidents_fake.put_finding(incidentRecordArn=incident)
    client.list_incident_findings(incidentRecordArn=incident)
    client.batch_get_incident_findings(incidentRecordArn=incident, findingIds=[finding["id"]])
    client.delete_incident_record(arn=incident)
    client.delete_response_plan(arn=plan)
    client.delete_replication_set(arn=rs)
    called = {call.operation for call in ssm_incidents_fake.calls}
    assert called == set(model.operation_names())
    assert len(called) == 31
    assert all(call.status < 300 for call in ssm_incidents_fake.calls)


def test_the_service_names_its_operations_when_given_something_that_is_not_one() -> None:
    with pytest.raises(model.UnknownOperationError, match=r"operation=\['GetIncidentRecord'\] is not an operation"):
        IncidentManager(region="us-east-1").call(["GetIncidentRecord"], {})  # type: ignore[arg-type]
