"""[tools] Hypothesis strategies for ssm-incidents, derived from botocore's service model.

``from_shape(name)`` builds a strategy for any shape of the model; the named
strategies add what the model lacks (realistic ARNs and IDs built from their parts,
realistic records) and ``invalid_*`` strategies yield ``Invalid`` values labelled with
the constraint they break and the layer that rejects them.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.model import Shape, StructureShape
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.strategies import SearchStrategy

from ssmincidents_stub import facts, faults, model, payloads
from ssmincidents_stub.faults import FaultPlan, PlannedFault
from ssmincidents_stub.payloads import ErrorPayload

__all__ = [
    "Invalid",
    "arns",
    "automation_executions",
    "chat_channels",
    "client_errors",
    "event_ids",
    "event_references",
    "fault_plans",
    "from_shape",
    "get_incident_record_responses",
    "get_timeline_event_responses",
    "incident_record_arns",
    "incident_records",
    "invalid_arns",
    "invalid_automation_executions",
    "invalid_chat_channels",
    "invalid_event_ids",
    "invalid_event_references",
    "invalid_notification_targets",
    "invalid_related_item_ids",
    "notification_targets",
    "related_item_ids",
    "timeline_events",
]

# Generated strings stay short unless a minimum needs more: readable, fast, still valid.
_TEXT_CAP = 40
_LIST_CAP = 3


@dataclass(frozen=True)
class Invalid:
    """A value that breaks ``constraint`` and is rejected by ``layer``.

    ``layer`` is ``"client"`` when botocore raises ``ParamValidationError`` before any
    request, ``"server"`` when botocore sends it and the service answers
    ``ValidationException`` (HTTP 400).
    """

    value: Any
    constraint: str
    layer: model.Layer
    reason: str


@st.composite
def _made(draw: Callable[[SearchStrategy[Any]], Any], values: SearchStrategy[Any], make: Callable[[Any], Any]) -> Any:
    """``values.map(make)``, for ``Invalid`` and ``ErrorPayload`` values: a failing example shows the value.

    Hypothesis reports what ``.map`` or ``st.builds`` made as the call that made it, and a
    lambda's call hides what it closed over (an error's operation and code, say).
    """
    return make(draw(values))


# ---------------------------------------------------------------- the generic engine


def from_shape(shape: str | Shape, /, **members: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """A strategy for any shape of the ssm-incidents model, by name or botocore ``Shape``.

    Keyword arguments replace the strategy of single members of a structure, and a member
    given one is always there (a tagged union's is the member set); for an optional one, a
    strategy that draws None leaves it out (``st.none() | ...``). What they draw must be
    a valid value of the member (timestamps timezone-aware, as botocore returns them); a
    value that is not raises ``InvalidArgument`` naming it. The
    service's rules between members (times in order, ``resolvedTime`` only when
    RESOLVED) hold by changing the members not given; members given that break one
    between themselves raise ``InvalidArgument`` naming them and the rule.
    """
    return st.deferred(lambda: _from_shape(shape, members, users=frozenset(members)))


def _from_shape(
    shape: str | Shape, members: dict[str, SearchStrategy[Any]], users: frozenset[str] = frozenset()
) -> SearchStrategy[Any]:
    """``users``: the members whose strategies the user gave, so their draws are checked."""
    resolved = _resolve_shape(shape)
    if members:
        if not isinstance(resolved, StructureShape):
            raise InvalidArgument(
                f"member overrides ({', '.join(members)}) need a structure shape; "
                f"{resolved.name} is a {resolved.type_name}"
            )
        _check_members(resolved, members)
        checked = {
            name: _drawing_valid(resolved, name, strategy) if name in users else strategy
            for name, strategy in members.items()
        }
        return _structure(resolved, checked, keep=users)
    return _for_shape_name(resolved.name)


def _own(shape: str | Shape, /, **members: SearchStrategy[Any]) -> SearchStrategy[Any]:
    """``from_shape`` for this module's own member strategies, valid by construction: unchecked."""
    return st.deferred(lambda: _from_shape(shape, members))


def _drawing_valid(shape: StructureShape, name: str, strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    member = shape.members[name]

    optional = name not in shape.required_members

    def checked(value: Any) -> Any:
        if value is None and optional and not shape.is_tagged_union:
            return None  # the user's way to leave an optional member out: _structure drops it
        if member.type_name == "timestamp" and not (
            isinstance(value, datetime.datetime) and value.utcoffset() is not None
        ):
            raise InvalidArgument(
                f"{name}={model.show(strategy, 80)} drew {model.show(value, 80)}; {shape.name}.{name} is a "
                f"timestamp, drawn as botocore returns it: a timezone-aware datetime, e.g. from "
                f"st.datetimes(timezones=st.just(datetime.timezone.utc))"
            )
        violations = model.check(value, member, name)
        if violations:
            raise InvalidArgument(
                f"{name}={model.show(strategy, 80)} drew a value {shape.name} cannot hold ({violations[0]}); "
                f"draw valid {member.name} values, e.g. from_shape({member.name!r})"
            )
        return value

    return strategy.map(checked)


def _resolve_shape(shape: str | Shape) -> Shape:
    if isinstance(shape, Shape):
        known = model.service_model().shape_names
        ours = model.shape(shape.name) if shape.name in known else None
        # Another service's model may have a shape of the same name (ssm's TagKey, say). A
        # shape reached through a member carries the member's documentation and traits
        # (idempotencyToken...): compare what constrains the values only.
        if ours is None or _constraints(ours) != _constraints(shape):
            raise InvalidArgument(
                f"shape={model.show(shape.name)} is not a shape of the {model.SERVICE_NAME} model"
                + (" (another service's shape of the same name)" if ours is not None else "")
            )
        return ours
    if not isinstance(shape, str):
        raise InvalidArgument(f"shape={model.show(shape)} must be a shape name (str) or a botocore Shape")
    try:
        return model.shape(shape)
    except ValueError as error:
        raise InvalidArgument(str(error)) from None


def _constraints(shape: Shape) -> tuple[Any, ...]:
    metadata = {name: shape.metadata.get(name) for name in ("min", "max", "pattern", "enum", "required", "union")}
    members = tuple(shape.members) if isinstance(shape, StructureShape) else ()
    return shape.type_name, metadata, members


def _check_members(shape: StructureShape, members: dict[str, Any]) -> None:
    for name, strategy in members.items():
        if name not in shape.members:
            raise InvalidArgument(
                f"{name}={model.show(strategy)}: {shape.name} has no member {name!r}; "
                f"its members: {', '.join(shape.members)}"
            )
        if not isinstance(strategy, SearchStrategy):
            raise InvalidArgument(f"{name}={model.show(strategy)} must be a Hypothesis strategy, e.g. st.just(...)")


@functools.cache
def _for_shape_name(name: str) -> SearchStrategy[Any]:
    special = _SPECIAL_SHAPES.get(name)
    if special is not None:
        return special()
    shape = model.shape(name)
    builder = _BUILDERS[shape.type_name]
    # deferred: a shape may (indirectly) contain itself.
    return st.deferred(lambda: builder(shape))


def _member(shape: Shape) -> SearchStrategy[Any]:
    return _for_shape_name(shape.name)


def _structure(
    shape: Shape, overrides: dict[str, SearchStrategy[Any]] | None = None, keep: frozenset[str] = frozenset()
) -> SearchStrategy[Any]:
    """``keep``: the members the user drew, which the service's rules between members leave alone."""
    assert isinstance(shape, StructureShape)
    overrides = overrides or {}
    strategies = {
        name: overrides[name] if name in overrides else _member_of(shape.name, name, member)
        for name, member in shape.members.items()
        # A request's nextToken is one the service issued: drawn text is a 400, so it comes only when given.
        if name in overrides or not (name == "nextToken" and shape.name.endswith("Input"))
    }
    if shape.is_tagged_union:
        # A member the user gave a strategy for is the one set; with none given, any is.
        chosen = [name for name in strategies if name in keep] or list(strategies)
        return st.one_of([st.fixed_dictionaries({name: strategies[name]}) for name in chosen])
    # A member the user gave a strategy for is always there (its strategy draws None to leave it out).
    required = frozenset(shape.required_members) | (keep & strategies.keys())
    drawn = (
        _members_of(tuple(strategies.items()), required, keep - frozenset(shape.required_members))
        if len(required) < len(strategies) or keep
        else st.fixed_dictionaries(strategies)
    )
    if shape.name in _NAMED_PLANS and "arn" not in keep:
        drawn = drawn.map(_plan_arn_from_name)
    if not payloads.rule_members(shape.name):
        return drawn
    # Times in order, resolvedTime only when RESOLVED: what the stub checks an answer for.
    return drawn.map(lambda value: _realistic(value, shape.name, keep))


def _realistic(value: dict[str, Any], shape_name: str, keep: frozenset[str]) -> dict[str, Any]:
    """``value`` under the service's rules between members; ``InvalidArgument`` if the user's members break one.

    ``make_realistic`` repairs a rule by changing the members not in ``keep``. Two of the
    user's that break one between themselves it leaves as they are (times out of order)
    or drops (a resolvedTime beside their OPEN status): the drawn value would break the
    rule, or the override, either way the strategy's promise.
    """
    rules = payloads.rule_members(shape_name)
    mine = {name: item for name, item in value.items() if name in keep and name in rules}
    realistic = payloads.make_realistic(value, shape_name, keep)
    if not mine:
        return realistic
    # The rule members as repaired, with the user's put back: a problem left is theirs alone.
    asked = {name: item for name, item in realistic.items() if name in rules} | mine
    problems = payloads.realism_problems(asked, shape_name, "")
    if problems:
        drawn = ", ".join(f"{name}={_shown(item)}" for name, item in mine.items())
        raise InvalidArgument(
            f"{shape_name} members drawn from the strategies given ({drawn}) break a rule between members, "
            f"which the strategy keeps by changing only the members it draws itself: {'; '.join(problems)}. "
            f"Give strategies whose values keep the rule, or leave one of these members out"
        )
    return realistic


def _shown(value: Any) -> str:
    # A time as the rules' own messages show it.
    return value.isoformat() if isinstance(value, datetime.datetime) else model.show(value, 80)


_PRESENT = st.booleans()


@st.composite
def _members_of(
    draw: Callable[[SearchStrategy[Any]], Any],
    members: tuple[tuple[str, SearchStrategy[Any]], ...],
    required: frozenset[str],
    absent_when_none: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """A structure, in the model's member order: each optional member present or not by a draw of its own.

    Not ``fixed_dictionaries(optional=...)``, which picks the optional members by index
    from those left: dropping one changed which others came, so the shrinker stopped
    with members the test never needed (an empty ``summary``, say). A member in
    ``absent_when_none`` (an optional one the user drew) is left out when it draws None.
    """
    value: dict[str, Any] = {}
    for name, strategy in members:
        if name in required or draw(_PRESENT):
            item = draw(strategy)
            if item is not None or name not in absent_when_none:
                value[name] = item
    return value


def _list(shape: Shape) -> SearchStrategy[Any]:
    low, high = _bounds(shape)
    return st.lists(_member(shape.member), min_size=low, max_size=max(low, min(high, _LIST_CAP)))  # type: ignore[attr-defined]


def _map(shape: Shape) -> SearchStrategy[Any]:
    low, high = _bounds(shape)
    return st.dictionaries(
        _member(shape.key),  # type: ignore[attr-defined]
        _member(shape.value),  # type: ignore[attr-defined]
        min_size=low,
        max_size=max(low, min(high, _LIST_CAP)),
    )


def _string(shape: Shape) -> SearchStrategy[str]:
    enum = shape.metadata.get("enum")
    if enum:
        return st.sampled_from(list(enum))
    low, high = _bounds(shape)
    regex = model.pattern_regex(shape.name)
    if regex is not None:
        # Only shapes without a dedicated strategy get here; the regex (as the service reads it) is their contract.
        return st.from_regex(regex, fullmatch=True).filter(lambda s: low <= len(s) <= high)
    return st.text(min_size=low, max_size=max(low, min(high, _TEXT_CAP)))


def _integer(shape: Shape) -> SearchStrategy[int]:
    low, high = model.bounds(shape)  # without bounds of its own, what its type holds
    return st.integers(min_value=low, max_value=high)


_EPOCH_MS = (1_577_836_800_000, 2_082_758_399_000)  # 2020-01-01 .. 2035-12-31


def _timestamp(_: Shape) -> SearchStrategy[datetime.datetime]:
    # Aware, whole milliseconds (the precision the wire carries); one draw, not seven.
    return st.integers(*_EPOCH_MS).map(
        lambda ms: datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).replace(
            microsecond=ms % 1000 * 1000
        )
    )


def _bounds(shape: Shape) -> tuple[int, int]:
    return int(shape.metadata.get("min", 0)), int(shape.metadata.get("max", 10_000))


_BUILDERS: dict[str, Callable[[Shape], SearchStrategy[Any]]] = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "boolean": lambda _: st.booleans(),
    "float": lambda _: st.floats(allow_nan=False, allow_infinity=False),
    "double": lambda _: st.floats(allow_nan=False, allow_infinity=False),
    "timestamp": _timestamp,
    "blob": lambda _: st.binary(max_size=_TEXT_CAP),
}


# ---------------------------------------------------------------- ARNs and IDs, from their parts


def _arn_partitions() -> tuple[str, ...]:
    return model.arn_partitions()


_LOWER = string.ascii_lowercase + string.digits + "-"
_SERVICES = ("ssm-incidents", "ssm", "sns", "iam", "cloudwatch", "ssm-contacts")
_EXAMPLE_ACCOUNTS = (facts.EXAMPLE_ACCOUNT, "444455556666", "123456789012")
_REGIONS = ("", "us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1")
_RESOURCE_CHARS = st.characters(codec="utf-8", exclude_characters=model.JAVA_LINE_TERMINATORS)  # the patterns' "."


def _accounts() -> SearchStrategy[str]:
    return st.one_of(st.sampled_from(_EXAMPLE_ACCOUNTS), st.text(string.digits, min_size=12, max_size=12))


def _partitions(partition: str | None) -> SearchStrategy[str]:
    allowed = _arn_partitions()
    if partition is None:
        # Read at draw time: the ini region, or a use_region() block, decides.
        return st.builds(payloads.current_partition)
    if partition not in allowed:
        raise InvalidArgument(
            f"partition={model.show(partition)} is not allowed by the model's Arn pattern; valid: {', '.join(allowed)}"
        )
    return st.just(partition)


def _current_region() -> SearchStrategy[str]:
    return st.builds(payloads.current_region)


def arns(*, partition: str | None = None) -> SearchStrategy[str]:
    """ARNs in every form the model's ``Arn`` pattern allows.

    ``partition`` defaults to the partition of the current region (the ini option
    ``ssm_incidents_region``, or ``payloads.use_region``); pass one of
    ``model.arn_partitions()`` to choose. Service and region may be empty, the account
    is 12 digits or empty, as the pattern says.
    """

    def build() -> SearchStrategy[str]:
        return st.builds(
            "arn:{}:{}:{}:{}:{}".format,
            _partitions(partition),
            st.one_of(st.sampled_from(_SERVICES), st.text(_LOWER, max_size=12)),
            st.one_of(st.sampled_from(_REGIONS), st.text(_LOWER, max_size=12)),
            # The empty account among the examples, not a branch of its own: a branch of
            # fewer draws won the shrink, which then stopped at a region now and then.
            st.one_of(st.sampled_from((*_EXAMPLE_ACCOUNTS, "")), st.text(string.digits, min_size=12, max_size=12)),
            st.text(_RESOURCE_CHARS, min_size=1, max_size=_TEXT_CAP),
        )

    return st.deferred(build)


def incident_record_arns(*, partition: str | None = None) -> SearchStrategy[str]:
    """Incident record ARNs as the service issues them:
    ``arn:<partition>:ssm-incidents::<account>:incident-record/<response-plan>/<uuid>``."""

    def build() -> SearchStrategy[str]:
        plan_chars = string.ascii_letters + string.digits + "-_"
        return st.builds(
            lambda partition_, account, plan, incident_id: facts.INCIDENT_RECORD_ARN_FORMAT.format(
                partition=partition_, account=account, response_plan=plan, incident_id=incident_id
            ),
            _partitions(partition),
            st.sampled_from(_EXAMPLE_ACCOUNTS),
            st.text(plan_chars, min_size=1, max_size=30),
            st.uuids(version=4).map(str),
        )

    return st.deferred(build)


def event_ids() -> SearchStrategy[str]:
    """Timeline event IDs as the service issues them: UUID strings.

    The model (shape ``UUID``) allows any string of at most 50 characters, and so does
    the service's check: draw that wider set with ``st.text(max_size=50)``.
    ``from_shape("UUID")``, like every member of that shape, draws what this draws.
    """
    return st.uuids(version=4).map(str)


def related_item_ids() -> SearchStrategy[str]:
    """``related-item/<ItemType>/<32 upper-case hex digits>``, as the ``GeneratedId`` pattern says."""

    def build() -> SearchStrategy[str]:
        pattern = re.compile(model.shape("GeneratedId").metadata["pattern"])
        item_types = [
            t for t in model.shape("ItemType").metadata["enum"] if pattern.match(facts.related_item_id(t, "0" * 32))
        ]
        return st.builds(
            facts.related_item_id,
            st.sampled_from(item_types),
            st.text("0123456789ABCDEF", min_size=32, max_size=32),
        )

    return st.deferred(build)


_NAME_CHARS = string.ascii_letters + string.digits + "-_"


def _resource_arns(template: str) -> SearchStrategy[str]:
    """Realistic ARNs of one kind in the current partition and region, e.g. an SNS topic."""
    return st.builds(
        template.format,
        partition=_partitions(None),
        region=_current_region(),
        account=st.sampled_from(_EXAMPLE_ACCOUNTS),
        name=st.text(_NAME_CHARS, min_size=1, max_size=20),
    )


def _sns_arns() -> SearchStrategy[str]:
    return _resource_arns("arn:{partition}:sns:{region}:{account}:{name}")


def _role_arns() -> SearchStrategy[str]:
    return _resource_arns("arn:{partition}:iam::{account}:role/{name}")


def _caller_arns() -> SearchStrategy[str]:
    # Who called the service: a role's session (as the fake names its caller) or the role itself.
    return st.one_of(
        _resource_arns("arn:{partition}:sts::{account}:assumed-role/{name}/{name}"),
        _role_arns(),
    )


# Shapes that hold a response plan with its name: the service makes the plan's ARN from it.
_NAMED_PLANS = frozenset({"GetResponsePlanOutput", "ResponsePlanSummary"})


def _member_of(shape_name: str, member: str, target: Shape) -> SearchStrategy[Any]:
    """A member's strategy: realistic ARNs for an ``Arn`` whose kind the service fixes, filters the
    service takes, else the model's."""
    filter_keys = _FILTERED_BY.get((shape_name, member))
    if filter_keys is not None:
        return _filters(target, filter_keys)
    kind = _arn_kinds().get((shape_name, member))
    if kind is None:
        return _member(target)
    return _caller_arns() if kind == "CALLER" else _ARN_STRATEGIES[kind]()


@functools.cache
def _arn_kinds() -> dict[tuple[str, str], str]:
    """(shape, member) of every ``Arn`` member, to the ResourceType of what it names (or CALLER: who acted).

    Read from the model and ``facts.REQUEST_SUBJECTS``: a request names its subject, an
    ``incidentRecordArn`` or ``responsePlanArn`` is one by its name, a structure's own
    ``arn`` is of the resource its shape is named after (``IncidentRecordSummary``), and
    ``createdBy`` and ``lastModifiedBy`` name a principal.
    """
    subjects: dict[tuple[str, str], str] = {}
    for operation, (kind, member) in facts.REQUEST_SUBJECTS.items():
        request = model.operation_model(operation).input_shape
        if request is not None:
            subjects[(request.name, member)] = kind or "RESPONSE_PLAN"  # what a team tags is mostly its plans
            if kind == "RESOURCE_POLICY":  # a policy is a response plan's, named beside it
                subjects[(request.name, "resourceArn")] = "RESPONSE_PLAN"
    nouns = {"".join(word.capitalize() for word in kind.split("_")): kind for kind in _ARN_STRATEGIES}
    kinds: dict[tuple[str, str], str] = {}
    for name in model.service_model().shape_names:
        shape = model.shape(name)
        if not isinstance(shape, StructureShape):
            continue
        for member, target in shape.members.items():
            if target.name != "Arn":
                continue
            by_noun = [kind for noun, kind in nouns.items() if noun in name] if member == "arn" else []
            kind = (
                subjects.get((name, member))
                or {"incidentRecordArn": "INCIDENT_RECORD", "responsePlanArn": "RESPONSE_PLAN"}.get(member)
                or ("CALLER" if member in ("createdBy", "lastModifiedBy") else None)
                or (by_noun[0] if len(by_noun) == 1 else None)
            )
            if kind is not None:
                kinds[(name, member)] = kind
    return kinds


# The list operations' filters: the keys each takes, from facts (the model names them in prose).
_FILTERED_BY = {
    ("ListIncidentRecordsInput", "filters"): facts.INCIDENT_RECORD_FILTERS,
    ("ListTimelineEventsInput", "filters"): facts.TIMELINE_EVENT_FILTERS,
}


def _filters(shape: Shape, keys: dict[str, str]) -> SearchStrategy[list[dict[str, Any]]]:
    """Filters the service takes: a key it filters on, each with the condition that key takes."""
    low, high = _bounds(shape)
    one = st.one_of([_filter(key, kind) for key, kind in keys.items()])  # built once: no flatmap per draw
    return st.lists(one, min_size=low, max_size=max(low, min(high, _LIST_CAP)))


def _filter(key: str, kind: str) -> SearchStrategy[dict[str, Any]]:
    condition: SearchStrategy[dict[str, Any]]
    if kind == "time":
        when = _timestamp(model.shape("Timestamp"))
        condition = st.one_of(st.fixed_dictionaries({"after": when}), st.fixed_dictionaries({"before": when}))
    else:
        values: SearchStrategy[list[Any]]
        if kind == "integer":
            low, high = model.bounds(model.shape("Impact"))  # the one integer key: impact
            values = st.lists(st.integers(low, high), min_size=1, max_size=_LIST_CAP)
        else:
            value = _FILTER_VALUES.get(key, lambda: st.text(min_size=1, max_size=_TEXT_CAP))()
            values = st.lists(value, min_size=1, max_size=_LIST_CAP)
        listed = "integerValues" if kind == "integer" else "stringValues"
        condition = st.fixed_dictionaries({"equals": st.fixed_dictionaries({listed: values})})
    return st.fixed_dictionaries({"key": st.just(key), "condition": condition})


# What a string filter compares, by key: the values the service holds there.
_FILTER_VALUES: dict[str, Callable[[], SearchStrategy[str]]] = {
    "status": lambda: st.sampled_from(list(model.shape("IncidentRecordStatus").metadata["enum"])),
    "createdBy": lambda: _caller_arns(),
    "eventType": lambda: st.sampled_from(facts.EVENT_TYPES),
    "eventReference": lambda: st.one_of(arns(), related_item_ids()),
}


@st.composite
def _region_names(draw: Callable[[SearchStrategy[Any]], Any]) -> str:
    """Regions of the current partition (read at draw time), as a replication set names them."""
    return str(draw(_regions_of(payloads.current_partition())))


@functools.cache
def _regions_of(partition: str) -> SearchStrategy[str]:
    high = model.bounds(model.shape("RegionName"))[1]
    return st.sampled_from(sorted(region for region in model.regions_in(partition) if len(region) <= high))


def _response_plan_arns() -> SearchStrategy[str]:
    return _resource_arns(facts.RESPONSE_PLAN_ARN_FORMAT)


def _replication_set_arns() -> SearchStrategy[str]:
    return st.builds(
        facts.REPLICATION_SET_ARN_FORMAT.format,
        partition=_partitions(None),
        account=st.sampled_from(_EXAMPLE_ACCOUNTS),
        id=event_ids(),
    )


def _plan_arn_from_name(plan: dict[str, Any]) -> dict[str, Any]:
    # In the current partition and account, as the service (and the fake) make it.
    return {**plan, "arn": payloads.response_plan_arn(plan["name"])}


# The model types every ARN member as a bare ``Arn``; the service fills each with one kind.
_ARN_STRATEGIES: dict[str, Callable[[], SearchStrategy[str]]] = {
    "INCIDENT_RECORD": incident_record_arns,
    "RESPONSE_PLAN": _response_plan_arns,
    "REPLICATION_SET": _replication_set_arns,
}


def _record_members() -> dict[str, SearchStrategy[Any]]:
    """Each ARN member of a record gets ARNs of the kind the service puts there."""
    execution = "arn:{partition}:ssm:{region}:{account}:automation-execution/{name}"
    source = _own(
        "IncidentRecordSource",
        createdBy=_caller_arns(),
        resourceArn=_resource_arns("arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}"),
        invokedBy=st.sampled_from(["cloudwatch.amazonaws.com", "events.amazonaws.com", "ssm-incidents.amazonaws.com"]),
        source=st.sampled_from(["aws.cloudwatch", "aws.events", "aws.ssm-incidents.custom"]),
    )
    return {
        "arn": incident_record_arns(),
        "lastModifiedBy": _caller_arns(),
        "incidentRecordSource": source,
        "automationExecutions": st.lists(
            st.fixed_dictionaries({"ssmExecutionArn": _resource_arns(execution)}), max_size=_LIST_CAP
        ),
        "notificationTargets": st.lists(st.fixed_dictionaries({"snsTopicArn": _sns_arns()}), max_size=_LIST_CAP),
    }


def _event_data() -> SearchStrategy[str]:
    # eventData is a JSON document: a JSON string for custom events, an object for others.
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.text(max_size=_TEXT_CAP))
    return st.one_of(
        st.text(max_size=_TEXT_CAP).map(json.dumps),
        st.dictionaries(st.text(max_size=12), scalars, max_size=4).map(json.dumps),
    )


_SPECIAL_SHAPES: dict[str, Callable[[], SearchStrategy[Any]]] = {
    "Arn": arns,
    "RegionName": lambda: _region_names(),
    "UUID": event_ids,
    "GeneratedId": related_item_ids,
    "SnsArn": _sns_arns,
    "EventData": _event_data,
}


# ---------------------------------------------------------------- tagged unions and payloads


def chat_channels() -> SearchStrategy[dict[str, Any]]:
    """``ChatChannel`` tagged unions: exactly one of ``chatbotSns`` or ``empty``."""
    return from_shape("ChatChannel")


def automation_executions() -> SearchStrategy[dict[str, Any]]:
    """``AutomationExecution`` tagged unions (``ssmExecutionArn``)."""
    return from_shape("AutomationExecution")


def notification_targets() -> SearchStrategy[dict[str, Any]]:
    """``NotificationTargetItem`` tagged unions (``snsTopicArn``)."""
    return from_shape("NotificationTargetItem")


def event_references() -> SearchStrategy[dict[str, Any]]:
    """``EventReference`` tagged unions: exactly one of ``resource`` or ``relatedItemId``."""
    return from_shape("EventReference")


def incident_records(*, partition: str | None = None, **members: SearchStrategy[Any]) -> SearchStrategy[dict[str, Any]]:
    """``IncidentRecord`` dicts as ``get_incident_record`` returns them.

    Their ARNs are in ``partition`` (default: the current region's, read at draw time),
    as a fake of a region in it holds them.

    Keyword arguments replace single members, as in ``from_shape``: a member given one is
    always there, unless its strategy draws None. The service's own rules then hold:
    ``resolvedTime`` only when RESOLVED, ``lastModifiedTime`` not before ``creationTime``.
    Members given that break one between themselves (``status="OPEN"`` beside a
    ``resolvedTime``, say) raise ``InvalidArgument`` when drawn.
    The minimal example has only the required members and those given.
    """
    given = frozenset(members)
    drawn = st.deferred(lambda: _from_shape("IncidentRecord", {**_record_members(), **members}, users=given))
    return _in_partition(drawn, partition)


def timeline_events(*, partition: str | None = None, **members: SearchStrategy[Any]) -> SearchStrategy[dict[str, Any]]:
    """``TimelineEvent`` dicts as ``get_timeline_event`` returns them (``eventData`` is JSON).

    Their ARNs are in ``partition``, as ``incident_records``'s are.

    ``eventTime`` and ``eventUpdatedTime`` are drawn apart: an event may be written (or
    updated) before the time it is about, as a note about planned work is.
    """
    defaults: dict[str, SearchStrategy[Any]] = {
        "incidentRecordArn": incident_record_arns(),
        "eventType": st.one_of(st.sampled_from(facts.EVENT_TYPES), st.text(min_size=1, max_size=_TEXT_CAP)),
    }
    given = frozenset(members)
    return _in_partition(
        st.deferred(lambda: _from_shape("TimelineEvent", {**defaults, **members}, users=given)), partition
    )


def _in_partition(strategy: SearchStrategy[Any], partition: str | None) -> SearchStrategy[Any]:
    """``strategy``, drawn with the builders in a region of ``partition`` (None: as they are)."""
    if partition is None:
        return strategy
    _partitions(partition)  # refuses one the model's Arn pattern does not allow
    region = min(model.regions_in(partition))

    @st.composite
    def drawn(draw: Callable[[SearchStrategy[Any]], Any]) -> Any:
        if payloads.current_partition() == partition:
            return draw(strategy)
        with payloads.use_region(region):
            return draw(strategy)

    return drawn()


def get_incident_record_responses() -> SearchStrategy[dict[str, Any]]:
    """Whole GetIncidentRecord outputs, ready for ``IncidentsStub.add_response``."""
    return _own("GetIncidentRecordOutput", incidentRecord=incident_records())


def get_timeline_event_responses() -> SearchStrategy[dict[str, Any]]:
    """Whole GetTimelineEvent outputs, ready for ``IncidentsStub.add_response``."""
    return _own("GetTimelineEventOutput", event=timeline_events())


def client_errors(*, operation: str | None = None) -> SearchStrategy[ErrorPayload]:
    """Modeled errors of ``operation`` (default: any operation), with valid modeled fields.

    Each is ready for ``stub.add_error(e.operation, e.code, e.message, **e.modeled_fields)``
    or ``fake.fail_next(e.operation, e.code, message=e.message, **e.modeled_fields)``.
    """

    def build() -> SearchStrategy[ErrorPayload]:
        if operation is None:
            names = model.operation_names()
        else:
            try:
                names = [model.operation_model(operation).name]
            except model.UnknownOperationError as error:
                raise InvalidArgument(str(error)) from None
        cases = [(name, info) for name in names for info in model.modeled_errors(name).values()]
        # one_of, not flatmap: each branch shrinks on its own to a small, readable error.
        return st.one_of([_error_of(case) for case in cases])

    return st.deferred(build)


_messages = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=_TEXT_CAP)


def _error_of(case: tuple[str, model.ErrorInfo]) -> SearchStrategy[ErrorPayload]:
    operation, info = case
    fields = _own(info.shape, message=_messages)
    return _made(fields, lambda body: ErrorPayload(operation, info.code, body["message"], info.http_status, body))


# ---------------------------------------------------------------- fault plans

# botocore's legacy retry mode makes 5 attempts, standard 3: a plan reaches into the first four.
MAX_PLANNED_ATTEMPT = 4


def _fault_choices(operation: str) -> list[str]:
    """The faults one operation may suffer, simplest first: shrinking prefers the front.

    Modeled errors by status (400 before 500), then what goes wrong below HTTP.
    """
    modeled = sorted(model.modeled_errors(operation).values(), key=lambda info: (info.http_status, info.code))
    return [info.code for info in modeled] + list(faults.TRANSPORT_FAULTS)


def fault_plans(
    *, operations: Sequence[str] | None = None, codes: Sequence[str] | None = None, max_faults: int = 3
) -> SearchStrategy[FaultPlan]:
    """``FaultPlan`` values: which attempt of which operation fails, and with what.

    The choices are every modeled error of each operation (with its modeled status and
    fields, filled in from the request when it happens) and the transport faults
    botocore turns into its own exceptions: ``ConnectionError``, ``ReadTimeout`` and
    ``HtmlServerError`` (a 502 HTML page). ``operations`` (either spelling) and ``codes``
    narrow them; ``max_faults`` bounds a plan's size. Plans shrink to the fewest faults,
    on the earliest attempts, with the simplest errors. Arm one with ``fake.apply(plan)``.
    """
    # The arguments are checked when Hypothesis first uses the strategy, as its own strategies'
    # are: a composite unwraps the st.deferred it is given once, when it is built, and then
    # draws from what they made. (A plan drawn through st.deferred paid for unwrapping it at
    # every draw: about 0.2 million instructions, a ninth of what a plan costs Hypothesis.)
    return _fault_plans(
        st.deferred(lambda: _plan_sizes(max_faults)),
        st.deferred(lambda: _plan_slots(operations, codes)),
        st.integers(1, MAX_PLANNED_ATTEMPT),
    )


# A slot of a plan: no fault, or an operation and its fault (or the strategy that draws it).
_Slot = tuple[str, str | SearchStrategy[str]] | None


@st.composite
def _fault_plans(
    draw: Callable[[SearchStrategy[Any]], Any],
    sizes: SearchStrategy[int],
    slots: SearchStrategy[_Slot],
    attempts: SearchStrategy[int],
) -> FaultPlan:
    # A number of slots (0 to max_faults, so plans of every size come up), then per slot
    # "no fault" or an operation and, for an operation, the attempt and the fault, each
    # drawn on its own so each shrinks on its own: the count to fewer slots, a slot to no
    # fault (so a fault in the middle can go), the operation to the first given, the
    # attempt to 1, and the fault to the operation's simplest.
    planned: dict[tuple[str, int], PlannedFault] = {}
    for _ in range(draw(sizes)):
        slot = draw(slots)
        if slot is None:
            continue
        operation, fault = slot
        attempt = draw(attempts)
        code = fault if isinstance(fault, str) else draw(fault)
        # An attempt already planned keeps its first fault; the shrinker empties the slot.
        # (Not setdefault: a PlannedFault checks itself when made, so make only those kept.)
        if (operation, attempt) not in planned:
            planned[operation, attempt] = PlannedFault(operation, attempt, code)
    return FaultPlan(tuple(planned.values()))


def _plan_sizes(max_faults: Any) -> SearchStrategy[int]:
    if not isinstance(max_faults, int) or isinstance(max_faults, bool) or not 0 <= max_faults <= 50:
        raise InvalidArgument(f"max_faults={model.show(max_faults)} must be a whole number from 0 to 50")
    return st.integers(0, max_faults)


def _plan_slots(operations: Any, codes: Any) -> SearchStrategy[_Slot]:
    chosen = _plan_operations(operations)
    choices = {name: _fault_choices(name) for name in chosen}
    if codes is not None:
        wanted = _plan_codes(codes, choices)
        choices = {name: [c for c in options if c in wanted] for name, options in choices.items()}
        choices = {name: options for name, options in choices.items() if options}
    # One draw of an (operation, fault) pair could not shrink from an operation's third fault
    # to its first without passing other operations' faults, and stopped on whichever failed:
    # a slot names the operation, and a second draw its fault. Each operation once for each of
    # its faults: a slot is empty as often as when one draw chose among every (operation,
    # fault) pair, not half the time for one operation. With one operation, its faults are
    # the slot's own choices: one draw, not two, and it still shrinks to the simplest
    # (Hypothesis's own work is most of what a plan costs).
    if len(choices) == 1:
        entries: list[_Slot] = [(name, code) for name, options in choices.items() for code in options]
    else:
        entries = []
        for name, options in choices.items():
            faults_of_name = st.sampled_from(options)
            entries += [(name, faults_of_name)] * len(options)
    return st.sampled_from([None, *entries])


def _plan_operations(operations: Any) -> list[str]:
    if operations is None:
        return model.operation_names()
    if isinstance(operations, str) or not isinstance(operations, (list, tuple)) or not operations:
        raise InvalidArgument(
            f"operations={model.show(operations)} must be a non-empty list of operation names, "
            f"e.g. ['get_incident_record'], or None for all"
        )
    try:
        return list(dict.fromkeys(model.operation_model(name).name for name in operations))
    except model.UnknownOperationError as error:
        raise InvalidArgument(f"operations: {error}") from None


def _plan_codes(codes: Any, choices: dict[str, list[str]]) -> set[str]:
    if isinstance(codes, str) or not isinstance(codes, (list, tuple)) or not codes:
        raise InvalidArgument(
            f"codes={model.show(codes)} must be a non-empty list of error codes or transport faults, or None for all"
        )
    possible = {code for options in choices.values() for code in options}
    named = [faults.fault_code(code) for code in codes]  # "read timeout", as a plan writes it, is ReadTimeout
    unknown = [code for code in named if not isinstance(code, str) or code not in possible]
    if unknown:
        raise InvalidArgument(
            f"codes={model.show(codes)}: {model.show(unknown[0])} is not a fault of the chosen operations; "
            f"choices: {', '.join(sorted(possible))}"
        )
    return set(named)  # type: ignore[arg-type]  # each is a str: checked above


# ---------------------------------------------------------------- invalid values


_LAYERS = ("client", "server")


def _check_layer(layer: str | None) -> None:
    if layer is not None and layer not in _LAYERS:
        raise InvalidArgument(f"layer={model.show(layer)} must be None, 'client' or 'server'")


def _wrong_types() -> SearchStrategy[Invalid]:
    # botocore's ParamValidator refuses these before any request is made.
    values = st.one_of(
        st.none(),
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=False),
        st.binary(max_size=4),
        st.lists(st.text(max_size=3), max_size=2),
    )
    return _made(values, lambda value: Invalid(value, "type", "client", f"{type(value).__name__} is not a string"))


def _layered(
    layer: str | None, client: SearchStrategy[Invalid], server: SearchStrategy[Invalid]
) -> SearchStrategy[Invalid]:
    _check_layer(layer)
    if layer == "client":
        return client
    if layer == "server":
        return server
    return st.one_of(server, client)


def invalid_arns(*, layer: model.Layer | None = None) -> SearchStrategy[Invalid]:
    """ARNs that break the ``Arn`` shape. ``layer="client"`` or ``"server"`` picks one kind.

    Server side (sent, then ``ValidationException``): a wrong prefix, a partition the
    pattern does not allow, a bad account, an empty resource, a line break, over the
    model's maximum length (1000 characters). Client side (``ParamValidationError``): a
    value that is not a string.
    """

    def build() -> SearchStrategy[Invalid]:
        allowed = set(_arn_partitions())
        ids = [p["id"] for p in model.partitions()]
        other_partitions = [p for p in ids if p not in allowed] + ["AWS", ""]
        valid = arns()

        def broken(reason: str, strategy: SearchStrategy[str]) -> SearchStrategy[Invalid]:
            return _made(strategy, lambda value: Invalid(value, "pattern", "server", reason))

        pattern = st.one_of(
            broken("no 'arn:' prefix", valid.map(lambda arn: arn[4:])),
            broken(
                "a partition the pattern does not allow",
                st.builds(
                    "arn:{}:ssm-incidents::{}:incident-record/p/1".format,
                    st.sampled_from(other_partitions),
                    _accounts(),
                ),
            ),
            broken(
                "an account that is not 12 digits",
                st.builds(
                    "arn:aws:ssm-incidents::{}:incident-record/p/1".format,
                    st.one_of(
                        st.text(string.digits, min_size=1, max_size=11),
                        st.text(string.digits, min_size=13, max_size=14),
                    ),
                ),
            ),
            broken(
                "an empty resource",
                st.builds("arn:aws:{}:{}:{}:".format, st.sampled_from(_SERVICES), st.just(""), _accounts()),
            ),
            broken("a line break in the resource", valid.map(lambda arn: arn + "\n")),
            broken("upper case in the service", st.builds("arn:aws:SSM-Incidents::{}:x".format, _accounts())),
        )
        start = f"arn:aws:ssm-incidents::{facts.EXAMPLE_ACCOUNT}:incident-record/p/"
        too_long = _too_long(
            "Arn", lambda maximum: st.builds(start.ljust, st.integers(maximum + 1, maximum + 100), st.just("x"))
        )
        return _layered(layer, _wrong_types(), st.one_of(pattern, too_long))

    return st.deferred(build)


def invalid_event_ids(*, layer: model.Layer | None = None) -> SearchStrategy[Invalid]:
    """Event IDs the service rejects (over the ``UUID`` shape's 50 characters) or botocore rejects (not a string)."""

    def build() -> SearchStrategy[Invalid]:
        return _layered(
            layer,
            _wrong_types(),
            _too_long("UUID", lambda maximum: st.text(min_size=maximum + 1, max_size=maximum + 10)),
        )

    return st.deferred(build)


def invalid_related_item_ids(*, layer: model.Layer | None = None) -> SearchStrategy[Invalid]:
    """Related item IDs that break the ``GeneratedId`` pattern or its maximum (200 characters)."""

    def build() -> SearchStrategy[Invalid]:
        valid = related_item_ids()
        regex = model.pattern_regex("GeneratedId")
        assert regex is not None
        # A plural (INCIDENTS): a type the pattern does not list, whatever the model lists.
        not_types = [f"{t}S" for t in model.shape("ItemType").metadata["enum"]]
        not_types = [t for t in not_types if not regex.search(facts.related_item_id(t, "0" * 32))]

        def broken(reason: str, strategy: SearchStrategy[str]) -> SearchStrategy[Invalid]:
            return _made(strategy, lambda value: Invalid(value, "pattern", "server", reason))

        pattern = st.one_of(
            broken("lower-case hex and type", valid.map(str.lower)),
            broken("31 hex digits, not 32", valid.map(lambda value: value[:-1])),
            broken("wrong prefix", valid.map(lambda value: value.replace("related-item/", "item/"))),
            broken(
                "not an ItemType",
                st.builds(
                    facts.related_item_id,
                    st.sampled_from(not_types),
                    st.text("0123456789ABCDEF", min_size=32, max_size=32),
                ),
            ),
        )
        return _layered(
            layer,
            _wrong_types(),
            st.one_of(
                pattern,
                _too_long(
                    "GeneratedId",
                    lambda maximum: st.builds(str.ljust, valid, st.integers(maximum + 1, maximum + 10), st.just("0")),
                ),
            ),
        )

    return st.deferred(build)


def _too_long(shape_name: str, strings: Callable[[int], SearchStrategy[str]]) -> SearchStrategy[Invalid]:
    """``strings(maximum)`` (strings longer than it), with the shape's maximum read from the model."""
    maximum = int(model.bounds(model.shape(shape_name))[1])
    return _made(
        strings(maximum),
        lambda value: Invalid(value, "max", "server", f"{len(value)} characters, over the maximum {maximum}"),
    )


def _invalid_union(shape_name: str) -> SearchStrategy[Invalid]:
    def build() -> SearchStrategy[Invalid]:
        shape = model.shape(shape_name)
        assert isinstance(shape, StructureShape)
        names = list(shape.members)
        kinds = [
            # Built afresh for each example: code under test may change what it is given.
            _made(st.builds(dict), lambda value: Invalid(value, "union", "client", "no member set")),
            _made(
                st.fixed_dictionaries({"notAMember": st.builds(dict)}),
                lambda value: Invalid(value, "unknown", "client", "a member the model does not have"),
            ),
        ]
        if len(names) > 1:
            both = st.fixed_dictionaries({name: _member(shape.members[name]) for name in names})
            kinds.append(_made(both, lambda value: Invalid(value, "union", "client", "more than one member set")))
        return st.one_of(kinds)

    return st.deferred(build)


def invalid_chat_channels() -> SearchStrategy[Invalid]:
    """``ChatChannel`` values with no member, two members, or an unknown member (all client side)."""
    return _invalid_union("ChatChannel")


def invalid_automation_executions() -> SearchStrategy[Invalid]:
    """``AutomationExecution`` values with no member or an unknown member (client side).

    No request carries an ``AutomationExecution``: it travels only in answers (an incident
    record's ``automationExecutions``). There, "client side" means botocore's parser: a raw
    answer holding one with no member raises ``ResponseParserError``, one with an unknown
    member parses as ``SDK_UNKNOWN_MEMBER``; the stub refuses to queue either.
    """
    return _invalid_union("AutomationExecution")


def invalid_notification_targets() -> SearchStrategy[Invalid]:
    """``NotificationTargetItem`` values with no member or an unknown member (client side)."""
    return _invalid_union("NotificationTargetItem")


def invalid_event_references() -> SearchStrategy[Invalid]:
    """``EventReference`` values with no member, two members, or an unknown member (client side)."""
    return _invalid_union("EventReference")


# ---------------------------------------------------------------- mypy-boto3 TypedDicts

_TYPED_DICTS: dict[str, Callable[[], SearchStrategy[Any]]] = {
    "IncidentRecordTypeDef": incident_records,
    "TimelineEventTypeDef": timeline_events,
    "ChatChannelTypeDef": chat_channels,
    "ChatChannelOutputTypeDef": chat_channels,
    "AutomationExecutionTypeDef": automation_executions,
    "NotificationTargetItemTypeDef": notification_targets,
    "EventReferenceTypeDef": event_references,
}


def _register_mypy_boto3_types() -> None:
    """Make ``st.from_type`` give realistic values for mypy-boto3's TypedDicts, if installed.

    Each TypedDict named after a shape of the model (``IncidentRecordSummaryTypeDef``,
    ``ChatChannelOutputTypeDef``, ``StartIncidentInputTypeDef``) draws what ``from_shape``
    draws for it; an operation's output, as ``add_response`` takes it (no ``ResponseMetadata``).
    Those of paginators and waiters, which are not shapes, are left to Hypothesis.
    """
    try:
        from mypy_boto3_ssm_incidents import type_defs
    except ImportError:
        return
    for name, shape in _typed_dicts_of_shapes(type_defs):
        factory = _TYPED_DICTS.get(name)
        st.register_type_strategy(getattr(type_defs, name), factory() if factory else from_shape(shape))


def _typed_dicts_of_shapes(type_defs: Any) -> list[tuple[str, str]]:
    """(TypedDict, model shape) for each TypedDict of ``type_defs`` named after a shape (not an alias)."""
    shapes = set(model.service_model().shape_names)
    pairs = []
    for name in dir(type_defs):
        stem = name.removesuffix("TypeDef")
        shape = next((s for s in (stem, stem.removesuffix("Output"), stem.removesuffix("Union")) if s in shapes), None)
        if stem != name and shape is not None and isinstance(getattr(type_defs, name), type):
            pairs.append((name, shape))
    return pairs


_register_mypy_boto3_types()
