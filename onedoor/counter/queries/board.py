"""The live board of a hall: recent calls, who waits how long, windows and clerks' load.

What the display board, the manager's board and ``GET service-points/{code}/board`` show; five
queries whatever the size of the hall or the day.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Min, Q
from django.utils import timezone

from onedoor.accounts.models import User
from onedoor.counter.choices import TicketCategory, TicketStatus
from onedoor.counter.models import ServicePoint, Ticket, Window
from onedoor.counter.queries.access import policy_of
from onedoor.counter.queries.queue import get_handling_seconds
from onedoor.counter.services.estimate import estimate_wait_minutes


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def clerk_name(user: User | None) -> str | None:
    return (user.full_name or user.username) if user is not None else None


@dataclass(frozen=True, slots=True)
class BoardCall:
    number: str
    category: str
    window: str
    window_name: str
    called_at: dt.datetime
    recalls: int


@dataclass(frozen=True, slots=True)
class BoardQueue:
    category: str
    label: str
    waiting: int
    longest_wait_minutes: float | None
    estimated_wait_minutes: int


@dataclass(frozen=True, slots=True)
class BoardWindow:
    code: str
    name: str
    open: bool
    clerk: str | None
    clerk_username: str | None
    current_number: str | None
    current_category: str | None
    current_since: dt.datetime | None
    served_today: int
    average_handling_minutes: float | None


@dataclass(frozen=True, slots=True)
class BoardClerk:
    username: str
    name: str
    window: str | None
    served_today: int
    average_handling_minutes: float | None
    average_wait_minutes: float | None


@dataclass(frozen=True, slots=True)
class Board:
    service_point: ServicePoint
    at: dt.datetime
    recent_calls: list[BoardCall]
    queues: list[BoardQueue]
    waiting_total: int
    longest_wait_minutes: float | None
    windows: list[BoardWindow]
    windows_open: int
    clerks: list[BoardClerk]


def get_board(service_point: ServicePoint, *, recent: int = 10) -> Board:
    """The hall as it stands now (today's tickets only)."""
    now = timezone.now()
    today = timezone.localdate(now)
    tickets = Ticket.objects.filter(service_point=service_point, day=today)
    windows = list(
        Window.objects.filter(service_point=service_point)
        .select_related("clerk", "current_ticket")
        .order_by("code")
    )
    served = tickets.filter(status=TicketStatus.SERVED)
    by_window = {
        row["window_id"]: row
        for row in served.values("window_id").annotate(n=Count("id"), h=Avg("handling_seconds"))
    }
    board_windows = [_board_window(w, by_window.get(w.pk)) for w in windows]
    queues = _queues(service_point, tickets, now, sum(w.open for w in board_windows))
    return Board(
        service_point=service_point,
        at=now,
        recent_calls=_recent_calls(tickets, recent),
        queues=queues,
        waiting_total=sum(q.waiting for q in queues),
        longest_wait_minutes=max(
            (q.longest_wait_minutes for q in queues if q.longest_wait_minutes is not None),
            default=None,
        ),
        windows=board_windows,
        windows_open=sum(w.open for w in board_windows),
        clerks=_clerks(served, windows),
    )


def _recent_calls(tickets: Any, recent: int) -> list[BoardCall]:
    rows = (
        tickets.filter(called_at__isnull=False, window__isnull=False)
        .select_related("window")
        .order_by("-called_at", "-id")[:recent]
    )
    return [
        BoardCall(t.number, t.category, t.window.code, t.window.name, t.called_at, t.recalls)
        for t in rows
    ]


def _queues(
    point: ServicePoint, tickets: Any, now: dt.datetime, open_windows: int
) -> list[BoardQueue]:
    rows = {
        row["category"]: row
        for row in tickets.filter(status=TicketStatus.WAITING)
        .values("category")
        .annotate(n=Count("id"), oldest=Min("issued_at"))
    }
    handling = get_handling_seconds(point, policy_of(point))
    queues = []
    for category in TicketCategory:
        row = rows.get(category.value)
        waiting = row["n"] if row else 0
        oldest = row["oldest"] if row else None
        queues.append(
            BoardQueue(
                category=category.value,
                label=str(category.label),
                waiting=waiting,
                longest_wait_minutes=minutes((now - oldest).total_seconds()) if oldest else None,
                estimated_wait_minutes=estimate_wait_minutes(waiting + 1, handling, open_windows),
            )
        )
    return queues


def _board_window(window: Window, served: Mapping[str, Any] | None) -> BoardWindow:
    current = window.current_ticket
    if current is not None and current.status != TicketStatus.CALLED:
        current = None
    return BoardWindow(
        code=window.code,
        name=window.name,
        open=window.is_open,
        clerk=clerk_name(window.clerk),
        clerk_username=window.clerk.username if window.clerk else None,
        current_number=current.number if current else None,
        current_category=current.category if current else None,
        current_since=current.called_at if current else None,
        served_today=served["n"] if served else 0,
        average_handling_minutes=minutes(served["h"]) if served else None,
    )


def _clerks(served: Any, windows: list[Window]) -> list[BoardClerk]:
    seated = {w.clerk_id: w for w in windows if w.clerk_id is not None and w.is_open}
    rows = {
        row["clerk_id"]: row
        for row in served.filter(clerk__isnull=False)
        .values("clerk_id", "clerk__username", "clerk__full_name")
        .annotate(n=Count("id"), h=Avg("handling_seconds"), w=Avg("waiting_seconds"))
    }
    clerks = []
    for clerk_id in sorted(set(rows) | set(seated), key=lambda pk: (pk not in seated, pk)):
        row, window = rows.get(clerk_id), seated.get(clerk_id)
        user = window.clerk if window is not None else None
        username = row["clerk__username"] if row else user.username  # type: ignore[union-attr]
        name = (row["clerk__full_name"] if row else user.full_name) or username  # type: ignore[union-attr]
        clerks.append(
            BoardClerk(
                username=username,
                name=name,
                window=window.code if window is not None else None,
                served_today=row["n"] if row else 0,
                average_handling_minutes=minutes(row["h"]) if row else None,
                average_wait_minutes=minutes(row["w"]) if row else None,
            )
        )
    return clerks


def count_waiting(service_point: ServicePoint) -> int:
    """Today's waiting tickets at the point (what a kiosk shows before a ticket is taken)."""
    return Ticket.objects.filter(
        Q(service_point=service_point),
        Q(day=timezone.localdate()),
        Q(status=TicketStatus.WAITING),
    ).count()
