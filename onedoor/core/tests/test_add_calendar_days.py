import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.services.calendar import WorkingDayResult, add_calendar_days

pytestmark = pytest.mark.django_db

D = dt.date


def test_plain_days_are_added():
    assert add_calendar_days(D(2026, 3, 2), 10) == WorkingDayResult(D(2026, 3, 12), False)


def test_a_period_ending_on_a_holiday_ends_on_the_next_working_day():
    # Six days after 25 September is 1 October (国庆节); the period ends on 8 October.
    assert add_calendar_days(D(2026, 9, 25), 6).date == D(2026, 10, 8)


def test_rolling_forward_can_be_turned_off():
    assert add_calendar_days(D(2026, 9, 25), 6, roll_forward=False).date == D(2026, 10, 1)


def test_a_period_ending_on_a_make_up_saturday_stays_there():
    assert add_calendar_days(D(2026, 10, 3), 7).date == D(2026, 10, 10)


def test_a_period_ending_in_an_unknown_year_is_provisional():
    # 2027-01-02 is a Saturday: rolled to Monday by the weekday rule.
    assert add_calendar_days(D(2026, 12, 26), 7) == WorkingDayResult(D(2027, 1, 4), True)


def test_negative_days_are_refused():
    with pytest.raises(DomainError):
        add_calendar_days(D(2026, 3, 2), -3)
