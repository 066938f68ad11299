"""model.py: the service model, its errors and the constraint checker."""

from __future__ import annotations

import datetime
import gzip
import json
import pathlib
from typing import Any

import botocore
import pytest
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssmincidents_stub import model
from ssmincidents_stub import strategies as S

ERRORS_OF_BOTH = {
    "ThrottlingException": 429,
    "ResourceNotFoundException": 404,
    "AccessDeniedException": 403,
    "ValidationException": 400,
    "InternalServerException": 500,
}


def _raw_model() -> dict[str, object]:
    root = pathlib.Path(botocore.__file__).parent / "data" / model.SERVICE_NAME
    (path,) = root.glob("*/service-2.json*")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def test_the_model_is_loaded_once_per_process() -> None:
    assert model.service_model() is model.service_model()


def test_every_operation_of_the_installed_model_is_known() -> None:
    operations: Any = _raw_model()["operations"]
    assert sorted(model.operation_names()) == sorted(operations)


@pytest.mark.parametrize("spelling", ["get_incident_record", "GetIncidentRecord"])
def test_operations_answer_to_both_spellings(spelling: str) -> None:
    assert model.operation_model(spelling).name == "GetIncidentRecord"


def test_an_unknown_operation_names_the_valid_ones() -> None:
    with pytest.raises(model.UnknownOperationError) as caught:
        model.operation_model("get_incident")
    text = str(caught.value)
    assert text.startswith("operation='get_incident' is not an operation of ssm-incidents")
    assert "get_incident_record" in text and "get_timeline_event" in text


@pytest.mark.parametrize("operation", ["GetIncidentRecord", "GetTimelineEvent"])
def test_modeled_errors_carry_the_model_status_and_fields(operation: str) -> None:
    errors = model.modeled_errors(operation)
    assert {code: info.http_status for code, info in errors.items()} == ERRORS_OF_BOTH
    assert errors["ThrottlingException"].required == ("quotaCode", "serviceCode")
    assert set(errors["ResourceNotFoundException"].members) == {"resourceIdentifier", "resourceType"}
    assert errors["ThrottlingException"].retryable and errors["InternalServerException"].retryable
    assert not errors["ValidationException"].retryable


def test_error_info_finds_codes_the_two_gets_do_not_model() -> None:
    conflict = model.error_info("ConflictException")
    assert conflict is not None and conflict.http_status == 409
    assert model.error_info("NoSuchThing") is None


def test_an_unknown_shape_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"shape='Incident' is not a shape .*IncidentRecord"):
        model.shape("Incident")


ARN = "arn:aws:ssm-incidents::111122223333:incident-record/plan/abc"


@pytest.mark.parametrize(
    ("params", "expected", "layer"),
    [
        ({"arn": "not-an-arn"}, "arn: 'not-an-arn' does not match the pattern", "server"),
        ({"arn": ARN + "\n"}, "does not match the pattern", "server"),
        (
            {"arn": "arn:aws:x:y:111122223333:" + "z" * 1000},
            "length 1025 is above the maximum 1000",
            "server",
        ),
        ({"arn": 5}, "arn: 5 is not a string (got int)", "client"),
        ({}, "arn: missing required member (required: arn)", "client"),
        ({"arn": ARN, "Arn": ARN}, "Arn: unknown member 'Arn'; valid members: arn", "client"),
    ],
)
def test_checker_reports_path_constraint_and_layer(params: dict[str, object], expected: str, layer: str) -> None:
    shape = model.shape("GetIncidentRecordInput")
    (violation,) = model.check(params, shape)
    assert expected in str(violation)
    assert violation.layer == layer
    rejected_by_botocore = True
    try:
        validate_parameters(params, shape)
    except ParamValidationError:
        pass
    else:
        rejected_by_botocore = False
    assert rejected_by_botocore == (layer == "client")


def test_checker_reports_every_violation_of_a_record() -> None:
    record = {
        "arn": ARN,
        "creationTime": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
        "dedupeString": "d",
        "impact": 0,
        "incidentRecordSource": {"createdBy": ARN, "source": "s"},
        "lastModifiedBy": ARN,
        "lastModifiedTime": "yesterday-ish",
        "status": "CLOSED",
        "title": "t",
        "chatChannel": {},
    }
    found = {str(v) for v in model.check(record, model.shape("IncidentRecord"), "incidentRecord")}
    assert found == {
        "incidentRecord.impact: 0 is below the minimum 1",
        "incidentRecord.lastModifiedTime: 'yesterday-ish' is not a timestamp (a datetime)",
        "incidentRecord.status: 'CLOSED' is not one of OPEN, RESOLVED",
        "incidentRecord.chatChannel: a tagged union takes exactly one member, got 0 (none); members: chatbotSns, empty",
    }


def test_a_bool_passes_botocore_as_an_integer_but_not_the_service() -> None:
    (violation,) = model.check(True, model.shape("Impact"), "impact")
    assert violation.layer == "server"
    assert str(violation) == "impact: True is not an integer (got bool)"


# ---------------------------------------------------------------- the compiled fast path of check()


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, (*path, index))
    return found


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


def _near_misses(old: Any) -> list[Any]:
    """Values one step from ``old``: the mistakes a caller makes, which the check must catch."""
    if isinstance(old, str):  # one character off, the wrong case, empty, a trailing newline
        return [old + "x", old[:-1], old.upper(), old.lower(), "", old + "\n"]
    if isinstance(old, list):  # too few or too many items
        return [[], old * 2, old * 50]
    if isinstance(old, dict):  # a member missing, too few or too many entries
        fewer = [{key: item for key, item in old.items() if key != gone} for gone in old]
        more = [{**old, **{f"k{n}": next(iter(old.values())) for n in range(60)}}] if old else []
        # A key one step off (a map's key has rules too), or with a prefix the service reserves.
        renamed = [
            {(new if key == mistaken else key): item for key, item in old.items()}
            for mistaken in old
            if isinstance(mistaken, str)
            for new in [*_near_misses(mistaken), f"aws:{mistaken}"]
        ]
        return [{}, *more, *fewer, *renamed]
    if isinstance(old, int) and not isinstance(old, bool):  # off by one, out of range
        return [old - 1, old + 1, 0, -old, float(old)]
    return []


def _mistakes(value: Any) -> list[Any]:
    """Every near miss at every node of ``value``, and a few wrong types."""
    found = []
    for path in _nodes(value):
        old = _at(value, path)
        for new in [*_near_misses(old), None, True, 1.5, b"x", datetime.datetime(2026, 1, 1), {1: {}}]:
            found.append(_replaced(value, path, new))
    return found


def _at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


_SHAPE_NAMES = sorted(model.service_model().shape_names)


_ANY_SHAPE = st.sampled_from(_SHAPE_NAMES).flatmap(S.from_shape)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SHAPE_NAMES), st.data())
def test_the_fast_path_never_passes_what_the_full_check_refuses(name: str, data: st.DataObject) -> None:
    value = data.draw(S.from_shape(name), label="value")
    is_valid = model._is_valid(name)
    # Every value the strategies draw takes the fast path: it is what keeps calls cheap.
    assert model._full_check(value, name) == [] and is_valid(value)
    others = data.draw(st.lists(_ANY_SHAPE, max_size=5), label="values of other shapes")
    members = model.shape(name).members if model.shape(name).type_name == "structure" else {}  # type: ignore[attr-defined]
    if model.shape(name).metadata.get("union") and len(members) > 1:  # a second member of a tagged union
        (chosen,) = value
        second = data.draw(st.sampled_from(sorted(set(members) - {chosen})), label="second member")
        others.append({**value, second: data.draw(S.from_shape(members[second].name), label="its value")})
        assert not is_valid(others[-1]) and model._full_check(others[-1], name)
    for wrong in [*_mistakes(value), *others]:
        if is_valid(wrong):
            assert model._full_check(wrong, name) == [], wrong


def test_a_list_with_no_maximum_is_checked_to_its_last_item() -> None:
    arn = "arn:aws:ssm-incidents::111122223333:replication-set/x"
    (violation,) = model.check([arn] * 150 + [12345], "ReplicationSetArnList", "arns")
    assert violation.path == "arns[150]" and violation.constraint == "type"
    assert model.check([arn] * 150, "ReplicationSetArnList") == []


def test_the_regions_of_a_partition_are_its_regions_without_the_global_endpoints() -> None:
    aws, china, gov = model.regions_in("aws"), model.regions_in("aws-cn"), model.regions_in("aws-us-gov")
    assert {"us-east-1", "eu-west-1", "ap-southeast-2"} <= aws
    assert "cn-north-1" in china and "us-gov-west-1" in gov
    # botocore lists each partition's global endpoints among its regions: no service runs there.
    assert not {"aws-global", "aws-cn-global", "aws-us-gov-global"} & (aws | china | gov)
    assert not aws & china and not aws & gov
    assert all(model.partition_of(region) == "aws" for region in aws)
    assert model.regions_in("no-such-partition") == frozenset()
