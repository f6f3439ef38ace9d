from enum import StrEnum


class CaseErrorCode(StrEnum):
    DUPLICATE_APPLICATION = "duplicate_application"
    IDEMPOTENCY_KEY_CONFLICT = "idempotency_key_conflict"
    MATERIAL_NOT_IN_MATTER = "material_not_in_matter"
    TASK_ALREADY_DECIDED = "task_already_decided"
    CASE_NOT_OPEN = "case_not_open"
    NOTHING_TO_SUPPLEMENT = "nothing_to_supplement"
    CASE_NOT_DECIDED = "case_not_decided"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
