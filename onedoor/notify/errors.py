from enum import StrEnum


class NotifyErrorCode(StrEnum):
    UNKNOWN_TEMPLATE = "unknown_template"
    TEMPLATE_CONTEXT_MISSING = "template_context_missing"
    NO_ADDRESS = "no_address"
    UNKNOWN_CHANNEL = "unknown_channel"
    DEDUPE_KEY_REQUIRED = "dedupe_key_required"
    MESSAGE_NOT_RETRYABLE = "message_not_retryable"
