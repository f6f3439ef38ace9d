"""Reads of the queue: its head in calling order, a ticket's position and estimated wait."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from onedoor.accounts.models import User
from onedoor.counter.choices import TicketStatus
from onedoor.counter.models import ServicePoint, Ticket, Window
from onedoor.counter.queries.access import policy_of
from onedoor.counter.services.calling import Queued, effective_rank
from onedoor.counter.services.estimate import estimate_wait_minutes, median_handling_seconds
from onedoor.counter.services.policy import LANES, MAX_RANK, OVERDUE_RANK, Policy

_QUEUED_FIELDS = (
    "id",
    "lane",
    "queued_at",
    "notify_position",
    "notified_at",
    "person_id",
    "phone",
    "target_window_id",
)


@dataclass
class QueueTop:
    """The first tickets of each lane (oldest first) and those held for one window."""

    lanes: dict[str, list[Queued]] = field(default_factory=dict)
    held: list[Queued] = field(default_factory=list)

    def everyone(self) -> list[Queued]:
        return [ticket for rows in self.lanes.values() for ticket in rows]


def _queued(row: dict[str, Any]) -> Queued:
    return Queued(
        id=row["id"],
        lane=row["lane"],
        queued_at=row["queued_at"],
        notify_position=row["notify_position"],
        notified=row["notified_at"] is not None,
        contactable=bool(row["person_id"] or row["phone"]),
    )


def get_queue_top(
    point_id: int, day: dt.date, now: dt.datetime, *, limit: int, window_id: int | None = None
) -> QueueTop:
    """The first ``limit`` callable tickets of every lane, and those held for ``window_id``.

    One query on PostgreSQL (a UNION ALL of index range scans), one per lane elsewhere; each
    part reads at most ``limit`` rows however long the queue.
    """
    parts = [
        Ticket.objects.waiting_at(point_id, day)
        .filter(lane=lane, queued_at__lte=now)
        .order_by("queued_at", "id")
        .values(*_QUEUED_FIELDS)[:limit]
        for lane in LANES
    ]
    if window_id is not None:
        held = Ticket.objects.held_for(window_id, day).order_by("queued_at", "id")
        parts.append(held.values(*_QUEUED_FIELDS)[:limit])
    rows: list[dict[str, Any]] = []
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(parts[0].union(*parts[1:], all=True).order_by())
    else:
        for part in parts:
            rows.extend(part)
    top = QueueTop(lanes={lane: [] for lane in LANES})
    for row in sorted(rows, key=lambda r: (r["queued_at"], r["id"])):
        (top.held if row["target_window_id"] else top.lanes[row["lane"]]).append(_queued(row))
    return top


def rank_expression(policy: Policy, now: dt.datetime) -> Case:
    """A ticket's rank in SQL, as ``effective_rank`` computes it (0 when overdue)."""
    whens = []
    for lane in LANES:
        cutoff = policy.overdue_before(lane, now)
        if cutoff is not None:
            whens.append(When(lane=lane, queued_at__lt=cutoff, then=Value(OVERDUE_RANK)))
    whens.extend(When(lane=lane, then=Value(policy.rank(lane))) for lane in LANES)
    return Case(*whens, default=Value(MAX_RANK + 1), output_field=IntegerField())


def get_ticket_position(ticket: Ticket, *, now: dt.datetime | None = None) -> int | None:
    """How far in line: 1 is next; 0 at the window; None once finished (served, …).

    The tickets ahead are those the calling rules would call first as things stand: a better
    rank, or the same rank and queued earlier. A ticket transferred to a window counts only
    the tickets held for that window. One query.
    """
    if ticket.status == TicketStatus.CALLED:
        return 0
    if ticket.status != TicketStatus.WAITING:
        return None
    now = now or timezone.now()
    earlier = Q(queued_at__lt=ticket.queued_at) | Q(queued_at=ticket.queued_at, id__lt=ticket.pk)
    if ticket.target_window_id is not None:
        held = Ticket.objects.held_for(ticket.target_window_id, ticket.day)
        return held.filter(earlier).count() + 1
    policy = policy_of(ticket.service_point)
    rank = effective_rank(policy, ticket.lane, ticket.queued_at, now)
    ahead = (
        Ticket.objects.waiting_at(ticket.service_point_id, ticket.day)
        .annotate(rank=rank_expression(policy, now))
        .filter(Q(rank__lt=rank) | (Q(rank=rank) & earlier))
    )
    return ahead.count() + 1


def get_handling_seconds(point: ServicePoint, policy: Policy) -> float:
    """The median handling time of the point's last served tickets (the default before any)."""
    samples = [
        seconds
        for seconds in Ticket.objects.filter(
            service_point=point, status=TicketStatus.SERVED, handling_seconds__isnull=False
        )
        .order_by("-finished_at")
        .values_list("handling_seconds", flat=True)[: max(policy.estimate_sample, 1)]
        if seconds is not None
    ]
    return median_handling_seconds(samples, default_minutes=policy.default_handling_minutes)


def count_open_windows(point: ServicePoint) -> int:
    return Window.objects.filter(service_point=point, is_open=True).count()


def get_estimated_wait(point: ServicePoint, position: int | None) -> int | None:
    """Minutes until a ticket at ``position`` is called (see services/estimate.py)."""
    if position is None:
        return None
    if position <= 0:
        return 0
    seconds = get_handling_seconds(point, policy_of(point))
    return estimate_wait_minutes(position, seconds, count_open_windows(point))


@dataclass(frozen=True, slots=True)
class TicketView:
    """A ticket with where it stands: what a holder sees on the slip, the app or the screen."""

    ticket: Ticket
    position: int | None
    estimated_wait_minutes: int | None


def describe_ticket(ticket: Ticket, *, now: dt.datetime | None = None) -> TicketView:
    """The ticket with its position and estimated wait (three queries while it waits)."""
    position = get_ticket_position(ticket, now=now)
    return TicketView(ticket, position, get_estimated_wait(ticket.service_point, position))


def get_current_ticket(window: Window) -> Ticket | None:
    """The ticket the window is serving now (called and not yet finished), if any."""
    ticket = window.current_ticket
    if ticket is not None and ticket.status == TicketStatus.CALLED:
        return ticket
    return None


def get_clerk_window(user: User) -> Window | None:
    """The open window the clerk is signed in at (the most recently opened), if any."""
    return (
        Window.objects.select_related("service_point", "current_ticket")
        .filter(clerk=user, is_open=True)
        .order_by("-opened_at", "code")
        .first()
    )


def tickets_of_day(point: ServicePoint, day: dt.date) -> QuerySet[Ticket]:
    return Ticket.objects.filter(service_point=point, day=day)
