from enum import StrEnum


class AccountErrorCode(StrEnum):
    """Refusals of citizen sign-in (see API.md: ``auth/code``, ``auth/token``)."""

    INVALID_CODE = "invalid_code"
    CODE_EXPIRED = "code_expired"
    CODE_RATE_LIMITED = "code_rate_limited"
    SIGNIN_UNAVAILABLE = "signin_unavailable"
