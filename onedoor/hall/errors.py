from enum import StrEnum


class HallErrorCode(StrEnum):
    DRAFT_NOT_OPEN = "draft_not_open"
