from enum import StrEnum


class LicenceErrorCode(StrEnum):
    """Codes of the refusals the licences app gives (the API answers with them)."""

    UNSUPPORTED_UPLOAD_TYPE = "unsupported_upload_type"
    UPLOAD_TOO_LARGE = "upload_too_large"
    HOLDER_KIND_MISMATCH = "holder_kind_mismatch"
    IDEMPOTENCY_KEY_CONFLICT = "idempotency_key_conflict"
    UNKNOWN_SIGNER = "unknown_signer"
