"""Hypothesis: how fast the strategies draw, and what a fault plan adds to a property test."""

from __future__ import annotations

import contextlib
import statistics
import time
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from benchmarks.common import Row, Section, interleaved
from ssmincidents_stub import IncidentsFake, model, strategies
from ssmincidents_stub.clients import new_client
from ssmincidents_stub.faults import FaultPlan


def _ms_per_draw(strategy: st.SearchStrategy[Any], examples: int) -> tuple[float, int]:
    count = [0]
    health: list[str] = []

    @settings(max_examples=examples, database=None, deadline=None, suppress_health_check=())
    @given(strategy)
    def draw(value: Any) -> None:
        count[0] += 1

    started = time.perf_counter()
    try:
        draw()
    except Exception as error:  # a health check is an error: count it, keep measuring
        health.append(type(error).__name__)
    return (time.perf_counter() - started) / max(count[0], 1) * 1000, len(health)


def _naive(shape: Any, cap: int | None = None) -> st.SearchStrategy[Any]:
    """The obvious generic shape-to-strategy: the model's own limits, every pattern by st.from_regex."""
    kind = shape.type_name
    if kind == "structure":
        members = {name: _naive(member, cap) for name, member in shape.members.items()}
        if shape.is_tagged_union:
            return st.one_of([st.fixed_dictionaries({n: s}) for n, s in members.items()])
        required = {n: members[n] for n in shape.required_members}
        return st.fixed_dictionaries(required, optional={n: s for n, s in members.items() if n not in required})
    if kind == "list":
        high = shape.metadata.get("max") if cap is None else cap
        return st.lists(_naive(shape.member, cap), min_size=shape.metadata.get("min", 0), max_size=high)
    if kind == "string":
        if "enum" in shape.metadata:
            return st.sampled_from(shape.metadata["enum"])
        if "pattern" in shape.metadata:
            return st.from_regex(shape.metadata["pattern"], fullmatch=True)
        high = shape.metadata.get("max") if cap is None else min(shape.metadata.get("max", 40), 40)
        return st.text(min_size=shape.metadata.get("min", 0), max_size=high)
    if kind == "integer":
        return st.integers(shape.metadata.get("min"), shape.metadata.get("max"))
    if kind == "timestamp":
        return st.datetimes()
    raise NotImplementedError(kind)


def records(rounds: int) -> Section:
    section = Section("Drawing whole incident records (ms a record, 1,000 in one @given run)")
    naive = _naive(model.shape("IncidentRecord"))
    health: list[int] = []

    def ours() -> float:
        per_draw, checks = _ms_per_draw(strategies.incident_records(), 1000)
        health.append(checks)
        return per_draw

    a, b = interleaved(max(1, rounds // 2), ours, lambda: _ms_per_draw(naive, 1000)[0])
    section.rows.append(
        Row(
            f"incident_records() (health checks: {sum(health)})",
            "naive: the model's limits, st.from_regex for patterns",
            a,
            b,
            "ms",
            0.25,
        )
    )
    section.met = sum(health) == 0
    return section


def every_shape(examples: int) -> Section:
    """The draw rate of from_shape for every shape of the model, slowest first."""
    section = Section(f"from_shape: every shape of the model, {examples} draws each (ms a draw)")
    names = model.service_model().shape_names
    # A warm-up pass first: Hypothesis builds its character tables on the first text strategy
    # of the process (about a third of a second), which would land on whichever shape came first.
    started = time.perf_counter()
    for name in names:
        _ms_per_draw(strategies.from_shape(name), 5)
    section.lines.append(f"Warm-up pass, 5 draws of each shape: {time.perf_counter() - started:.1f} s (not counted)")
    rates = {name: _ms_per_draw(strategies.from_shape(name), examples)[0] for name in names}
    ordered = sorted(rates.items(), key=lambda item: item[1], reverse=True)
    section.lines.append(
        f"{len(rates)} shapes; median {statistics.median(rates.values()):.3f} ms a draw, "
        f"fastest {ordered[-1][0]} {ordered[-1][1]:.3f} ms"
    )
    section.lines.append("The slowest five:")
    section.lines += [f"- {name}: {rate:.3f} ms a draw" for name, rate in ordered[:5]]
    section.lines.append("Every shape: " + ", ".join(f"{name} {rate:.3f}" for name, rate in ordered))
    return section


# One attempt a call: a planned fault fails the call it lands on, and no retry hides it.
ONE_ATTEMPT = Config(retries={"total_max_attempts": 1})


def fault_plan_overhead(rounds: int, examples: int) -> Section:
    """A fake-backed property test making 5 calls an example, with and without a drawn plan.

    The baseline is the same test drawing an integer it ignores, so both pay Hypothesis's
    own cost an example; the client makes one attempt a call, so both make exactly 5 HTTP
    calls an example, whatever the plan fails. Two forms: the leanest (one fake and one
    client for the whole run) and the one the course teaches (a fake and a client an example).
    For the course's form, a third run draws the plan and does not apply it, which splits
    what a plan adds into Hypothesis drawing it and the faults it causes.
    """
    section = Section(f"Fault plans in a property test, {examples} examples of 5 calls (ms an example)")
    plans = strategies.fault_plans(operations=["get_incident_record"], max_faults=3)

    def five_calls(fake: IncidentsFake, client: Any, arn: str, plan: FaultPlan | None) -> None:
        if plan is not None:
            fake.apply(plan)
        for _ in range(5):
            with contextlib.suppress(ClientError, BotoCoreError):
                client.get_incident_record(arn=arn)

    def run(drawn: str, per_example: bool) -> float:
        """``drawn``: "plan" (drawn and applied), "plan-unapplied" or "integer"."""
        ran = [0]

        @settings(
            max_examples=examples,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(st.integers(0, 2**32) if drawn == "integer" else plans)
        def prop(value: FaultPlan | int) -> None:
            ran[0] += 1
            plan = value if drawn == "plan" and isinstance(value, FaultPlan) else None
            if per_example:
                with IncidentsFake(assert_all_responses_used=False) as fake:
                    arn = fake.put_incident_record()["arn"]
                    five_calls(fake, boto3.client("ssm-incidents", config=ONE_ATTEMPT), arn, plan)
            else:
                five_calls(shared, shared_client, shared_arn, plan)

        shared = IncidentsFake(assert_all_responses_used=False)
        shared_arn = shared.put_incident_record()["arn"]
        shared_client = new_client(config=ONE_ATTEMPT)
        if not per_example:
            shared.start()
        try:
            started = time.perf_counter()
            prop()
            return (time.perf_counter() - started) / ran[0] * 1000
        finally:
            shared.stop()

    lean_plan, lean_integer = interleaved(rounds, lambda: run("plan", False), lambda: run("integer", False))
    taught_plan, taught_drawn, taught_integer = interleaved(
        rounds, lambda: run("plan", True), lambda: run("plan-unapplied", True), lambda: run("integer", True)
    )
    section.rows += [
        Row(
            "a fault plan drawn and applied each example; one fake and client for the run",
            "the same test drawing an integer instead",
            lean_plan,
            lean_integer,
            "ms",
            1.1,
        ),
        Row(
            "the same, with a fake and a boto3 client made each example, as the course writes it",
            "the same test drawing an integer instead",
            taught_plan,
            taught_integer,
            "ms",
            1.1,
        ),
    ]
    drawn, applied, integer = (statistics.median(samples) for samples in (taught_drawn, taught_plan, taught_integer))
    section.lines.append(
        f"The course's form, split: drawing the plan adds {drawn - integer:.3f} ms an example "
        f"({drawn / integer:.2f}x), applying it {applied - drawn:.3f} ms more."
    )
    first_error, first_answer = _first_call_of_a_new_client(rounds, max(examples, 100))
    section.lines.append(
        f"botocore's share of applying it: a new client's first call costs {first_error - first_answer:.3f} ms more "
        f"when it is answered with a modeled error ({first_error:.3f} against {first_answer:.3f} ms): botocore "
        "builds the client's table of error shapes (ServiceModel._error_code_cache) on its first modeled error. "
        "A test whose code meets an error on a new client pays it with or without a plan."
    )
    return section


def _first_call_of_a_new_client(rounds: int, clients: int) -> tuple[float, float]:
    """ms for a new boto3 client's first call: answered with ThrottlingException, and answered."""
    with IncidentsFake(assert_all_responses_used=False) as fake:
        arn = fake.put_incident_record()["arn"]

        def first_calls(fail: bool) -> float:
            spent = 0.0
            for _ in range(clients):
                client = boto3.client("ssm-incidents", config=ONE_ATTEMPT)
                if fail:
                    fake.fail_next("get_incident_record", "ThrottlingException")
                started = time.perf_counter()
                with contextlib.suppress(ClientError):
                    client.get_incident_record(arn=arn)
                spent += time.perf_counter() - started
            return spent / clients * 1000

        failed, answered = interleaved(rounds, lambda: first_calls(True), lambda: first_calls(False))
    return statistics.median(failed), statistics.median(answered)
