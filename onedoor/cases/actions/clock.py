"""The case clock: deadlines in working days (or calendar days) from acceptance."""

import datetime as dt

from onedoor.cases.choices import ClockState
from onedoor.cases.models import Case
from onedoor.cases.services.spec import ApplicationSpec, MemberSpec
from onedoor.core.services.calendar import add_calendar_days, add_working_days


def _due(start: dt.date, days: int, unit: str) -> tuple[dt.date, bool]:
    counted = add_calendar_days if unit == "calendar_days" else add_working_days
    result = counted(start, days)
    return result.date, result.provisional


def _latest(start: dt.date, members: list[MemberSpec], days_of: str) -> tuple[dt.date | None, bool]:
    dues = [_due(start, getattr(m, days_of), m.limit_unit) for m in members]
    if not dues:
        return None, False
    return max(d for d, _p in dues), any(p for _d, p in dues)


def start_clock(case: Case, spec: ApplicationSpec, accepted_on: dt.date) -> None:
    """Set the promised and statutory deadlines; a bundle's is its longest matter's.

    The day of acceptance is not counted (the legal rule). The caller saves the case.
    """
    case.deadline, provisional = _latest(accepted_on, spec.members, "promised_days")
    case.statutory_deadline, statutory_provisional = _latest(
        accepted_on, spec.members, "statutory_days"
    )
    case.deadline_provisional = provisional or statutory_provisional
    case.clock_state = ClockState.RUNNING
