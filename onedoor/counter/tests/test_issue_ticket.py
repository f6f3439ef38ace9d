"""Taking a ticket: numbers per point, day and category, positions, bad input, idempotency."""

import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import call_next, issue_ticket
from onedoor.counter.models import Ticket
from onedoor.counter.queries import describe_ticket, get_ticket_position
from onedoor.counter.tests.conftest import POINT, id_number, person

pytestmark = pytest.mark.usefixtures("clock")


def test_numbers_are_a_category_letter_and_three_digits_counted_per_category(take):
    numbers = [take(c).number for c in ("general", "general", "enterprise", "priority", "general")]

    assert numbers == ["A001", "A002", "B001", "P001", "A003"]


def test_each_service_point_counts_its_own_numbers(take):
    take()
    other = take(service_point="zumiao-centre")

    assert other.number == "A001"
    assert take().number == "A002"


def test_numbers_start_again_the_next_day(take, clock):
    take()
    take()
    clock.shift(dt.timedelta(days=1))

    ticket = take()

    assert ticket.number == "A001"
    assert ticket.day == dt.date(2026, 12, 8)


def test_more_than_999_tickets_a_day_keep_counting(take, hall):
    from onedoor.counter.models import TicketSequence

    take()
    TicketSequence.objects.filter(category="general").update(last=999)

    assert take().number == "A1000"


def test_a_ticket_waits_with_its_position_and_an_audit_event(take):
    take()
    ticket = take(id_number=id_number())

    ticket.refresh_from_db()
    assert ticket.status == "waiting"
    assert ticket.channel == "kiosk"
    assert ticket.id_number == id_number()
    assert get_ticket_position(ticket) == 2
    event = AuditEvent.objects.get(action="counter.ticket_issued", object_id=str(ticket.public_id))
    assert event.actor == "anonymous"
    assert event.payload["number"] == "A002"
    assert event.payload["service_point"] == POINT


def test_a_registered_holder_is_linked_to_the_registry(take):
    holder = person(id_number(serial=7))

    ticket = take(id_number=holder.id_number)

    assert ticket.person == holder


def test_an_unknown_service_point_is_not_found_and_nothing_is_written(hall):
    with pytest.raises(DomainError) as refused:
        issue_ticket(actor=None, service_point="nowhere", channel="kiosk")

    assert (refused.value.code, refused.value.status) == ("not_found", 404)
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("category", ["vip", "GENERAL", "x" * 300])
def test_an_unknown_category_is_refused(hall, category):
    with pytest.raises(DomainError) as refused:
        issue_ticket(actor=None, service_point=POINT, category=category, channel="kiosk")

    assert (refused.value.code, refused.value.status) == ("invalid_category", 422)
    assert not Ticket.objects.exists()


def test_an_empty_category_is_a_general_ticket(hall):
    ticket = issue_ticket(actor=None, service_point=POINT, category="", channel="kiosk")

    assert ticket.category == "general"


def test_an_invalid_id_number_is_refused(hall):
    with pytest.raises(DomainError) as refused:
        issue_ticket(actor=None, service_point=POINT, id_number="440604198001010011", channel="app")

    assert (refused.value.code, refused.value.status) == ("invalid_id_number", 422)
    assert not Ticket.objects.exists()


def test_an_unknown_channel_or_a_bad_phone_is_refused(hall):
    for options in ({"channel": "fax"}, {"channel": "app", "phone": "call me"}):
        with pytest.raises(DomainError) as refused:
            issue_ticket(actor=None, service_point=POINT, **options)
        assert refused.value.code == "invalid_input"
    assert not Ticket.objects.exists()


def test_only_staff_issue_at_the_window_channel(hall):
    with pytest.raises(DomainError) as refused:
        issue_ticket(actor=None, service_point=POINT, channel="window")
    assert refused.value.status == 403

    ticket = issue_ticket(actor=hall.clerk, service_point=POINT, channel="window")
    assert ticket.issued_by == "staff:hall-clerk"


def test_the_same_idempotency_key_gives_the_same_ticket(hall):
    first = issue_ticket(actor=None, service_point=POINT, channel="kiosk", idempotency_key="tap-1")
    again = issue_ticket(actor=None, service_point=POINT, channel="kiosk", idempotency_key="tap-1")

    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_the_same_key_for_another_request_is_a_conflict(hall):
    issue_ticket(actor=None, service_point=POINT, channel="kiosk", idempotency_key="tap-1")

    with pytest.raises(DomainError) as refused:
        issue_ticket(
            actor=None,
            service_point=POINT,
            category="enterprise",
            channel="kiosk",
            idempotency_key="tap-1",
        )

    assert (refused.value.code, refused.value.status) == ("idempotency_key_conflict", 409)
    assert Ticket.objects.count() == 1


def test_idempotency_keys_are_scoped_to_the_caller(hall):
    mine = issue_ticket(
        actor=hall.clerk, service_point=POINT, channel="window", idempotency_key="k"
    )
    theirs = issue_ticket(
        actor=hall.clerk2, service_point=POINT, channel="window", idempotency_key="k"
    )

    assert mine.pk != theirs.pk


def test_a_holder_may_ask_to_be_told_at_their_own_position_within_bounds(hall):
    ticket = issue_ticket(actor=None, service_point=POINT, channel="app", notify_position=5)
    assert ticket.notify_position == 5

    with pytest.raises(DomainError) as refused:
        issue_ticket(actor=None, service_point=POINT, channel="app", notify_position=99)
    assert refused.value.code == "invalid_input"


def test_the_estimated_wait_follows_the_median_handling_time_and_open_windows(hall, take, clock):
    # Three served tickets at 4, 6 and 20 minutes: the median is 6 minutes.
    for minutes in (4, 6, 20):
        take()
        call_next(actor=hall.clerk, window="dc-01")
        clock.shift(dt.timedelta(minutes=minutes))
    call_next(actor=hall.clerk, window="dc-01")  # serves the last; dc-01 stays open, idle
    call_next(actor=hall.clerk2, window="dc-02")  # opens a second window
    for _ in range(4):
        take()

    fourth = describe_ticket(Ticket.objects.get(number="A007"))

    assert fourth.position == 4
    # ceil(4 × 6 min / 2 open windows) = 12
    assert fourth.estimated_wait_minutes == 12


def test_before_any_service_the_default_handling_time_is_used(hall, take):
    view = describe_ticket(take())

    # No window is open: ceil(1 × 8 min / max(0, 1)) = 8
    assert (view.position, view.estimated_wait_minutes) == (1, 8)


def test_issuing_takes_a_bounded_number_of_queries(hall, take, django_assert_max_num_queries):
    take()
    take()
    holder = person(id_number(serial=9))

    # replay check, point, sequence (2), ticket, audit event; in a test each of the two
    # transactions (the number's, the ticket's) is a savepoint: 2 × 2 more
    with django_assert_max_num_queries(10):
        issue_ticket(actor=None, service_point=POINT, channel="kiosk", idempotency_key="tap-9")

    # … the person, and the position of one who can be told it (fourth: beyond the hall's 3)
    with django_assert_max_num_queries(12):
        issue_ticket(actor=None, service_point=POINT, channel="kiosk", id_number=holder.id_number)


def test_a_reachable_holder_already_within_the_position_is_told_at_once(
    hall, take, django_assert_max_num_queries
):
    from onedoor.notify.models import Message

    holder = person(id_number(serial=9), phone="13900000009")

    # … plus the message (its key checked, the holder's preference, the row) and the mark
    with django_assert_max_num_queries(17):
        ticket = take(id_number=holder.id_number)

    message = Message.objects.get()
    assert message.template == "queue_position"
    assert message.recipient == holder
    assert message.context["position"] == 1
    ticket.refresh_from_db()
    assert ticket.notified_at is not None
