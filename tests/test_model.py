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

from ssmincidents_stub import model

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
