"""Many windows pressing "next" at the same moment, many kiosks issuing at once, many people
booking the last places: real transactions in parallel threads, each with its own connection."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import Role
from onedoor.counter.actions import book_appointment, call_next, issue_ticket
from onedoor.counter.demo import seed_demo_service_points
from onedoor.counter.models import Appointment, Ticket
from onedoor.counter.queries import get_service_point, policy_of
from onedoor.counter.services.calling import Queued, calling_key
from onedoor.counter.tests.conftest import POINT, id_number, person, rules, slot_at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite takes its write lock at BEGIN (IMMEDIATE), so its writers never overlap; and the
    # shared in-memory test database refuses parallel writers instead of waiting for them.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="writers only overlap on PostgreSQL"
    ),
]

WINDOWS = [f"dc-{n:02d}" for n in range(1, 13)]
CATEGORIES = ["general", "enterprise", "priority", "general", "general", "enterprise"]


def _in_threads(count, work):
    start = threading.Barrier(count)

    def run(index):
        try:
            start.wait()
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def clerk(db):
    seed_demo_service_points()
    return create_staff_user(
        actor=None,
        username="busy-clerk",
        password=None,
        full_name="忙碌的窗口",
        roles=[(Role.CLERK, None, POINT)],
    )


def test_many_windows_pressing_next_call_every_ticket_once_in_order(clerk):
    rules(enterprise_max_wait_minutes=None)
    tickets = [
        issue_ticket(actor=None, service_point=POINT, category=c, channel="kiosk")
        for _ in range(15)
        for c in CATEGORIES
    ]

    def press_until_empty(index):
        called = []
        while (ticket := call_next(actor=clerk, window=WINDOWS[index])) is not None:
            called.append(ticket.pk)
        return called

    per_window = _in_threads(len(WINDOWS), press_until_empty)

    calls = Counter(pk for called in per_window for pk in called)
    assert sorted(calls) == sorted(t.pk for t in tickets)  # none skipped
    assert set(calls.values()) == {1}  # none called twice
    assert not Ticket.objects.filter(status="waiting").exists()
    assert Ticket.objects.filter(status="served").count() == len(tickets)
    assert sum(1 for called in per_window if called) > 1  # the windows did overlap
    policy = policy_of(get_service_point(POINT))
    now = timezone.now()
    rows = {t.pk: Queued(t.pk, t.lane, t.queued_at) for t in tickets}
    for called in per_window:
        keys = [calling_key(policy, rows[pk], now) for pk in called]
        assert keys == sorted(keys)  # each window followed the calling order


def test_kiosks_issuing_at_the_same_moment_draw_distinct_consecutive_numbers(clerk):
    numbers = _in_threads(
        10,
        lambda _i: issue_ticket(actor=None, service_point=POINT, channel="kiosk").number,
    )

    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 11)]


def test_a_double_tap_with_one_key_issues_one_ticket(clerk):
    tickets = _in_threads(
        6,
        lambda _i: issue_ticket(
            actor=None, service_point=POINT, channel="kiosk", idempotency_key="double-tap"
        ),
    )

    assert {t.pk for t in tickets} == {Ticket.objects.get().pk}


def test_the_last_places_of_a_slot_go_to_as_many_people_as_it_holds(clerk):
    import datetime as dt

    import time_machine

    from onedoor.core.errors import DomainError
    from onedoor.counter.tests.conftest import MONDAY_10

    with time_machine.travel(MONDAY_10, tick=True):
        rules(appointment_capacity=3)
        slot = str(slot_at(dt.time(11, 0)).public_id)
        people = [person(id_number(serial=n)) for n in range(8)]

        def try_to_book(index):
            try:
                return book_appointment(actor=people[index], slot=slot).pk
            except DomainError as refused:
                return refused.code

        answers = _in_threads(len(people), try_to_book)

    assert Counter(a if isinstance(a, str) else "booked" for a in answers) == {
        "booked": 3,
        "slot_full": 5,
    }
    assert Appointment.objects.count() == 3
