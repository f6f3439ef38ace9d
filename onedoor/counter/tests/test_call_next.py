"""Calling the next ticket: the hall's calling rules, one by one, and who may press "next"."""

import datetime as dt

import pytest
from django.db import connection

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import call_next, transfer_ticket
from onedoor.counter.models import Ticket, Window
from onedoor.counter.tests.conftest import rules

pytestmark = pytest.mark.usefixtures("clock")


def _calls(hall, times: int, window: str = "dc-01") -> list[str | None]:
    return [
        ticket.number if (ticket := call_next(actor=hall.clerk, window=window)) else None
        for _ in range(times)
    ]


def test_priority_tickets_are_called_first(hall, take, clock):
    take("general")
    clock.shift(dt.timedelta(minutes=1))
    take("priority")

    assert _calls(hall, 2) == ["P001", "A001"]


def test_within_equal_ranks_the_longest_wait_goes_first(hall, take, clock):
    # general and enterprise share rank 3 by default
    take("enterprise")
    clock.shift(dt.timedelta(minutes=1))
    take("general")
    clock.shift(dt.timedelta(minutes=1))
    take("enterprise")

    assert _calls(hall, 3) == ["B001", "A001", "B002"]


def test_the_order_of_categories_is_the_halls_to_set(hall, take, clock):
    rules(enterprise_rank=1, priority_rank=2)
    take("priority")
    clock.shift(dt.timedelta(minutes=1))
    take("enterprise")

    assert _calls(hall, 2) == ["B001", "P001"]


def test_a_category_waiting_past_its_limit_is_called_first(hall, take, clock):
    rules(enterprise_rank=5, enterprise_max_wait_minutes=30)
    take("enterprise")
    take("general")
    clock.shift(dt.timedelta(minutes=29))
    take("general")
    assert _calls(hall, 1) == ["A001"]  # 29 minutes: not yet

    clock.shift(dt.timedelta(minutes=2))
    take("priority")

    # 31 minutes: the enterprise ticket goes ahead even of the priority one
    assert _calls(hall, 3) == ["B001", "P001", "A002"]


def test_appointments_checked_in_on_time_go_ahead_of_the_general_queue(hall, take, clock):
    from onedoor.counter.tests.conftest import book_and_check_in

    take("general")
    take("enterprise")
    clock.shift(dt.timedelta(minutes=1))
    ticket = book_and_check_in(hall, starts=dt.time(10, 0))

    assert ticket.on_time is True
    assert _calls(hall, 3) == ["Y001", "A001", "B001"]


def test_a_late_appointment_queues_behind_the_general_tickets_already_there(hall, take, clock):
    from onedoor.counter.tests.conftest import book_and_check_in

    clock.shift(dt.timedelta(minutes=20))  # 10:20, the 10:00 slot's grace (10 min) is over
    take("general")
    clock.shift(dt.timedelta(minutes=1))
    ticket = book_and_check_in(hall, starts=dt.time(10, 0))
    clock.shift(dt.timedelta(minutes=1))
    take("general")

    assert (ticket.on_time, ticket.lane, ticket.number) == (False, "general", "Y001")
    assert _calls(hall, 3) == ["A001", "Y001", "A002"]


def test_an_early_appointment_is_called_from_its_slot_not_before(hall, take, clock):
    from onedoor.counter.tests.conftest import book_and_check_in

    clock.shift(dt.timedelta(minutes=5))  # 10:05: checking in for 10:30
    ticket = book_and_check_in(hall, starts=dt.time(10, 30))
    take("general")

    assert _calls(hall, 2) == ["A001", None]
    clock.shift(dt.timedelta(minutes=25))  # 10:30
    assert ticket.on_time is True
    assert _calls(hall, 1) == ["Y001"]


def test_call_next_ends_the_current_ticket_as_served_and_calls_the_next(hall, take, clock):
    first, second = take(), take()
    call_next(actor=hall.clerk, window="dc-01")
    clock.shift(dt.timedelta(minutes=7))

    called = call_next(actor=hall.clerk, window="dc-01")

    first.refresh_from_db()
    assert called.pk == second.pk
    assert (first.status, first.handling_seconds, first.waiting_seconds) == ("served", 420, 0)
    second.refresh_from_db()
    assert (second.status, second.window.code, second.clerk) == ("called", "dc-01", hall.clerk)
    assert second.waiting_seconds == 420
    window = Window.objects.get(code="dc-01")
    assert window.current_ticket == second
    event = AuditEvent.objects.get(action="counter.ticket_called", object_id=str(second.public_id))
    assert event.payload == {
        "window": "dc-01",
        "number": "A002",
        "category": "general",
        "served": "A001",
    }


def test_calling_opens_a_closed_window_and_signs_the_clerk_in(hall, take):
    take()
    assert Window.objects.get(code="dc-03").is_open is False

    call_next(actor=hall.clerk, window="dc-03")

    window = Window.objects.get(code="dc-03")
    assert (window.is_open, window.clerk, window.opened_at is not None) == (True, hall.clerk, True)


def test_a_hall_manager_calls_without_taking_the_clerks_seat(hall, take):
    take()
    take()
    call_next(actor=hall.clerk, window="dc-01")

    call_next(actor=hall.manager, window="dc-01")

    assert Window.objects.get(code="dc-01").clerk == hall.clerk


def test_nobody_waiting_answers_none_and_still_serves_the_current_ticket(hall, take):
    ticket = take()
    call_next(actor=hall.clerk, window="dc-01")

    assert call_next(actor=hall.clerk, window="dc-01") is None

    ticket.refresh_from_db()
    assert ticket.status == "served"
    assert Window.objects.get(code="dc-01").current_ticket is None
    assert AuditEvent.objects.filter(action="counter.ticket_served").count() == 1


def test_yesterdays_waiting_tickets_are_not_called_today(hall, take, clock):
    take()
    clock.shift(dt.timedelta(days=1))

    assert call_next(actor=hall.clerk, window="dc-01") is None


def test_a_ticket_transferred_to_a_window_is_called_there_first(hall, take, clock):
    take()
    take()
    take()
    call_next(actor=hall.clerk, window="dc-01")  # A001
    transfer_ticket(actor=hall.clerk, window="dc-01", to_window="dc-09")

    assert _calls(hall, 1, window="dc-02") == ["A002"]  # others never take it
    assert _calls(hall, 2, window="dc-09") == ["A001", "A003"]


def test_each_window_calls_a_different_ticket(hall, take):
    for _ in range(3):
        take()

    numbers = [call_next(actor=hall.clerk, window=f"dc-0{i}").number for i in (1, 2, 3)]

    assert numbers == ["A001", "A002", "A003"]
    assert Ticket.objects.filter(status="called").count() == 3


@pytest.mark.parametrize("who", ["other_clerk", "supervisor", "citizen"])
def test_only_staff_of_the_point_may_call(hall, take, who):
    from onedoor.counter.tests.conftest import id_number, person

    take()
    actor = person(id_number()) if who == "citizen" else getattr(hall, who)

    with pytest.raises(DomainError) as refused:
        call_next(actor=actor, window="dc-01")

    assert (refused.value.code, refused.value.status) == ("permission_denied", 403)
    assert Ticket.objects.get().status == "waiting"
    assert Window.objects.get(code="dc-01").is_open is False


def test_an_administrator_may_call_anywhere(hall, take):
    from onedoor.accounts.models import User

    admin = User.objects.create_superuser("root", password="x-long-password")
    take(service_point="zumiao-centre")

    assert call_next(actor=admin, window="zm-01").number == "A001"


def test_an_unknown_window_is_not_found(hall):
    with pytest.raises(DomainError) as refused:
        call_next(actor=hall.clerk, window="dc-99")

    assert (refused.value.code, refused.value.status) == ("not_found", 404)


def test_calling_takes_a_bounded_number_of_queries(hall, take, django_assert_max_num_queries):
    for category in ("general", "enterprise", "priority", "general"):
        take(category)
    call_next(actor=hall.clerk, window="dc-01")
    hall.clerk.role_grants()  # the caller's roles are loaded once per request

    # window (locked, with its point, rules and ticket), end the current ticket, the head of
    # each lane (one UNION query on PostgreSQL, five here), claim (select, update), window,
    # audit event, and the test's savepoint (2): 7 on PostgreSQL
    with django_assert_max_num_queries(13 if connection.vendor == "sqlite" else 9):
        call_next(actor=hall.clerk, window="dc-01")
