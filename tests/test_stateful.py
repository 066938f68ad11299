"""Random sequences of all 31 operations through a real boto3 client, against the fake.

After every step each answer must pass botocore's validator and the server-side checks
of its output shape (or be a modeled error of the operation), and the invariants of
the service must hold: a resolved incident has a resolvedTime, a deleted resource
answers 404, list and get agree, and at most one incident is open per dedupeString.
"""

from __future__ import annotations

import datetime
import json
import pathlib
from collections import Counter
from typing import Any

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, rule

from ssmincidents_stub import IncidentsFake, model, payloads

UTC = datetime.timezone.utc
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1")
ITEM_URLS = ("https://wiki.example.com/runbook", "https://dashboards.example.com/d/1")
CALLED: Counter[str] = Counter()  # over every run of the machine in this process, for the report below
times = st.integers(0, 3600).map(lambda s: datetime.datetime(2026, 3, 14, tzinfo=UTC) + datetime.timedelta(seconds=s))


def _unmodeled(value: Any, shape: Any, path: str) -> list[str]:
    """The paths in a JSON answer that its shape does not model (the fake's state leaking out)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return [
            found
            for name, item in value.items()
            for found in (
                _unmodeled(item, shape.members[name], f"{path}.{name}") if name in shape.members else [f"{path}.{name}"]
            )
        ]
    if shape.type_name == "list" and isinstance(value, list):
        return [
            found for index, item in enumerate(value) for found in _unmodeled(item, shape.member, f"{path}[{index}]")
        ]
    if shape.type_name == "map" and isinstance(value, dict):
        return [found for key, item in value.items() for found in _unmodeled(item, shape.value, f"{path}.{key}")]
    return []


class IncidentManagerMachine(RuleBasedStateMachine):
    plans = Bundle("plans")
    incidents = Bundle("incidents")
    events = Bundle("events")

    def __init__(self) -> None:
        super().__init__()
        self.fake = IncidentsFake(assert_all_responses_used=False)
        self.fake.start()
        self.client = boto3.client("ssm-incidents", config=Config(retries={"total_max_attempts": 1}))
        self.called: Counter[str] = Counter()
        self.deleted_incidents: set[str] = set()
        self.deleted_plans: set[str] = set()
        self.deleted_events: set[tuple[str, str]] = set()
        self.replication_set: str | None = None

    def teardown(self) -> None:
        self.fake.stop()
        CALLED.update(self.called)

    # ------------------------------------------------------------ calling, and checking every answer

    def call(self, method: str, **params: Any) -> Any:
        operation = model.operation_model(method)
        self.called[operation.name] += 1
        try:
            response: Any = getattr(self.client, method)(**params)
        except ClientError as error:
            response = error
        if isinstance(response, ClientError):
            code = response.response["Error"]["Code"]
            modeled = model.modeled_errors(operation.name)
            assert code in modeled, f"{method} answered {code}, not a modeled error of it ({', '.join(modeled)})"
            assert response.response["ResponseMetadata"]["HTTPStatusCode"] == modeled[code].http_status
            return response
        body = {name: value for name, value in response.items() if name != "ResponseMetadata"}
        if operation.output_shape is not None:
            report = ParamValidator().validate(body, operation.output_shape)
            assert not report.has_errors(), report.generate_report()
            assert payloads.answer_violations(body, operation.output_shape.name) == []
            assert payloads.realism_problems(body, operation.output_shape.name, "") == []
            # botocore's parser drops members it does not know: read the wire body itself.
            sent = self.fake.calls[-1].body
            assert _unmodeled(json.loads(sent) if sent else {}, operation.output_shape, "") == []
        return response

    # ------------------------------------------------------------ a start: an onboarded account with an incident

    @initialize(target=plans)
    def onboard(self) -> Any:
        self.create_replication_set(["us-east-1"])
        return self.call("create_response_plan", name="onboarding", incidentTemplate={"title": "t", "impact": 3})["arn"]

    @initialize(target=incidents)
    def first_incident(self) -> Any:
        plan = self.call("create_response_plan", name="first", incidentTemplate={"title": "first", "impact": 2})
        return self.call("start_incident", responsePlanArn=plan["arn"])["incidentRecordArn"]

    # ------------------------------------------------------------ the replication set

    @rule(regions=st.lists(st.sampled_from(REGIONS), min_size=1, max_size=3, unique=True))
    def create_replication_set(self, regions: list[str]) -> None:
        answer = self.call("create_replication_set", regions={region: {} for region in regions})
        if not isinstance(answer, ClientError):
            self.replication_set = answer["arn"]

    @rule()
    def read_replication_set(self) -> None:
        arns = self.call("list_replication_sets")["replicationSetArns"]
        assert arns == ([self.replication_set] if self.replication_set else [])
        if self.replication_set:
            self.call("get_replication_set", arn=self.replication_set)

    @rule(region=st.sampled_from(REGIONS), add=st.booleans())
    def update_replication_set(self, region: str, add: bool) -> None:
        if self.replication_set:
            held = {summary["arn"] for summary in self._summaries()}
            action = {"addRegionAction" if add else "deleteRegionAction": {"regionName": region}}
            answer = self.call("update_replication_set", arn=self.replication_set, actions=[action])
            if not add and not isinstance(answer, ClientError):
                now = self.call("get_replication_set", arn=self.replication_set)["replicationSet"]
                if now["status"] == "DELETING":  # its final Region went, and the replication set with it
                    self._replication_set_gone(held)

    @rule(protected=st.booleans())
    def update_deletion_protection(self, protected: bool) -> None:
        if self.replication_set:
            self.call("update_deletion_protection", arn=self.replication_set, deletionProtected=protected)

    @rule()
    def delete_replication_set(self) -> None:
        if self.replication_set:
            held = {summary["arn"] for summary in self._summaries()}
            answer = self.call("delete_replication_set", arn=self.replication_set)
            if not isinstance(answer, ClientError):
                self._replication_set_gone(held)

    def _replication_set_gone(self, held: set[str]) -> None:
        self.fake.advance_clock(60)  # once gone, it takes every piece of Incident Manager data along
        self.replication_set = None
        self.deleted_incidents |= held

    @rule(seconds=st.sampled_from([1, 30, 86_400]))  # a day: a Region can be deleted
    def time_passes(self, seconds: int) -> None:
        self.fake.advance_clock(seconds)

    # ------------------------------------------------------------ response plans, tags, policies

    @rule(
        target=plans,
        name=st.sampled_from(["checkout", "search", "login"]),
        dedupe=st.sampled_from(["", "checkout-5xx", "search-down"]),
        impact=st.integers(1, 5),
    )
    def create_response_plan(self, name: str, dedupe: str, impact: int) -> Any:
        template: dict[str, Any] = {"title": f"{name} down", "impact": impact}
        if dedupe:
            template["dedupeString"] = dedupe
        answer = self.call("create_response_plan", name=name, incidentTemplate=template, tags={"team": name})
        arn = answer.response.get("resourceIdentifier") if isinstance(answer, ClientError) else answer["arn"]
        self.deleted_plans.discard(arn)
        return arn

    @rule(plan=plans, impact=st.integers(1, 5), dedupe=st.sampled_from(["", "checkout-5xx"]))
    def update_response_plan(self, plan: str, impact: int, dedupe: str) -> None:
        self.call("update_response_plan", arn=plan, incidentTemplateImpact=impact, incidentTemplateDedupeString=dedupe)

    @rule(plan=plans)
    def read_response_plans(self, plan: str) -> None:
        self.call("get_response_plan", arn=plan)
        self.call("list_response_plans")

    @rule(plan=consumes(plans))
    def delete_response_plan(self, plan: str) -> None:
        self.call("delete_response_plan", arn=plan)
        self.deleted_plans.add(plan)

    @rule(plan=plans, key=st.sampled_from(["team", "tier"]), tag=st.booleans())
    def tags(self, plan: str, key: str, tag: bool) -> None:
        if tag:
            self.call("tag_resource", resourceArn=plan, tags={key: "1"})
        else:
            self.call("untag_resource", resourceArn=plan, tagKeys=[key])
        self.call("list_tags_for_resource", resourceArn=plan)

    @rule(plan=plans)
    def policies(self, plan: str) -> None:
        answer = self.call("put_resource_policy", resourceArn=plan, policy=json.dumps({"Statement": []}))
        self.call("get_resource_policies", resourceArn=plan)
        if not isinstance(answer, ClientError):
            self.call("delete_resource_policy", resourceArn=plan, policyId=answer["policyId"])

    # ------------------------------------------------------------ incidents

    @rule(target=incidents, plan=plans, impact=st.none() | st.integers(1, 5), related=st.booleans())
    def start_incident(self, plan: str, impact: int | None, related: bool) -> Any:
        params: dict[str, Any] = {"responsePlanArn": plan}
        if impact is not None:
            params["impact"] = impact
        if related:
            params["relatedItems"] = [{"identifier": {"type": "OTHER", "value": {"url": ITEM_URLS[0]}}}]
        answer = self.call("start_incident", **params)
        return (
            "arn:aws:ssm-incidents::111122223333:incident-record/gone/0"
            if isinstance(answer, ClientError)
            else (answer["incidentRecordArn"])
        )

    @rule(incident=incidents, status=st.sampled_from(["OPEN", "RESOLVED"]), impact=st.integers(1, 5))
    def update_incident_record(self, incident: str, status: str, impact: int) -> None:
        self.call("update_incident_record", arn=incident, status=status, impact=impact)

    @rule(incident=consumes(incidents))
    def delete_incident_record(self, incident: str) -> None:
        self.call("delete_incident_record", arn=incident)
        self.deleted_incidents.add(incident)

    @rule(status=st.sampled_from(["OPEN", "RESOLVED"]))
    def list_incident_records_by_status(self, status: str) -> None:
        answer = self.call(
            "list_incident_records", filters=[{"key": "status", "condition": {"equals": {"stringValues": [status]}}}]
        )
        assert all(summary["status"] == status for summary in answer["incidentRecordSummaries"])

    # ------------------------------------------------------------ timeline events, related items, findings

    @rule(target=events, incident=incidents, when=times, event_type=st.sampled_from(["Custom Event", "Note"]))
    def create_timeline_event(self, incident: str, when: datetime.datetime, event_type: str) -> Any:
        answer = self.call(
            "create_timeline_event", incidentRecordArn=incident, eventTime=when, eventType=event_type, eventData='"x"'
        )
        return (incident, "missing") if isinstance(answer, ClientError) else (incident, answer["eventId"])

    @rule(event=events, when=times)
    def update_and_read_timeline_event(self, event: tuple[str, str], when: datetime.datetime) -> None:
        incident, event_id = event
        self.call("update_timeline_event", incidentRecordArn=incident, eventId=event_id, eventTime=when)
        self.call("get_timeline_event", incidentRecordArn=incident, eventId=event_id)
        self.call("list_timeline_events", incidentRecordArn=incident, sortOrder="DESCENDING")

    @rule(event=consumes(events))
    def delete_timeline_event(self, event: tuple[str, str]) -> None:
        self.call("delete_timeline_event", incidentRecordArn=event[0], eventId=event[1])
        self.deleted_events.add(event)

    @rule(incident=incidents, url=st.sampled_from(ITEM_URLS), add=st.booleans())
    def related_items(self, incident: str, url: str, add: bool) -> None:
        identifier = {"type": "OTHER", "value": {"url": url}}
        update = {"itemToAdd": {"identifier": identifier}} if add else {"itemToRemove": identifier}
        self.call("update_related_items", incidentRecordArn=incident, relatedItemsUpdate=update)
        self.call("list_related_items", incidentRecordArn=incident)

    @rule(incident=incidents)
    def findings(self, incident: str) -> None:
        if incident in {s["arn"] for s in self._summaries()}:
            found = self.fake.put_finding(incidentRecordArn=incident)
            self.call("batch_get_incident_findings", incidentRecordArn=incident, findingIds=[found["id"], "missing"])
        self.call("list_incident_findings", incidentRecordArn=incident)

    # ------------------------------------------------------------ invariants

    def _summaries(self) -> list[Any]:
        pages = self.client.get_paginator("list_incident_records").paginate()
        return [summary for page in pages for summary in page["incidentRecordSummaries"]]

    @invariant()
    def list_and_get_agree_and_resolved_incidents_have_a_resolved_time(self) -> None:
        for summary in self._summaries():
            record = self.call("get_incident_record", arn=summary["arn"])["incidentRecord"]
            assert payloads.record_summary(record) == summary
            assert ("resolvedTime" in record) == (record["status"] == "RESOLVED")

    @invariant()
    def at_most_one_open_incident_per_dedupe_string(self) -> None:
        open_by_dedupe = Counter(
            self.client.get_incident_record(arn=summary["arn"])["incidentRecord"]["dedupeString"]
            for summary in self._summaries()
            if summary["status"] == "OPEN"
        )
        assert all(count == 1 for dedupe, count in open_by_dedupe.items() if dedupe), open_by_dedupe

    @invariant()
    def deleted_resources_answer_404(self) -> None:
        checks = [
            *(("get_incident_record", {"arn": arn}) for arn in self.deleted_incidents),
            *(("get_response_plan", {"arn": arn}) for arn in self.deleted_plans if arn),
            *(("get_timeline_event", {"incidentRecordArn": i, "eventId": e}) for i, e in self.deleted_events),
        ]
        for method, params in checks:
            try:
                getattr(self.client, method)(**params)
            except self.client.exceptions.ResourceNotFoundException:
                continue
            raise AssertionError(f"{method}({params}) answered after its resource was deleted")


IncidentManagerMachine.TestCase.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestIncidentManager = IncidentManagerMachine.TestCase


def test_the_machine_has_a_rule_for_every_operation() -> None:
    source = pathlib.Path(__file__).read_text()
    missing = [xform_name(name) for name in model.operation_names() if f'"{xform_name(name)}"' not in source]
    assert missing == []
