import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent, SystemAlert
from onedoor.core.services.calendar import WorkingDayResult, add_working_days

pytestmark = pytest.mark.django_db

D = dt.date


def test_one_working_day_after_30_september_2026_skips_national_day():
    # 2026: 国庆节 1–7 October; 8 October (Thursday) is the next working day.
    assert add_working_days(D(2026, 9, 30), 1) == WorkingDayResult(D(2026, 10, 8), False)


def test_the_start_day_itself_is_not_counted():
    assert add_working_days(D(2026, 9, 28), 1).date == D(2026, 9, 29)


def test_zero_days_gives_the_start_even_on_a_holiday():
    assert add_working_days(D(2026, 10, 1), 0) == WorkingDayResult(D(2026, 10, 1), False)


def test_a_saturday_make_up_working_day_counts():
    # 2026-02-14 (Saturday) and 2026-10-10 (Saturday) are 调休上班.
    assert add_working_days(D(2026, 2, 13), 1).date == D(2026, 2, 14)
    assert add_working_days(D(2026, 10, 9), 1).date == D(2026, 10, 10)


def test_counting_from_inside_a_holiday_starts_after_it():
    assert add_working_days(D(2026, 10, 3), 1).date == D(2026, 10, 8)


def test_a_statutory_limit_spanning_spring_festival():
    # 20 working days from 2026-02-10: Spring Festival 15–23 February is off, 14 and 28 worked.
    assert add_working_days(D(2026, 2, 10), 20).date == D(2026, 3, 16)


def test_the_first_years_of_the_seed_are_known():
    # 2004-01-01 was New Year's Day; 2003 is before the seed but its last day is not counted.
    assert add_working_days(D(2003, 12, 31), 1) == WorkingDayResult(D(2004, 1, 2), False)


def test_a_2027_date_is_provisional_and_counts_monday_to_friday():
    result = add_working_days(D(2027, 3, 5), 1)

    assert result == WorkingDayResult(D(2027, 3, 8), True)


def test_crossing_into_an_unknown_year_is_provisional():
    # 2026-12-31 Thursday, then 2027-01-01 Friday and 2027-01-04 Monday by the weekday rule.
    assert add_working_days(D(2026, 12, 30), 3) == WorkingDayResult(D(2027, 1, 4), True)


def test_an_unknown_year_raises_exactly_one_alert_however_often_it_is_used():
    for day in range(1, 29):
        assert add_working_days(D(2027, 2, day), 5).provisional

    alert = SystemAlert.objects.get()
    assert alert.key == "calendar.unknown_year.2027"
    assert alert.kind == "calendar_unknown_year" and alert.level == "warning"
    assert "2027" in alert.message
    assert AuditEvent.objects.filter(action="core.alert_raised").count() == 1


def test_each_unknown_year_raises_its_own_alert():
    add_working_days(D(2027, 12, 1), 200)

    keys = set(SystemAlert.objects.values_list("key", flat=True))
    assert keys == {"calendar.unknown_year.2027", "calendar.unknown_year.2028"}


def test_a_year_before_the_seed_is_provisional_too():
    assert add_working_days(D(1999, 6, 1), 1) == WorkingDayResult(D(1999, 6, 2), True)


def test_negative_days_are_refused_with_a_code():
    with pytest.raises(DomainError) as refused:
        add_working_days(D(2026, 1, 5), -1)

    assert refused.value.code == "invalid_input"


def test_a_result_past_the_end_of_the_calendar_is_refused_with_a_code():
    with pytest.raises(DomainError) as refused:
        add_working_days(dt.date.max, 1)

    assert refused.value.code == "invalid_input"


def test_the_last_representable_days_still_count():
    assert add_working_days(D(9999, 12, 29), 1) == WorkingDayResult(D(9999, 12, 30), True)


def test_a_long_period_matches_a_day_by_day_count():
    from onedoor.core.services.calendar import is_working_day

    start, n = D(2025, 11, 3), 400
    day, counted = start, 0
    while counted < n:
        day += dt.timedelta(days=1)
        counted += is_working_day(day)

    assert add_working_days(start, n).date == day


def test_a_failing_alert_never_fails_the_count(monkeypatch):
    from django.db import DatabaseError

    from onedoor.core import actions

    def broken(*args, **kwargs):
        raise DatabaseError("alert table unavailable")

    monkeypatch.setattr(actions, "raise_alert", broken)

    assert add_working_days(D(2027, 3, 5), 1) == WorkingDayResult(D(2027, 3, 8), True)


def test_a_span_of_centuries_raises_only_a_few_alerts():
    assert add_working_days(D(2026, 1, 5), 250 * 300).provisional

    assert SystemAlert.objects.count() == 3
