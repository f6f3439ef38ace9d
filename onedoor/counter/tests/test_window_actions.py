"""A window's other buttons: recall, no-show, transfer, finish, open and close."""

import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import (
    call_next,
    close_window,
    finish_ticket,
    mark_no_show,
    open_window,
    recall_ticket,
    transfer_ticket,
)
from onedoor.counter.models import Ticket, Window
from onedoor.counter.queries import get_current_ticket, get_ticket_position
from onedoor.counter.tests.conftest import rules

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def at_window(hall, take):
    """A001 at window dc-01; A002 and A003 waiting."""
    take(), take(), take()
    return call_next(actor=hall.clerk, window="dc-01")


@pytest.mark.parametrize("button", [recall_ticket, mark_no_show, finish_ticket])
def test_a_window_without_a_current_ticket_has_nothing_to_act_on(hall, button):
    with pytest.raises(DomainError) as refused:
        button(actor=hall.clerk, window="dc-01")

    assert (refused.value.code, refused.value.status) == ("no_current_ticket", 409)


def test_recall_calls_the_same_ticket_again(hall, at_window, clock):
    clock.shift(dt.timedelta(minutes=2))

    again = recall_ticket(actor=hall.clerk, window="dc-01")

    again.refresh_from_db()
    assert (again.pk, again.recalls, again.status) == (at_window.pk, 1, "called")
    assert again.called_at == at_window.called_at + dt.timedelta(minutes=2)
    assert AuditEvent.objects.filter(action="counter.ticket_recalled").count() == 1


def test_no_show_ends_the_ticket_and_frees_the_window(hall, at_window):
    missed = mark_no_show(actor=hall.clerk, window="dc-01")

    missed.refresh_from_db()
    assert (missed.status, missed.handling_seconds) == ("no_show", None)
    assert Window.objects.get(code="dc-01").current_ticket is None
    assert call_next(actor=hall.clerk, window="dc-01").number == "A002"


def test_no_show_waits_the_halls_minutes_after_the_last_call(hall, take, clock):
    rules(no_show_after_minutes=3)
    take()
    call_next(actor=hall.clerk, window="dc-01")
    clock.shift(dt.timedelta(minutes=2))
    recall_ticket(actor=hall.clerk, window="dc-01")  # the wait starts over
    clock.shift(dt.timedelta(minutes=2))

    with pytest.raises(DomainError) as refused:
        mark_no_show(actor=hall.clerk, window="dc-01")
    assert (refused.value.code, refused.value.status) == ("no_show_too_early", 409)
    assert refused.value.details == {"wait_seconds": 61}
    assert Ticket.objects.get(number="A001").status == "called"

    clock.shift(dt.timedelta(minutes=1))
    assert mark_no_show(actor=hall.clerk, window="dc-01").status == "no_show"


def test_finishing_serves_the_ticket_without_calling_the_next(hall, at_window, clock):
    clock.shift(dt.timedelta(minutes=5))

    served = finish_ticket(actor=hall.clerk, window="dc-01")

    served.refresh_from_db()
    assert (served.status, served.handling_seconds) == ("served", 300)
    assert Ticket.objects.filter(status="waiting").count() == 2
    assert get_current_ticket(Window.objects.get(code="dc-01")) is None


def test_transfer_to_another_category_requeues_the_ticket_in_its_place(hall, at_window):
    moved = transfer_ticket(actor=hall.clerk, window="dc-01", to_category="enterprise")

    moved.refresh_from_db()
    assert (moved.status, moved.category, moved.lane, moved.transfers) == (
        "waiting",
        "enterprise",
        "enterprise",
        1,
    )
    assert moved.number == "A001"
    assert get_ticket_position(moved) == 1  # queued before A002 and A003
    assert Window.objects.get(code="dc-01").current_ticket is None
    assert call_next(actor=hall.clerk2, window="dc-02").number == "A001"


def test_transfer_to_another_window_holds_the_ticket_for_it(hall, at_window):
    moved = transfer_ticket(actor=hall.clerk, window="dc-01", to_window="dc-09")

    moved.refresh_from_db()
    assert (moved.status, moved.target_window.code, moved.window) == ("waiting", "dc-09", None)
    assert get_ticket_position(moved) == 1
    event = AuditEvent.objects.get(action="counter.ticket_transferred")
    assert event.payload["to_window"] == "dc-09"


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ({}, "invalid_transfer"),
        ({"to_window": "dc-02", "to_category": "enterprise"}, "invalid_transfer"),
        ({"to_window": "dc-01"}, "invalid_transfer"),
        ({"to_category": "general"}, "invalid_transfer"),
        ({"to_category": "vip"}, "invalid_category"),
        ({"to_category": "appointment"}, "invalid_category"),
        ({"to_window": "zm-01"}, "not_found"),
    ],
)
def test_a_transfer_needs_one_real_target_at_the_same_point(hall, at_window, target, code):
    with pytest.raises(DomainError) as refused:
        transfer_ticket(actor=hall.clerk, window="dc-01", **target)

    assert refused.value.code == code
    at_window.refresh_from_db()
    assert (at_window.status, at_window.transfers) == ("called", 0)


def test_closing_serves_the_current_ticket_signs_out_and_releases_held_tickets(hall, at_window):
    call_next(actor=hall.clerk2, window="dc-02")  # A002
    transfer_ticket(actor=hall.clerk2, window="dc-02", to_window="dc-01")

    closed = close_window(actor=hall.clerk, window="dc-01")

    at_window.refresh_from_db()
    assert at_window.status == "served"
    assert (closed.is_open, closed.clerk, closed.current_ticket) == (False, None, None)
    held = Ticket.objects.get(number="A002")
    assert (held.status, held.target_window) == ("waiting", None)
    event = AuditEvent.objects.get(action="counter.window_closed")
    assert event.payload == {"window": "dc-01", "served": "A001", "released": 1}


def test_closing_a_closed_window_records_nothing(hall):
    close_window(actor=hall.clerk, window="dc-05")

    assert not AuditEvent.objects.filter(action="counter.window_closed").exists()


def test_opening_signs_the_clerk_in_once(hall):
    window = open_window(actor=hall.clerk, window="dc-04")
    open_window(actor=hall.clerk, window="dc-04")

    assert (window.is_open, window.clerk) == (True, hall.clerk)
    assert AuditEvent.objects.filter(action="counter.window_opened").count() == 1


def test_another_points_clerk_cannot_touch_the_window(hall, at_window):
    for button in (recall_ticket, mark_no_show, finish_ticket, close_window, open_window):
        with pytest.raises(DomainError) as refused:
            button(actor=hall.other_clerk, window="dc-01")
        assert refused.value.status == 403
    at_window.refresh_from_db()
    assert at_window.status == "called"
