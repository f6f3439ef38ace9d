import datetime as dt
import time

import pytest

from onedoor.core.models import CalendarDay
from onedoor.core.services import calendar
from onedoor.core.services.calendar import add_working_days, is_working_day

pytestmark = pytest.mark.django_db

D = dt.date


def test_ten_thousand_counts_take_well_under_a_second():
    add_working_days(D(2026, 1, 5), 1)
    starts = [D(2020, 1, 1) + dt.timedelta(days=i % 2000) for i in range(10_000)]

    began = time.perf_counter()
    for i, start in enumerate(starts):
        add_working_days(start, i % 60)
    elapsed = time.perf_counter() - began

    assert elapsed < 1.0


def test_a_warm_calendar_answers_without_queries(django_assert_num_queries):
    add_working_days(D(2026, 1, 5), 1)

    with django_assert_num_queries(0):
        for n in range(100):
            add_working_days(D(2026, 1, 5), n)
            is_working_day(D(2026, 10, 1))


def test_an_edit_made_elsewhere_is_seen_once_its_version_stamp_changes(monkeypatch):
    day = D(2026, 9, 29)
    assert is_working_day(day)
    # Another process edits the table and bumps the stamp; this process has not looked yet.
    CalendarDay.objects.create(date=day, is_working_day=False, name="临时放假")
    assert is_working_day(day)

    calendar.stamps().set(calendar.VERSION_KEY, "edited-elsewhere")
    monkeypatch.setattr(calendar, "CHECK_EVERY_SECONDS", 0.0)

    assert not is_working_day(day)


def test_without_a_new_stamp_the_process_keeps_its_copy(monkeypatch):
    day = D(2026, 9, 29)
    assert is_working_day(day)
    monkeypatch.setattr(calendar, "CHECK_EVERY_SECONDS", 0.0)

    CalendarDay.objects.create(date=day, is_working_day=False, name="临时放假")

    assert is_working_day(day)


def test_a_cache_outage_keeps_the_copy_in_hand(monkeypatch):
    assert not is_working_day(D(2026, 10, 1))
    monkeypatch.setattr(calendar, "CHECK_EVERY_SECONDS", 0.0)

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

    monkeypatch.setattr(calendar, "stamps", Down)

    assert not is_working_day(D(2026, 10, 1))
