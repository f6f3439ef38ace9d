"""Queue tickets (取号): taken at a kiosk, online, in the app or by a clerk; read and cancelled
by whoever holds the ticket's opaque id; a no-show put back in the queue by the point's staff."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from onedoor.api.auth import optional_principal, require_staff
from onedoor.counter.actions import cancel_ticket, issue_ticket, requeue_ticket
from onedoor.counter.models import Ticket
from onedoor.counter.queries import describe_ticket, get_ticket, get_ticket_by_number
from onedoor.counter.queries.access import parse_public_id

router = Router(tags=["tickets"])

NUMBERING = (
    "Numbers are a category letter and at least three digits, counted per service point, day "
    "and category: A001 general, B001 enterprise, P001 priority (elderly, disabled, pregnant), "
    "Y001 appointment."
)
ESTIMATE = (
    "estimated_wait_minutes = ceil(position × median handling time of the point's last served "
    "tickets / max(open windows, 1)); 0 at the window; null once finished."
)


class TicketIn(Schema):
    service_point: str = Field(max_length=100, description="the service point's code")
    category: str | None = Field(
        None,
        max_length=40,
        description="general (default), enterprise, priority or appointment; an unknown "
        "category answers 422 invalid_category",
    )
    id_number: str | None = Field(
        None, max_length=40, description="the holder's ID number (optional; checked)"
    )
    appointment: str | None = Field(
        None,
        max_length=64,
        description="an appointment's id: checks it in and issues its appointment ticket",
    )
    phone: str | None = Field(
        None, max_length=30, description='a mobile number for the "N-th in line" message'
    )
    notify_position: int | None = Field(
        None, description='the holder\'s own N (1–10) for the "N-th in line" message'
    )
    channel: str | None = Field(
        None,
        max_length=20,
        description="kiosk (default without a token), app (a citizen's default), online, "
        "wechat, or window (staff only; a clerk's default)",
    )


class TicketOut(Schema):
    id: str = Field(description="the ticket's opaque id: read or cancel it with this")
    number: str
    service_point: str
    category: str
    status: str = Field(description="waiting, called, served, no_show or cancelled")
    position: int | None = Field(description="1 is next; 0 at a window; null once finished")
    estimated_wait_minutes: int | None
    window: str | None = Field(description="the window that called it, once called")
    issued_at: dt.datetime
    called_at: dt.datetime | None
    recalls: int
    appointment: str | None = Field(description="the appointment it checked in, if any")


def ticket_answer(ticket: Ticket) -> dict[str, Any]:
    """A ticket as the API answers it, with where it stands now."""
    view = describe_ticket(ticket)
    return {
        "id": str(ticket.public_id),
        "number": ticket.number,
        "service_point": ticket.service_point.code,
        "category": ticket.category,
        "status": ticket.status,
        "position": view.position,
        "estimated_wait_minutes": view.estimated_wait_minutes,
        "window": ticket.window.code if ticket.window_id and ticket.window else None,
        "issued_at": ticket.issued_at,
        "called_at": ticket.called_at,
        "recalls": ticket.recalls,
        "appointment": str(ticket.appointment.public_id) if ticket.appointment else None,
    }


@router.post(
    "",
    response={201: TicketOut},
    auth=None,
    summary="Take a ticket (kiosk, app, online, or a clerk for a visitor)",
    description=f"Anyone may take a ticket; a bearer token, when sent, says who. {NUMBERING} "
    f"{ESTIMATE} An optional Idempotency-Key header makes a double tap return the same ticket.",
)
def take(request: HttpRequest, payload: TicketIn) -> Status[dict[str, Any]]:
    principal = optional_principal(request)
    actor = principal.actor if principal else None
    default_channel = "kiosk" if principal is None else ("window" if principal.is_staff else "app")
    ticket = issue_ticket(
        actor=actor,
        service_point=payload.service_point,
        category=payload.category or "general",
        id_number=payload.id_number or "",
        channel=payload.channel or default_channel,
        appointment=payload.appointment or "",
        idempotency_key=request.headers.get("Idempotency-Key", "").strip()[:200],
        phone=payload.phone or "",
        notify_position=payload.notify_position,
    )
    return Status(201, ticket_answer(ticket))


class TicketQuery(Schema):
    service_point: str | None = Field(
        None,
        max_length=100,
        description="with a ticket number instead of an id: today's ticket of that number there",
    )


@router.get(
    "/{ticket_id}",
    response=TicketOut,
    auth=None,
    summary="A ticket's status, position and estimated wait",
    description="By the ticket's opaque id, or by today's number at a service point "
    f"(`tickets/A012?service_point=district-centre`). {ESTIMATE}",
)
def read(request: HttpRequest, ticket_id: str, query: Query[TicketQuery]) -> dict[str, Any]:
    if query.service_point and parse_public_id(ticket_id) is None:
        return ticket_answer(get_ticket_by_number(query.service_point, ticket_id))
    return ticket_answer(get_ticket(ticket_id))


@router.post(
    "/{ticket_id}/cancel",
    response=TicketOut,
    auth=None,
    summary="Give up a waiting ticket (its holder); cancelling twice is no error",
)
def cancel(request: HttpRequest, ticket_id: str) -> dict[str, Any]:
    principal = optional_principal(request)
    ticket = cancel_ticket(actor=principal.actor if principal else None, ticket=ticket_id)
    return ticket_answer(ticket)


@router.post(
    "/{ticket_id}/requeue",
    response=TicketOut,
    summary="Put today's no-show ticket back in the queue, at the back of its lane",
    description="A clerk or hall manager of the ticket's service point, or an administrator, "
    "when the holder of a no-show ticket (过号) turns up later the same day. The ticket keeps "
    "its number and queues again as if taken now. At most the point's `no_show_requeues` "
    "times (1 by default): 409 `requeue_limit_reached`; a ticket that is not a no-show (a "
    "second press included) 409 `ticket_not_no_show`; another day's 409 `ticket_not_today`; "
    "nothing changes on a refusal.",
)
def requeue(request: HttpRequest, ticket_id: str) -> dict[str, Any]:
    ticket = requeue_ticket(actor=require_staff(request), ticket=ticket_id)
    return ticket_answer(ticket)
