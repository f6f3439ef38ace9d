from enum import StrEnum


class RatingErrorCode(StrEnum):
    CASE_NOT_FINISHED = "case_not_finished"
    ALREADY_RATED = "already_rated"
