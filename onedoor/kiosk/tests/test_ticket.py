"""Take a ticket at the kiosk: a category, an optional ID number, appointment check-in, and a
big number with its place in line, printable."""

import datetime as dt
from typing import Any

import time_machine
from django.test import Client

from onedoor.cases.tests.conftest import World
from onedoor.counter.actions import book_appointment, open_appointment_slots
from onedoor.counter.models import AppointmentSlot, Ticket
from onedoor.kiosk.tests.conftest import HOME, hidden_key

TICKET = f"{HOME}ticket/"
# A working Monday at 10:00 in Shanghai, when the district centre's slots are open.
MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _take(kiosk: Client, **fields: Any) -> Any:
    page = kiosk.get(TICKET)
    data = {"idempotency_key": hidden_key(page), "category": "general", **fields}
    answer = kiosk.post(TICKET, data)
    answer.sent = data
    return answer


def test_the_form_explains_every_category(kiosk: Client, world: World) -> None:
    page = kiosk.get(TICKET)
    assert page.status_code == 200
    body = page.content.decode()
    for category in ("general", "enterprise", "priority", "appointment"):
        assert f'data-category="{category}"' in body
    assert "老年人" in body and "残疾人" in body and "孕妇" in body
    assert 'data-keypad="id"' in body


def test_a_general_ticket_shows_its_number_and_place_in_line(kiosk: Client, world: World) -> None:
    answer = _take(kiosk)
    assert answer.status_code == 302
    assert answer["Location"] == f"{TICKET}issued/"
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.category, ticket.service_point.code) == (
        "kiosk",
        "general",
        "district-centre",
    )
    page = kiosk.get(answer["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert f"data-ticket-number>{ticket.number}<" in body
    assert 'data-position="1"' in body
    assert "下一位就是您" in body
    assert "data-wait=" in body
    assert "data-print" in body


def test_the_second_ticket_has_one_person_ahead(kiosk: Client, world: World) -> None:
    _take(kiosk)
    second = _take(kiosk, category="priority")
    assert second.status_code == 302
    page = kiosk.get(second["Location"])
    ticket = Ticket.objects.get(category="priority")
    assert ticket.number.startswith("P")
    # A priority ticket goes ahead of the general one.
    assert 'data-position="1"' in page.content.decode()
    general = _take(kiosk)
    page = kiosk.get(general["Location"])
    assert 'data-position="3"' in page.content.decode()
    assert "前面还有 2 人" in page.content.decode()


def test_an_id_number_is_kept_with_the_ticket(kiosk: Client, world: World) -> None:
    parent = world.persons["parent"]
    answer = _take(kiosk, id_number=parent.id_number.lower())
    assert answer.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.person == parent
    page = kiosk.get(answer["Location"])
    assert parent.id_number not in page.content.decode()


def test_a_double_tap_takes_one_ticket(kiosk: Client, world: World) -> None:
    first = _take(kiosk)
    again = kiosk.post(TICKET, first.sent)
    assert again.status_code == 302
    assert Ticket.objects.count() == 1


def test_an_invalid_id_number_is_refused_with_a_clear_message(kiosk: Client, world: World) -> None:
    answer = _take(kiosk, id_number="440604")
    assert answer.status_code == 422
    assert "这不是有效的身份证件号码。" in answer.content.decode()
    assert not Ticket.objects.exists()


def test_an_unknown_category_is_refused(kiosk: Client, world: World) -> None:
    answer = _take(kiosk, category="vip")
    assert answer.status_code == 422
    assert not Ticket.objects.exists()


def test_an_appointment_needs_a_code_or_an_id_number(kiosk: Client, world: World) -> None:
    answer = _take(kiosk, category="appointment")
    assert answer.status_code == 422
    assert "预约码" in answer.content.decode()
    assert not Ticket.objects.exists()


def test_no_appointment_today_is_told(kiosk: Client, world: World) -> None:
    answer = _take(kiosk, category="appointment", id_number=world.persons["parent"].id_number)
    assert answer.status_code == 422
    assert "预约号须凭当天在本网点的预约签到取得" in answer.content.decode()
    assert not Ticket.objects.exists()


def _booking(world: World) -> Any:
    open_appointment_slots(actor=None, service_point="district-centre", day=MONDAY_10.date())
    slot = AppointmentSlot.objects.filter(
        service_point__code="district-centre", day=MONDAY_10.date(), category="general"
    ).get(starts_at=dt.time(10, 0))
    parent = world.persons["parent"]
    return book_appointment(actor=parent, slot=str(slot.public_id), id_number=parent.id_number)


def test_an_appointment_is_checked_in_by_id_number(kiosk: Client, world: World) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        booking = _booking(world)
        answer = _take(kiosk, category="appointment", id_number=world.persons["parent"].id_number)
        assert answer.status_code == 302, answer.content.decode()[:3000]
        page = kiosk.get(answer["Location"])
    ticket = Ticket.objects.get()
    assert ticket.appointment == booking
    assert ticket.category == "appointment"
    assert f"data-ticket-number>{ticket.number}<" in page.content.decode()


def test_an_appointment_is_checked_in_by_its_code(kiosk: Client, world: World) -> None:
    with time_machine.travel(MONDAY_10, tick=False):
        booking = _booking(world)
        answer = _take(kiosk, category="appointment", appointment=str(booking.public_id).upper())
        assert answer.status_code == 302, answer.content.decode()[:3000]
    assert Ticket.objects.get().appointment == booking


def test_the_ticket_screens_read_little(
    kiosk: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    kiosk.get(TICKET)
    with django_assert_max_num_queries(2):  # the service point, the session
        page = kiosk.get(TICKET)
    answer = kiosk.post(TICKET, {"idempotency_key": hidden_key(page), "category": "general"})
    # The point, the session, the ticket, its position, the handling times, the open windows,
    # and the session kept alive (an update in a savepoint).
    with django_assert_max_num_queries(9):
        assert kiosk.get(answer["Location"]).status_code == 200


def test_another_kiosks_ticket_is_not_shown_here(kiosk: Client, world: World) -> None:
    _take(kiosk)
    page = kiosk.get("/kiosk/zumiao-centre/ticket/issued/")
    assert page.status_code == 302
    assert page["Location"] == "/kiosk/zumiao-centre/ticket/"
