"""The day ages are measured on, by the matter's rule."""

import datetime as dt


def enrollment_year(today: dt.date) -> int:
    """The year of the coming 1 September: this year's until 31 August, next year's after."""
    return today.year if (today.month, today.day) <= (8, 31) else today.year + 1


def reference_date(rule: str, today: dt.date) -> dt.date:
    if rule == "enrollment_cutoff":
        return dt.date(enrollment_year(today), 8, 31)
    return today


def age_on(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    return years - 1 if (day.month, day.day) < (birth.month, birth.day) else years
