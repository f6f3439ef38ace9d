"""Appointments (预约): book a slot online or at a window, cancel, check in on arrival."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from onedoor.api.auth import Principal, optional_principal
from onedoor.api.routers.tickets import TicketOut, ticket_answer
from onedoor.counter.actions import book_appointment, cancel_appointment, check_in_appointment
from onedoor.counter.models import Appointment
from onedoor.counter.queries import access_appointment

router = Router(tags=["appointments"])


class AppointmentIn(Schema):
    slot: str = Field(max_length=64, description="the slot's id (GET service-points/{code}/slots)")
    id_number: str | None = Field(
        None,
        max_length=40,
        description="whom it is for: staff must give it; a citizen books for themself by "
        "default, or for a person they may act for",
    )
    phone: str | None = Field(None, max_length=30, description="for the queue's messages")
    channel: str | None = Field(None, max_length=20, description="online (default), app, …")


class AppointmentOut(Schema):
    id: str
    service_point: str
    category: str
    date: dt.date
    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM")
    status: str = Field(description="booked, checked_in, cancelled or missed")
    ticket: str | None = Field(description="the appointment ticket's number, once checked in")


def appointment_answer(appointment: Appointment) -> dict[str, Any]:
    slot = appointment.slot
    ticket = getattr(appointment, "ticket", None)
    return {
        "id": str(appointment.public_id),
        "service_point": slot.service_point.code,
        "category": slot.category,
        "date": slot.day,
        "start": slot.starts_at.strftime("%H:%M"),
        "end": slot.ends_at.strftime("%H:%M"),
        "status": appointment.status,
        "ticket": ticket.number if ticket is not None else None,
    }


def _principal(request: HttpRequest) -> Principal:
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return principal


@router.post(
    "",
    response={201: AppointmentOut},
    summary="Book an appointment slot (a citizen, or staff for a person)",
    description="A full slot answers 409 slot_full, a past one 422 slot_past, a second booking "
    "the same day at the same point 409 duplicate_appointment. An optional Idempotency-Key "
    "header makes a retry return the same booking.",
)
def book(request: HttpRequest, payload: AppointmentIn) -> Status[dict[str, Any]]:
    principal = _principal(request)
    appointment = book_appointment(
        actor=principal.actor,
        slot=payload.slot,
        id_number=payload.id_number or "",
        phone=payload.phone or "",
        channel=payload.channel or "online",
        idempotency_key=request.headers.get("Idempotency-Key", "").strip()[:200],
    )
    return Status(201, appointment_answer(appointment))


@router.get("/{appointment_id}", response=AppointmentOut, summary="An appointment")
def read(request: HttpRequest, appointment_id: str) -> dict[str, Any]:
    return appointment_answer(access_appointment(_principal(request).actor, appointment_id))


@router.post(
    "/{appointment_id}/cancel",
    response=AppointmentOut,
    summary="Cancel a booking (the person, whoever booked it, or staff)",
)
def cancel(request: HttpRequest, appointment_id: str) -> dict[str, Any]:
    actor = _principal(request).actor
    return appointment_answer(cancel_appointment(actor=actor, appointment=appointment_id))


@router.post(
    "/{appointment_id}/check-in",
    response={201: TicketOut},
    auth=None,
    summary="Check in on arrival (kiosk or clerk): issues the appointment ticket, once",
    description="From the point's early check-in minutes before the slot; within the grace "
    "minutes after its start the ticket goes ahead in the appointment queue, later it queues "
    "as a general ticket. Checking in again answers the same ticket.",
)
def check_in(request: HttpRequest, appointment_id: str) -> Status[dict[str, Any]]:
    principal = optional_principal(request)
    ticket = check_in_appointment(
        actor=principal.actor if principal else None,
        appointment=appointment_id,
        channel="window" if principal and principal.is_staff else "kiosk",
    )
    return Status(201, ticket_answer(ticket))
