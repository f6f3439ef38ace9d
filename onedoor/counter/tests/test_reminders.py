"""The "N-th in line" message: once, to a holder who can be reached, at the hall's or their N."""

import pytest

from onedoor.counter.actions import call_next, cancel_ticket
from onedoor.counter.tests.conftest import id_number, person, rules
from onedoor.notify.models import Message

pytestmark = pytest.mark.usefixtures("clock")


def _told() -> list[tuple[str, int]]:
    """(ticket number, position) of every position message queued, by ticket number."""
    return sorted(
        (m.context["ticket_number"], m.context["position"])
        for m in Message.objects.filter(template="queue_position")
    )


def test_a_holder_with_an_id_number_is_told_once_when_third_in_line(hall, take):
    for _ in range(4):
        take()
    holder = person(id_number(), phone="13900000001")
    ticket = take(id_number=holder.id_number)  # A005, fifth

    call_next(actor=hall.clerk, window="dc-01")  # fourth: not yet
    assert _told() == []
    call_next(actor=hall.clerk, window="dc-01")  # third: told
    call_next(actor=hall.clerk, window="dc-01")  # second: not again

    assert _told() == [("A005", 3)]
    message = Message.objects.get()
    assert (message.recipient, message.dedupe_key) == (
        holder,
        f"ticket:{ticket.public_id}:position",
    )
    assert message.context["window"] == "禅城区行政服务中心"


def test_a_phone_alone_is_enough_and_gets_an_sms(hall, take):
    take()
    take()
    take()
    take(phone="13900000002")

    call_next(actor=hall.clerk, window="dc-01")

    message = Message.objects.get()
    assert (message.channel, message.address, message.recipient) == ("sms", "13900000002", None)


def test_a_holder_without_contact_is_never_told(hall, take):
    for _ in range(5):
        take(id_number=id_number(serial=8))  # valid, but nobody in the registry

    for _ in range(5):
        call_next(actor=hall.clerk, window="dc-01")

    assert _told() == []


def test_the_holder_may_choose_their_own_position(hall, take):
    for _ in range(5):
        take()
    take(phone="13900000003", notify_position=6)  # sixth: told at once, when taken

    assert _told() == [("A006", 6)]


def test_the_hall_sets_the_position_and_zero_turns_it_off(hall, take):
    rules(notify_position=0)
    take()
    take(phone="13900000004")

    call_next(actor=hall.clerk, window="dc-01")

    assert _told() == []


def test_a_cancelled_ticket_is_not_told(hall, take):
    take()
    take()
    take()
    ticket = take(phone="13900000005")
    cancel_ticket(actor=None, ticket=str(ticket.public_id))

    call_next(actor=hall.clerk, window="dc-01")

    assert _told() == []


def test_calling_with_reminders_due_takes_a_bounded_number_of_queries(
    hall, take, django_assert_max_num_queries
):
    for _ in range(3):
        take()
    take(phone="13900000006")
    take(phone="13900000007", notify_position=5)
    hall.clerk.role_grants()

    with django_assert_max_num_queries(20):
        call_next(actor=hall.clerk, window="dc-01")

    assert _told() == [("A004", 3), ("A005", 5)]
