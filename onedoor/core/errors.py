"""Coded domain errors: every refusal the platform gives carries a stable code.

Each app declares its codes in an ``ErrorCode`` enum and raises ``DomainError``; the API turns
the error into ``{"code", "message", "details"}`` with the HTTP status the code implies.
"""

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise


class ErrorCode(StrEnum):
    """Codes shared by every app; apps may add their own enums."""

    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    INVALID_ID_NUMBER = "invalid_id_number"
    INVALID_USCC = "invalid_uscc"
    INVALID_FORM = "invalid_form"
    INVALID_INPUT = "invalid_input"
    CONFLICT = "conflict"


# The HTTP status each code answers with; a code not listed answers 422.
HTTP_STATUS: dict[str, int] = {
    "not_authenticated": 401,
    "permission_denied": 403,
    "not_found": 404,
    "task_already_decided": 409,
    "duplicate_application": 409,
    "idempotency_key_conflict": 409,
    "conflict": 409,
    "upload_too_large": 413,
}


class DomainError(Exception):
    """A refusal with a stable code, a human message and structured details."""

    def __init__(
        self,
        code: str,
        message: str | Promise = "",
        *,
        details: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        self.code = str(code)
        self.message = str(message) if message else self.code
        self.details = details or {}
        self.status = status or HTTP_STATUS.get(self.code, 422)
        super().__init__(f"{self.code}: {self.message}")

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class NotFound(DomainError):
    def __init__(self, message: str | Promise = "", **details: Any) -> None:
        super().__init__(ErrorCode.NOT_FOUND, message or "not found", details=details, status=404)


class PermissionDenied(DomainError):
    def __init__(self, message: str | Promise = "", **details: Any) -> None:
        super().__init__(
            ErrorCode.PERMISSION_DENIED, message or "permission denied", details=details, status=403
        )
