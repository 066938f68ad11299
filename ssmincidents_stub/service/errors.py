"""[does] The service's errors: what a handler raises when the real service would answer with one.

Service floor: a handler raises ``ServiceError`` carrying the modeled error (code,
status, fields, message worded like the service's); the delivery turns it into an answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ssmincidents_stub import facts, model, payloads

__all__ = [
    "ServiceError",
    "UnservedRequestError",
    "conflict",
    "not_found",
    "quota_exceeded",
    "related_item_not_found",
    "token_reused",
    "validation",
    "validation_of",
]


class ServiceError(Exception):
    """A modeled error the service answers with."""

    def __init__(self, error: payloads.ErrorPayload) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.error = error


class UnservedRequestError(NotImplementedError):
    """A request the in-memory service has no semantics for; it never falls through to AWS."""


def _sendable(text: str) -> str:
    """``text`` with any lone surrogate written as its escape: a request may carry one (JSON can
    say ``\\ud800``), and quoting it back must not make an answer no service could encode."""
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


def not_found(operation: str, identifier: str, resource_type: str | None = None) -> ServiceError:
    """404: the resource named by ``identifier`` does not exist."""
    return ServiceError(
        payloads.error_payload(
            operation,
            "ResourceNotFoundException",
            resource_identifier=_sendable(identifier),
            resource_type=resource_type,
        )
    )


def related_item_not_found(operation: str, description: str) -> ServiceError:
    """404 for a related item: the model's ResourceType has no value for one, so the answer names none."""
    error = payloads.error_payload(
        operation,
        "ResourceNotFoundException",
        _sendable(f"Related item {description} does not exist"),
        resource_identifier=_sendable(description),
    )
    fields = {name: value for name, value in error.fields.items() if name != "resourceType"}
    return ServiceError(dataclasses.replace(error, fields=fields))


def validation(operation: str, message: str) -> ServiceError:
    """400: the request breaks a rule of the service."""
    return ServiceError(payloads.error_payload(operation, "ValidationException", _sendable(message)))


def validation_of(operation: str, violations: Sequence[model.Violation]) -> ServiceError:
    """400 for broken model constraints, worded as the service words them.

    A value of the wrong JSON type (a string where a number goes, a null in a list) is not
    read at all: the protocol's ``SerializationException``, which the service does not model.
    """
    wrong_types = [v for v in violations if v.constraint == "type"]
    if wrong_types:
        code, status = facts.SERIALIZATION_ERROR
        why = "; ".join(str(v) for v in wrong_types[:10])
        message = _sendable(facts.SERIALIZATION_MESSAGE.format(operation=operation, why=why))
        return ServiceError(payloads.error_payload(operation, code, message, http_status_code=status))
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    text = f"{count} validation {noun} detected: " + "; ".join(v.service_message() for v in violations[:10])
    return validation(operation, text)


def conflict(
    operation: str, message: str, identifier: str | None = None, resource_type: str | None = None
) -> ServiceError:
    """409: the request contradicts the resource's current state."""
    fields: dict[str, Any] = {}
    if identifier is not None:
        fields["resourceIdentifier"] = _sendable(identifier)
    if resource_type is not None:
        fields["resourceType"] = resource_type
    return ServiceError(payloads.error_payload(operation, "ConflictException", _sendable(message), **fields))


def token_reused(operation: str, token: str) -> ServiceError:
    """A clientToken sent again with other parameters: a conflict, where the operation models one.

    UpdateDeletionProtection takes a clientToken but models no ConflictException; its
    only error for a bad request is the 400.
    """
    message = f"The clientToken {token!r} was used before with other parameters"
    if "ConflictException" in model.modeled_errors(operation):
        return conflict(operation, message)
    return validation(operation, message)


def quota_exceeded(operation: str, message: str, resource_type: str | None = None) -> ServiceError:
    """402: a service quota would be exceeded."""
    fields: dict[str, Any] = {"resourceType": resource_type} if resource_type else {}
    return ServiceError(payloads.error_payload(operation, "ServiceQuotaExceededException", message, **fields))
