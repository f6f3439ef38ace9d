"""Appointments: slots from the hall's rules, capacity, booking, cancelling, check-in."""

import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import (
    book_appointment,
    cancel_appointment,
    check_in_appointment,
    issue_ticket,
    open_appointment_slots,
    open_slots_ahead,
    sweep_missed_appointments,
)
from onedoor.counter.models import Appointment, AppointmentSlot, Ticket
from onedoor.counter.queries import get_service_point, get_slots
from onedoor.counter.tests.conftest import (
    POINT,
    book,
    book_and_check_in,
    id_number,
    person,
    rules,
    slot_at,
)

pytestmark = pytest.mark.usefixtures("clock")
TODAY = dt.date(2026, 12, 7)


def test_slots_follow_the_halls_hours_length_capacity_and_categories(hall):
    rules(
        appointment_hours="09:00-10:00,14:00-15:00",
        appointment_slot_minutes=30,
        appointment_capacity=2,
        appointment_categories="general",
    )

    opened = open_appointment_slots(actor=None, service_point=POINT, day=TODAY)
    again = open_appointment_slots(actor=None, service_point=POINT, day=TODAY)

    slots = get_slots(get_service_point(POINT), TODAY)
    assert (opened, again) == (4, 0)
    assert [(s.starts_at.strftime("%H:%M"), s.category, s.capacity) for s in slots] == [
        ("09:00", "general", 2),
        ("09:30", "general", 2),
        ("14:00", "general", 2),
        ("14:30", "general", 2),
    ]
    assert AuditEvent.objects.filter(action="counter.appointment_slots_opened").count() == 1


def test_slots_are_opened_ahead_on_working_days_only(hall):
    rules(appointment_days_ahead=6)

    open_slots_ahead()

    days = set(
        AppointmentSlot.objects.filter(service_point__code=POINT).values_list("day", flat=True)
    )
    # Monday 7 to Sunday 13 December: the five weekdays
    assert days == {TODAY + dt.timedelta(days=n) for n in range(5)}


def test_an_unknown_slot_category_is_refused(hall):
    with pytest.raises(DomainError) as refused:
        get_slots(get_service_point(POINT), TODAY, "appointment")

    assert refused.value.code == "invalid_category"


def test_a_booking_takes_a_place_and_the_full_slot_refuses_more(hall):
    rules(appointment_capacity=2)
    slot = slot_at(dt.time(11, 0))
    for serial in (1, 2, 3):
        person(id_number(serial=serial))
    for serial in (1, 2):
        book_appointment(
            actor=hall.clerk, slot=str(slot.public_id), id_number=id_number(serial=serial)
        )

    with pytest.raises(DomainError) as refused:
        book_appointment(actor=hall.clerk, slot=str(slot.public_id), id_number=id_number(serial=3))

    assert (refused.value.code, refused.value.status) == ("slot_full", 409)
    slot.refresh_from_db()
    assert (slot.booked, slot.available) == (2, 0)
    assert Appointment.objects.count() == 2


def test_cancelling_frees_the_place_and_twice_is_no_error(hall):
    appointment = book(hall, dt.time(11, 0))

    cancel_appointment(actor=hall.clerk, appointment=str(appointment.public_id))
    again = cancel_appointment(actor=hall.clerk, appointment=str(appointment.public_id))

    assert again.status == "cancelled"
    assert AppointmentSlot.objects.get(pk=appointment.slot_id).booked == 0
    assert AuditEvent.objects.filter(action="counter.appointment_cancelled").count() == 1


def test_one_booking_a_day_at_a_point_per_person(hall):
    book(hall, dt.time(11, 0))

    with pytest.raises(DomainError) as refused:
        book(hall, dt.time(14, 0))

    assert (refused.value.code, refused.value.status) == ("duplicate_appointment", 409)


def test_a_past_slot_cannot_be_booked(hall):
    person(id_number())
    slot = slot_at(dt.time(9, 0))  # 09:00-09:30, and it is 10:00

    with pytest.raises(DomainError) as refused:
        book_appointment(actor=hall.clerk, slot=str(slot.public_id), id_number=id_number())

    assert (refused.value.code, refused.value.status) == ("slot_past", 422)


def test_a_citizen_books_for_themself_but_not_for_a_stranger(hall):
    citizen = person(id_number(serial=1))
    stranger = person(id_number(serial=2))
    slot = slot_at(dt.time(11, 0))

    mine = book_appointment(actor=citizen, slot=str(slot.public_id))

    assert (mine.person, mine.booked_by) == (citizen, citizen.audit_label)
    with pytest.raises(DomainError) as refused:
        book_appointment(actor=citizen, slot=str(slot.public_id), id_number=stranger.id_number)
    assert refused.value.status == 403


def test_staff_must_name_the_person_and_the_person_must_be_registered(hall):
    slot = slot_at(dt.time(11, 0))

    with pytest.raises(DomainError) as missing:
        book_appointment(actor=hall.clerk, slot=str(slot.public_id))
    with pytest.raises(DomainError) as unknown:
        book_appointment(actor=hall.clerk, slot=str(slot.public_id), id_number=id_number(serial=5))

    assert missing.value.code == "invalid_input"
    assert unknown.value.code == "not_found"


def test_the_same_key_books_once(hall):
    citizen = person(id_number())
    slot = str(slot_at(dt.time(11, 0)).public_id)

    first = book_appointment(actor=citizen, slot=slot, idempotency_key="b-1")
    again = book_appointment(actor=citizen, slot=slot, idempotency_key="b-1")
    other = str(slot_at(dt.time(14, 0)).public_id)

    assert again.pk == first.pk
    with pytest.raises(DomainError) as refused:
        book_appointment(actor=citizen, slot=other, idempotency_key="b-1")
    assert refused.value.code == "idempotency_key_conflict"
    assert AppointmentSlot.objects.get(public_id=slot).booked == 1


def test_checking_in_on_time_issues_an_appointment_ticket_once(hall):
    appointment = book(hall, dt.time(10, 0))

    ticket = check_in_appointment(actor=None, appointment=str(appointment.public_id))
    again = check_in_appointment(actor=None, appointment=str(appointment.public_id))

    appointment.refresh_from_db()
    assert again.pk == ticket.pk
    assert (ticket.number, ticket.category, ticket.lane, ticket.on_time) == (
        "Y001",
        "appointment",
        "appointment",
        True,
    )
    assert ticket.person == appointment.person
    assert appointment.status == "checked_in"
    assert Ticket.objects.count() == 1


def test_checking_in_too_early_is_refused(hall):
    appointment = book(hall, dt.time(14, 0))

    with pytest.raises(DomainError) as refused:
        check_in_appointment(actor=None, appointment=str(appointment.public_id))

    assert (refused.value.code, refused.value.status) == ("check_in_too_early", 422)
    assert not Ticket.objects.exists()


def test_checking_in_another_day_or_a_cancelled_booking_is_refused(hall, clock):
    tomorrow = book(hall, dt.time(10, 0))
    cancelled = book(hall, dt.time(11, 0), serial=2)
    cancel_appointment(actor=hall.clerk, appointment=str(cancelled.public_id))
    clock.shift(dt.timedelta(days=1))

    with pytest.raises(DomainError) as other_day:
        check_in_appointment(actor=None, appointment=str(tomorrow.public_id))
    with pytest.raises(DomainError) as not_active:
        check_in_appointment(actor=None, appointment=str(cancelled.public_id))

    assert other_day.value.code == "appointment_not_today"
    assert (not_active.value.code, not_active.value.status) == ("appointment_not_active", 409)


def test_a_late_check_in_still_gets_a_ticket_in_the_general_queue(hall, clock):
    appointment = book(hall, dt.time(10, 0))
    clock.shift(dt.timedelta(minutes=11))

    ticket = check_in_appointment(actor=None, appointment=str(appointment.public_id))

    assert (ticket.on_time, ticket.lane) == (False, "general")


def test_the_appointment_category_at_the_kiosk_checks_in_the_persons_booking(hall):
    appointment = book(hall, dt.time(10, 0), serial=4)

    ticket = issue_ticket(
        actor=None,
        service_point=POINT,
        category="appointment",
        id_number=id_number(serial=4),
        channel="kiosk",
    )

    assert ticket.appointment == appointment
    with pytest.raises(DomainError) as refused:
        issue_ticket(
            actor=None,
            service_point=POINT,
            category="appointment",
            id_number=id_number(serial=5),
            channel="kiosk",
        )
    assert refused.value.code == "appointment_required"


def test_an_appointment_is_checked_in_at_its_own_service_point_only(hall):
    appointment = book(hall, dt.time(10, 0))

    with pytest.raises(DomainError) as refused:
        issue_ticket(
            actor=None,
            service_point="zumiao-centre",
            appointment=str(appointment.public_id),
            channel="kiosk",
        )

    assert refused.value.code == "appointment_other_service_point"


def test_past_bookings_never_checked_in_are_marked_missed(hall, clock):
    kept = book_and_check_in(hall, dt.time(10, 0), serial=1)
    missed = book(hall, dt.time(16, 0), serial=2)
    clock.shift(dt.timedelta(days=1))

    assert sweep_missed_appointments() == 1
    assert sweep_missed_appointments() == 0
    missed.refresh_from_db()
    assert missed.status == "missed"
    assert Appointment.objects.get(pk=kept.appointment_id).status == "checked_in"


def test_a_citizen_cannot_cancel_someone_elses_booking(hall):
    appointment = book(hall, dt.time(11, 0), serial=1)
    stranger = person(id_number(serial=2))

    with pytest.raises(DomainError) as refused:
        cancel_appointment(actor=stranger, appointment=str(appointment.public_id))

    assert refused.value.status == 404
    appointment.refresh_from_db()
    assert appointment.status == "booked"
