import datetime as dt

import pytest

from onedoor.core.actions import clear_calendar_day, set_calendar_day, set_calendar_year
from onedoor.core.models import AuditEvent, CalendarDay, SystemAlert
from onedoor.core.services.calendar import add_working_days, is_working_day

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_day_off_added_by_the_administrator_counts_at_once():
    assert add_working_days(D(2026, 9, 28), 1).date == D(2026, 9, 29)

    set_calendar_day(D(2026, 9, 29), is_working_day=False, name="台风停工", actor="staff:admin")

    assert add_working_days(D(2026, 9, 28), 1).date == D(2026, 9, 30)
    event = AuditEvent.objects.get(action="core.calendar_day_set")
    assert (event.actor, event.object_id) == ("staff:admin", "2026-09-29")
    assert event.payload["is_working_day"] is False


def test_changing_a_seeded_day_updates_it_in_place():
    set_calendar_day(D(2026, 10, 1), is_working_day=True, name="", actor="staff:admin")

    assert CalendarDay.objects.filter(date=D(2026, 10, 1)).count() == 1
    assert is_working_day(D(2026, 10, 1))


def test_clearing_a_day_returns_it_to_the_weekday_rule():
    clear_calendar_day(D(2026, 10, 10), actor="staff:admin")

    assert not is_working_day(D(2026, 10, 10))
    assert AuditEvent.objects.filter(action="core.calendar_day_cleared").count() == 1


def test_clearing_a_day_not_in_the_table_records_nothing():
    clear_calendar_day(D(2026, 9, 29), actor="staff:admin")

    assert not AuditEvent.objects.exists()


def test_marking_a_year_complete_makes_it_known_and_resolves_its_alert():
    assert add_working_days(D(2027, 5, 6), 1).provisional

    set_calendar_year(2027, complete=True, source="人工核对", actor="staff:admin")

    assert not add_working_days(D(2027, 5, 6), 1).provisional
    assert SystemAlert.objects.get().resolved_at is not None


def test_marking_a_year_incomplete_makes_it_provisional():
    set_calendar_year(2026, complete=False, actor="staff:admin")

    assert add_working_days(D(2026, 9, 30), 1).provisional
    assert add_working_days(D(2026, 9, 30), 1).date == D(2026, 10, 8)


def test_a_committed_edit_bumps_the_version_stamp_for_other_processes(
    django_capture_on_commit_callbacks,
):
    from onedoor.core.services.calendar import VERSION_KEY, stamps

    before = stamps().get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        set_calendar_day(D(2026, 9, 29), is_working_day=False, actor="staff:admin")

    assert stamps().get(VERSION_KEY) not in (None, before)
