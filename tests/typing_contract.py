"""What a type-checked downstream suite gets from the public API: checked by mypy in CI, never run.

``mypy --strict`` flags an unused ``# type: ignore``, so each ignore below is an error
mypy must report: a misspelt name, a misused ``DEFAULT`` or a misspelt layer that
type-checked would make that ignore unused, and fail the lint step.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis.strategies import SearchStrategy
from mypy_boto3_ssm_incidents import SSMIncidentsClient

import ssmincidents_stub
from ssmincidents_stub import (
    DEFAULT,
    Call,
    ErrorPayload,
    FaultPlan,
    IncidentsFake,
    IncidentsServer,
    IncidentsStub,
    PlannedFault,
    strategies,
)


def a_fake_test(ssm_incidents_fake: IncidentsFake) -> list[Call]:
    ssm_incidents_fake.apply(FaultPlan((PlannedFault("GetIncidentRecord", 1, "ThrottlingException"),)))
    return ssm_incidents_fake.calls


def a_misspelt_method(ssm_incidents_fake: IncidentsFake) -> None:
    ssm_incidents_fake.put_incident_recrd()  # type: ignore[attr-defined]


def a_misspelt_root_attribute() -> object:
    return ssmincidents_stub.IncidentsFak  # type: ignore[attr-defined]


def default_is_for_the_builders_only(stub: IncidentsStub) -> None:
    stub.add_incident_record(expected_params=DEFAULT)
    stub.add_response("list_incident_records", expected_params=DEFAULT)  # type: ignore[arg-type]


def a_typed_client_can_be_stubbed(client: SSMIncidentsClient) -> IncidentsStub:
    return IncidentsStub(client)


def errors_and_plans(operations: Sequence[str]) -> tuple[SearchStrategy[ErrorPayload], SearchStrategy[FaultPlan]]:
    return strategies.client_errors(), strategies.fault_plans(operations=tuple(operations))


def a_misspelt_layer() -> object:
    return strategies.invalid_arns(layer="clinet")  # type: ignore[arg-type]


def the_servers_environment(server: IncidentsServer) -> dict[str, str]:
    return server.environment()
