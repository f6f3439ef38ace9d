import datetime as dt

import chinese_calendar
import pytest

from onedoor.core.models import SystemAlert
from onedoor.core.services.calendar import working_days_between

pytestmark = pytest.mark.django_db

D = dt.date


def test_the_first_day_is_excluded_and_the_last_included():
    assert working_days_between(D(2026, 9, 28), D(2026, 9, 30)) == 2


def test_a_holiday_week_counts_nothing():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 7)) == 0
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 8)) == 1


def test_the_same_day_counts_zero_and_reversed_dates_count_negative():
    assert working_days_between(D(2026, 5, 6), D(2026, 5, 6)) == 0
    assert working_days_between(D(2026, 10, 8), D(2026, 9, 30)) == -1


def test_a_whole_known_year_has_its_official_number_of_working_days():
    # 2026: 261 weekdays, less 19 holidays on weekdays, plus 6 make-up weekend days.
    assert working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_seeded_year_agrees_with_chinese_calendar(year):
    first, last = D(year, 1, 1), D(year, 12, 31)
    expected = len(chinese_calendar.get_workdays(first, last))

    assert working_days_between(first - dt.timedelta(days=1), last) == expected


def test_a_span_into_an_unknown_year_counts_weekdays_and_alerts():
    assert working_days_between(D(2026, 12, 31), D(2027, 1, 8)) == 6

    assert SystemAlert.objects.filter(key="calendar.unknown_year.2027").exists()
