"""Reading a case's clock: days used and left, and its colour for supervision.

Yellow when two thirds of the promised time are used or two working days are left; red when
the promised deadline has passed. Paused days (a return for supplement) do not count.
"""

import datetime as dt
from dataclasses import dataclass

from onedoor.cases.choices import ClockColor, ClockState
from onedoor.core.services.calendar import working_days_between


@dataclass(frozen=True, slots=True)
class ClockView:
    state: str
    used_days: int
    remaining_days: int | None
    color: str


def _days(a: dt.date, b: dt.date, unit: str) -> int:
    return (b - a).days if unit == "calendar_days" else working_days_between(a, b)


def read_clock(
    *,
    state: str,
    accepted_on: dt.date | None,
    deadline: dt.date | None,
    promised_days: int,
    paused_days: int,
    paused_since: dt.date | None,
    stopped_on: dt.date | None,
    unit: str,
    today: dt.date,
) -> ClockView:
    if not state or accepted_on is None:
        return ClockView(
            state=state or ClockState.STOPPED,
            used_days=0,
            remaining_days=None,
            color=ClockColor.GREEN,
        )
    until = stopped_on or (paused_since if state == ClockState.PAUSED else None) or today
    used = max(0, _days(accepted_on, until, unit) - paused_days)
    remaining = None if deadline is None else _days(until, deadline, unit)
    color = ClockColor.GREEN
    if remaining is not None and remaining < 0:
        color = ClockColor.RED
    elif remaining is not None and (
        remaining <= 2 or (promised_days and used * 3 >= promised_days * 2)
    ):
        color = ClockColor.YELLOW
    return ClockView(state=state, used_days=used, remaining_days=remaining, color=color)
