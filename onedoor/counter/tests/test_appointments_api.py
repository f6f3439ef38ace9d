"""Appointment slots, booking, cancelling and check-in over HTTP."""

import datetime as dt

import pytest

from onedoor.counter.models import Appointment
from onedoor.counter.tests.conftest import POINT, id_number, person, rules, slot_at

pytestmark = pytest.mark.usefixtures("clock")
TODAY = "2026-12-07"


def test_anyone_sees_the_slots_of_a_day_with_the_places_left(hall):
    rules(appointment_capacity=2, appointment_categories="general")
    slot = slot_at(dt.time(11, 0))
    hall.post("appointments", {"slot": str(slot.public_id)}, person(id_number()))

    response = hall.get(f"service-points/{POINT}/slots", date=TODAY, category="general")

    assert response.status_code == 200
    items = response.json()["items"]
    eleven = next(i for i in items if i["start"] == "11:00")
    assert (eleven["id"], eleven["end"], eleven["capacity"], eleven["available"]) == (
        str(slot.public_id),
        "11:30",
        2,
        1,
    )


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"date": "tomorrow"}, 422, "invalid_input"),
        ({"category": "appointment"}, 422, "invalid_category"),
    ],
)
def test_bad_slot_queries_are_coded_errors(hall, query, status, code):
    response = hall.get(f"service-points/{POINT}/slots", **query)

    assert (response.status_code, response.json()["code"]) == (status, code)


def test_a_citizen_books_reads_and_cancels(hall):
    citizen = person(id_number())
    slot = slot_at(dt.time(11, 0))

    booked = hall.post(
        "appointments", {"slot": str(slot.public_id)}, citizen, HTTP_IDEMPOTENCY_KEY="b"
    )
    again = hall.post(
        "appointments", {"slot": str(slot.public_id)}, citizen, HTTP_IDEMPOTENCY_KEY="b"
    )
    read = hall.get(f"appointments/{booked.json()['id']}", citizen)
    cancelled = hall.post(f"appointments/{booked.json()['id']}/cancel", holder=citizen)

    assert booked.status_code == 201
    body = booked.json()
    assert (body["service_point"], body["date"], body["start"], body["status"]) == (
        POINT,
        TODAY,
        "11:00",
        "booked",
    )
    assert again.json()["id"] == body["id"]
    assert read.json()["status"] == "booked"
    assert cancelled.json()["status"] == "cancelled"
    assert Appointment.objects.count() == 1


def test_anonymous_callers_cannot_book(hall):
    slot = slot_at(dt.time(11, 0))

    response = hall.post("appointments", {"slot": str(slot.public_id)})

    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_stranger_cannot_see_or_cancel_a_booking(hall):
    slot = slot_at(dt.time(11, 0))
    booked = hall.post("appointments", {"slot": str(slot.public_id)}, person(id_number(serial=1)))
    stranger = person(id_number(serial=2))

    seen = hall.get(f"appointments/{booked.json()['id']}", stranger)
    cancel = hall.post(f"appointments/{booked.json()['id']}/cancel", holder=stranger)

    assert (seen.status_code, cancel.status_code) == (404, 404)


def test_a_full_slot_is_a_conflict(hall):
    rules(appointment_capacity=1)
    slot = str(slot_at(dt.time(11, 0)).public_id)
    hall.post("appointments", {"slot": slot}, person(id_number(serial=1)))

    response = hall.post("appointments", {"slot": slot}, person(id_number(serial=2)))

    assert (response.status_code, response.json()["code"]) == (409, "slot_full")


def test_checking_in_at_the_kiosk_answers_the_appointment_ticket(hall):
    slot = slot_at(dt.time(10, 0))
    hall.post("tickets", {"service_point": POINT})
    booked = hall.post("appointments", {"slot": str(slot.public_id)}, person(id_number())).json()

    ticket = hall.post(f"appointments/{booked['id']}/check-in")
    again = hall.post(f"appointments/{booked['id']}/check-in")

    assert ticket.status_code == 201
    body = ticket.json()
    assert (body["number"], body["category"], body["position"]) == ("Y001", "appointment", 1)
    assert body["appointment"] == booked["id"]
    assert again.json()["id"] == body["id"]
    assert hall.get(f"appointments/{booked['id']}", hall.clerk).json()["ticket"] == "Y001"


def test_checking_in_too_early_is_refused(hall):
    slot = slot_at(dt.time(15, 0))
    booked = hall.post("appointments", {"slot": str(slot.public_id)}, person(id_number())).json()

    response = hall.post(f"appointments/{booked['id']}/check-in")

    assert (response.status_code, response.json()["code"]) == (422, "check_in_too_early")
