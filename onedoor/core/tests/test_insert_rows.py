"""Inserting a hot path's new rows with one prepared statement."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from onedoor.core.db import insert_rows
from onedoor.core.models import AuditEvent, CalendarDay

pytestmark = pytest.mark.django_db


def test_rows_get_their_keys_in_order_and_read_back_as_written():
    events = [
        AuditEvent(actor="system", action=f"test.step_{i}", payload={"n": i, "list": [i, "二"]})
        for i in range(3)
    ]

    with CaptureQueriesContext(connection) as queries:
        insert_rows(AuditEvent, events)

    assert len(queries) == 1
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    stored = {e.pk: e for e in AuditEvent.objects.filter(action__startswith="test.step_")}
    for event in events:
        assert not event._state.adding
        assert stored[event.pk].action == event.action
        assert stored[event.pk].payload == event.payload
        assert stored[event.pk].at == event.at


def test_automatic_dates_are_stamped_as_save_would():
    day = CalendarDay(date=dt.date(2031, 1, 1), is_working_day=False, name="元旦")

    insert_rows(CalendarDay, [day])

    stored = CalendarDay.objects.get(pk=day.pk)
    assert day.created_at is not None and day.updated_at is not None
    assert (stored.created_at, stored.updated_at) == (day.created_at, day.updated_at)


def test_a_row_the_constraints_refuse_is_an_integrity_error_and_nothing_is_written():
    insert_rows(CalendarDay, [CalendarDay(date=dt.date(2031, 1, 1), is_working_day=False)])
    twins = [
        CalendarDay(date=dt.date(2031, 1, 2), is_working_day=False),
        CalendarDay(date=dt.date(2031, 1, 1), is_working_day=True),
    ]

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(CalendarDay, twins)

    assert not CalendarDay.objects.filter(date=dt.date(2031, 1, 2)).exists()
    insert_rows(CalendarDay, twins[:1])  # the statement still works after the refusal
    assert CalendarDay.objects.filter(date=dt.date(2031, 1, 2)).exists()


def test_no_rows_cost_no_query():
    with CaptureQueriesContext(connection) as queries:
        insert_rows(AuditEvent, [])

    assert not queries
