"""A window's buttons: call the next ticket, recall, finish, no-show, transfer, open, close.

Staff only: a clerk or hall manager of the window's service point, or an administrator.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from onedoor.api.auth import require_staff
from onedoor.api.routers.tickets import TicketOut, ticket_answer
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
from onedoor.counter.queries import access_window, get_current_ticket

router = Router(tags=["windows"])


class CalledOut(Schema):
    number: str
    category: str
    window: str
    id: str = Field(description="the ticket's opaque id")
    service_point: str
    called_at: dt.datetime
    waited_minutes: float = Field(description="from taking the ticket to its first call")
    recalls: int


class WindowStateOut(Schema):
    code: str
    name: str
    service_point: str
    open: bool
    clerk: str | None
    current: CalledOut | None = Field(description="the ticket at the window, if any")


class TransferIn(Schema):
    window: str | None = Field(None, max_length=100, description="another window of the point")
    category: str | None = Field(
        None, max_length=40, description="another category's queue: general, enterprise, priority"
    )


def called_answer(ticket: Ticket, window: Window) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "category": ticket.category,
        "window": window.code,
        "id": str(ticket.public_id),
        "service_point": window.service_point.code,
        "called_at": ticket.called_at,
        "waited_minutes": round((ticket.waiting_seconds or 0) / 60, 1),
        "recalls": ticket.recalls,
    }


def window_answer(window: Window) -> dict[str, Any]:
    current = get_current_ticket(window)
    clerk = window.clerk
    return {
        "code": window.code,
        "name": window.name,
        "service_point": window.service_point.code,
        "open": window.is_open,
        "clerk": (clerk.full_name or clerk.username) if clerk else None,
        "current": called_answer(current, window) if current else None,
    }


@router.post(
    "/{code}/call-next",
    response={200: CalledOut, 204: None},
    summary="Call the next ticket (ends the current one as served; 204 when nobody waits)",
    description="A clerk or hall manager of the window's service point (or an administrator). "
    "Opens the window if closed and signs the calling clerk in. The next ticket follows the "
    "point's calling rules: tickets transferred to this window first, then by category rank "
    "(priority, on-time appointments, enterprise and general by default), a category waiting "
    "past its limit ahead of all, the longest wait first within a rank. A ticket is never "
    "called twice, however many windows press at once.",
)
def next_ticket(request: HttpRequest, code: str) -> Status[dict[str, Any] | None]:
    user = require_staff(request)
    ticket = call_next(actor=user, window=code)
    if ticket is None:
        return Status(204, None)
    assert ticket.window is not None  # the calling window, its service point loaded
    return Status(200, called_answer(ticket, ticket.window))


@router.post("/{code}/recall", response=CalledOut, summary="Call the current ticket again")
def recall(request: HttpRequest, code: str) -> dict[str, Any]:
    user = require_staff(request)
    ticket = recall_ticket(actor=user, window=code)
    return called_answer(ticket, ticket.window or access_window(user, code))


@router.post(
    "/{code}/finish",
    response=TicketOut,
    summary="End the current ticket as served without calling the next",
)
def finish(request: HttpRequest, code: str) -> dict[str, Any]:
    return ticket_answer(finish_ticket(actor=require_staff(request), window=code))


@router.post(
    "/{code}/no-show",
    response=TicketOut,
    summary="The holder of the current ticket did not come (过号)",
    description="Allowed once the point's no-show wait (minutes after the last call or "
    "recall) has passed; earlier answers 409 no_show_too_early.",
)
def no_show(request: HttpRequest, code: str) -> dict[str, Any]:
    return ticket_answer(mark_no_show(actor=require_staff(request), window=code))


@router.post(
    "/{code}/transfer",
    response=TicketOut,
    summary="Send the current ticket to another window or category's queue",
    description="Exactly one of window and category. The ticket keeps its number and its "
    "place; a ticket transferred to a window is called there before the common queue.",
)
def transfer(request: HttpRequest, code: str, payload: TransferIn) -> dict[str, Any]:
    ticket = transfer_ticket(
        actor=require_staff(request),
        window=code,
        to_window=payload.window or "",
        to_category=payload.category or "",
    )
    return ticket_answer(ticket)


@router.post("/{code}/open", response=WindowStateOut, summary="Open the window and sign in")
def open_(request: HttpRequest, code: str) -> dict[str, Any]:
    return window_answer(open_window(actor=require_staff(request), window=code))


@router.post(
    "/{code}/close",
    response=WindowStateOut,
    summary="Close the window: the current ticket is served and the clerk signs out",
)
def close(request: HttpRequest, code: str) -> dict[str, Any]:
    return window_answer(close_window(actor=require_staff(request), window=code))


@router.get("/{code}", response=WindowStateOut, summary="The window and its current ticket")
def state(request: HttpRequest, code: str) -> dict[str, Any]:
    return window_answer(access_window(require_staff(request), code))
