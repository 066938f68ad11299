"""In-process calls: the stub and the fake against the floors botocore itself sets.

The floor for a fake call is a ``before-send`` handler that returns a prebuilt
response with the very status and body the fake answered: the client does the same
serializing, signing and parsing, and nothing else. What the fake adds on top (reading
the request, the service's work, the call log) is the ratio.
"""

from __future__ import annotations

import datetime
import functools
import resource
import statistics
from collections.abc import Callable, Iterator
from typing import Any

from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.stub import Stubber

from benchmarks.common import Row, Section, counted, interleaved, per_call_ms
from ssmincidents_stub import IncidentsFake, IncidentsStub, incident_record, model, payloads
from ssmincidents_stub.clients import new_client

UTC = datetime.timezone.utc
NO_RETRIES = Config(retries={"total_max_attempts": 1})


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


def floor_client(status: int, body: bytes) -> Any:
    """A client answered by a bare before-send handler with the fake's exact answer.

    The same status, body and headers: the ``Date`` header the service (and the fake)
    sends makes botocore compute a retry TTL with ``strptime``, about 20 microseconds a
    call, so a floor without it would not be answering the same thing.
    """
    client = new_client(config=NO_RETRIES)
    headers: Any = payloads.wire_headers(payloads.next_request_id())

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, status, headers, _Raw(body))

    client.meta.events.register("before-send.ssm-incidents", answer)
    return client


def stub_call(rounds: int, loops: int) -> Section:
    section = Section("A stubbed call (ms a call)")
    ours_client = new_client()
    stub = IncidentsStub(ours_client, assert_all_responses_used=False)
    stub.activate()
    bare = new_client()
    stubber = Stubber(bare)
    stubber.activate()
    prebuilt = {"incidentRecord": incident_record()}

    def ours() -> None:
        record = stub.add_incident_record()
        ours_client.get_incident_record(arn=record["arn"])

    def theirs() -> None:
        stubber.add_response("get_incident_record", prebuilt)
        bare.get_incident_record(arn=prebuilt["incidentRecord"]["arn"])

    a, b = interleaved(rounds, per_call_ms(loops, ours), per_call_ms(loops, theirs))
    stub.deactivate()
    section.rows.append(
        Row(
            "add_incident_record() + call",
            "bare Stubber.add_response(prebuilt dict) + call",
            a,
            b,
            "ms",
            1.5,
            "ours builds a realistic record and checks it, server-side rules included",
        )
    )
    return section


# ---------------------------------------------------------------- every operation through the fake


def _scenario(fake: IncidentsFake, client: Any, repeats: int = 5000) -> dict[str, Callable[[int], dict[str, Any]]]:
    """Parameters for each of the 31 operations, call ``i`` of a loop, against a seeded account.

    ``repeats`` is how many calls of one operation the caller makes at most (each
    ``DeleteResourcePolicy`` needs a policy of its own to delete).

    Each call succeeds as the service would answer it; operations that cannot be repeated
    on one resource (creating the account's one replication set, updating it while it
    settles) repeat their ``clientToken``, and are answered as the first request was.
    """
    rs = client.create_replication_set(regions={"us-east-1": {}}, clientToken="bench")["arn"]
    fake.advance_clock(60)
    template = {"title": "Checkout down", "impact": 2, "notificationTargets": []}
    plan = client.create_response_plan(name="checkout", incidentTemplate=template, tags={"team": "payments"})["arn"]
    incident = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
    when = datetime.datetime(2026, 3, 14, 10, tzinfo=UTC)
    event = client.create_timeline_event(incidentRecordArn=incident, eventTime=when, eventType="Note", eventData='"x"')
    finding = fake.put_finding(incidentRecordArn=incident)["id"]
    policies = [client.put_resource_policy(resourceArn=plan, policy="{}")["policyId"] for _ in range(repeats)]
    for n in range(20):
        client.update_related_items(
            incidentRecordArn=incident,
            relatedItemsUpdate={"itemToAdd": {"identifier": {"type": "OTHER", "value": {"url": f"https://x/{n}"}}}},
        )
    for _ in range(20):
        fake.put_incident_record()
    missing = f"{incident}-gone"
    return {
        "BatchGetIncidentFindings": lambda i: {"incidentRecordArn": incident, "findingIds": [finding]},
        "CreateReplicationSet": lambda i: {"regions": {"us-east-1": {}}, "clientToken": "bench"},
        "CreateResponsePlan": lambda i: {"name": f"plan-{i}", "incidentTemplate": template},
        "CreateTimelineEvent": lambda i: {
            "incidentRecordArn": incident,
            "eventTime": when,
            "eventType": "Note",
            "eventData": f'"note {i}"',
        },
        "DeleteIncidentRecord": lambda i: {"arn": missing},
        "DeleteReplicationSet": lambda i: {"arn": rs},
        "DeleteResourcePolicy": lambda i: {"resourceArn": plan, "policyId": policies[i]},
        "DeleteResponsePlan": lambda i: {"arn": f"{plan}-gone"},
        "DeleteTimelineEvent": lambda i: {"incidentRecordArn": incident, "eventId": f"gone-{i}"},
        "GetIncidentRecord": lambda i: {"arn": incident},
        "GetReplicationSet": lambda i: {"arn": rs},
        "GetResourcePolicies": lambda i: {"resourceArn": plan, "maxResults": 10},
        "GetResponsePlan": lambda i: {"arn": plan},
        "GetTimelineEvent": lambda i: {"incidentRecordArn": incident, "eventId": event["eventId"]},
        "ListIncidentFindings": lambda i: {"incidentRecordArn": incident},
        "ListIncidentRecords": lambda i: {"maxResults": 10},
        "ListRelatedItems": lambda i: {"incidentRecordArn": incident},
        "ListReplicationSets": lambda i: {},
        "ListResponsePlans": lambda i: {"maxResults": 10},
        "ListTagsForResource": lambda i: {"resourceArn": plan},
        "ListTimelineEvents": lambda i: {"incidentRecordArn": incident, "maxResults": 10},
        "PutResourcePolicy": lambda i: {"resourceArn": plan, "policy": '{"Statement": []}'},
        "StartIncident": lambda i: {"responsePlanArn": plan, "title": f"incident {i}"},
        "TagResource": lambda i: {"resourceArn": plan, "tags": {"tier": str(i % 3)}},
        "UntagResource": lambda i: {"resourceArn": plan, "tagKeys": ["absent"]},
        "UpdateDeletionProtection": lambda i: {"arn": rs, "deletionProtected": bool(i % 2)},
        "UpdateIncidentRecord": lambda i: {"arn": incident, "impact": 1 + i % 3},
        "UpdateRelatedItems": lambda i: {
            "incidentRecordArn": incident,
            "relatedItemsUpdate": {"itemToAdd": {"identifier": {"type": "OTHER", "value": {"url": f"https://y/{i}"}}}},
        },
        "UpdateReplicationSet": lambda i: {
            "arn": rs,
            "actions": [{"addRegionAction": {"regionName": "us-west-2"}}],
            "clientToken": "bench",
        },
        "UpdateResponsePlan": lambda i: {"arn": plan, "incidentTemplateImpact": 1 + i % 3},
        "UpdateTimelineEvent": lambda i: {
            "incidentRecordArn": incident,
            "eventId": event["eventId"],
            "eventData": f'"updated {i}"',
        },
    }


def _call_built(method: Callable[..., object], build: Callable[[int], dict[str, Any]], index: int) -> object:
    return method(**build(index))


def every_operation(rounds: int, loops: int) -> Section:
    section = Section("One call of each operation through the fake, against the bare before-send floor (ms a call)")
    order = sorted(model.operation_names(), key=lambda name: name == "DeleteReplicationSet")  # it goes last
    with IncidentsFake(assert_all_responses_used=False) as fake:
        client = new_client(config=NO_RETRIES)
        params = _scenario(fake, client)
        assert sorted(params) == sorted(model.operation_names()), "every operation has a benchmark"
        for operation in order:
            method = getattr(client, xform_name(operation))
            method(**params[operation](0))
            last = fake.calls[-1]
            assert last.status < 300, f"{operation} answered {last.status}: {last.body[:200]}"
            floor = getattr(floor_client(last.status, last.body.encode()), xform_name(operation))
            build = params[operation]
            ours, theirs = interleaved(
                rounds,
                per_call_ms(loops, counted(functools.partial(_call_built, method, build))),
                per_call_ms(loops, functools.partial(_call_built, floor, build, 0)),
            )
            section.rows.append(Row(xform_name(operation), "floor", ours, theirs, "ms", 1.2))
    return section


def incident_rows(rounds: int, loops: int) -> Section:
    section = Section("Incidents at scale (ms a call)")
    with IncidentsFake(assert_all_responses_used=False) as fake:
        client = new_client(config=NO_RETRIES)
        plan = client.create_response_plan(name="bench", incidentTemplate={"title": "t", "impact": 3})["arn"]
        for _ in range(1000):
            fake.put_incident_record()
        incident = client.start_incident(responsePlanArn=plan)["incidentRecordArn"]
        cases: dict[str, Callable[[int], object]] = {
            "start_incident": lambda i: client.start_incident(responsePlanArn=plan, title=f"incident {i}"),
            "update_incident_record": lambda i: client.update_incident_record(arn=incident, impact=1 + i % 3),
            "list_incident_records, a page of 100 from 1,000+ records": lambda i: client.list_incident_records(),
        }
        for name, call in cases.items():
            call(0)
            last = fake.calls[-1]
            floor = floor_client(last.status, last.body.encode())
            method = xform_name(last.operation)
            params = {"responsePlanArn": plan, "title": "x"} if "start" in name else {"arn": incident, "impact": 2}
            floor_call = getattr(floor, method)
            floor_params = {} if "list" in name else params
            ours, theirs = interleaved(
                rounds,
                per_call_ms(loops, counted(call)),
                per_call_ms(loops, functools.partial(floor_call, **floor_params)),
            )
            section.rows.append(Row(name, "floor", ours, theirs, "ms", 1.2))
    section.rows.append(_page_scaling(rounds, max(loops // 5, 50), section))
    return section


def _page_scaling(rounds: int, loops: int, section: Section) -> Row:
    """A page costs its size: the same page from 10,000 records as from 1,000."""
    timings: dict[tuple[int, int], list[float]] = {}
    for total in (1_000, 10_000):
        with IncidentsFake(assert_all_responses_used=False) as fake:
            for _ in range(total):
                fake.put_incident_record()
            client = new_client(config=NO_RETRIES)
            page = client.list_incident_records
            runs = [per_call_ms(loops, functools.partial(page, maxResults=size)) for size in (10, 100)]
            ten, hundred = interleaved(rounds, *runs)
            timings[total, 10], timings[total, 100] = ten, hundred
    for (total, size), samples in sorted(timings.items()):
        section.lines.append(
            f"list_incident_records(maxResults={size}) over {total:,} records: {statistics.median(samples):.3f} ms"
        )
    return Row(
        "a page of 10 from 10,000 records",
        "a page of 10 from 1,000 records",
        timings[10_000, 10],
        timings[1_000, 10],
        "ms",
        1.3,
        "a page costs its size, not the number of records held",
    )


def throttled(rounds: int, loops: int) -> Section:
    section = Section("Retries through the fake (ms a call)")
    with IncidentsFake(assert_all_responses_used=False) as fake:
        record = fake.put_incident_record()
        client = new_client(config=Config(retries={"mode": "standard"}))

        def once() -> None:
            fake.fail_next("get_incident_record", "ThrottlingException")
            client.get_incident_record(arn=record["arn"])

        a, b = interleaved(
            rounds, per_call_ms(loops, once), per_call_ms(loops, lambda: client.get_incident_record(arn=record["arn"]))
        )
    section.rows.append(
        Row(
            "throttled once, then answered",
            "answered at once",
            a,
            b,
            "ms",
            3.0,
            "two attempts, the back-off recorded instead of slept",
        )
    )
    return section


def memory(calls: int) -> Section:
    section = Section("Memory")
    client = new_client()

    def stubbed(count: int) -> None:
        for _ in range(count):
            with IncidentsStub(client) as stub:
                record = stub.add_incident_record()
                client.get_incident_record(arn=record["arn"])

    stubbed(1000)  # warm-up: caches, interned strings, model shapes
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stubbed(calls)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    section.met = grown < 5
    section.lines.append(f"{calls:,} stubbed calls after a warm-up grow peak RSS by {grown:.2f} MB (target < 5 MB)")
    return section
