import datetime as dt

import pytest

from onedoor.core.services.calendar import is_working_day

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 10, 1), False),  # 国庆节, a Thursday
        (D(2026, 10, 10), True),  # 国庆节调休上班, a Saturday
        (D(2026, 9, 25), False),  # 中秋节, a Friday
        (D(2026, 9, 28), True),  # an ordinary Monday
        (D(2026, 9, 19), False),  # an ordinary Saturday
        (D(2015, 9, 3), False),  # 抗战胜利70周年纪念日
        (D(2027, 1, 1), True),  # unknown year: the weekday rule
        (D(2027, 1, 2), False),
        (dt.date.min, True),  # a Monday
        (dt.date.max, True),  # a Friday
    ],
)
def test_days_by_the_calendar(day, working):
    assert is_working_day(day) is working
