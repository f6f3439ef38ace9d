"""Reads of the queue: its head in calling order, a ticket's position and estimated wait."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from onedoor.accounts.models import User
from onedoor.core.db import repeating_cursor
from onedoor.counter.choices import TicketStatus
from onedoor.counter.models import ServicePoint, Ticket, Window
from onedoor.counter.queries.access import policy_of
from onedoor.counter.services.calling import Queued, effective_rank
from onedoor.counter.services.estimate import estimate_wait_minutes, median_handling_seconds
from onedoor.counter.services.policy import LANES, MAX_RANK, OVERDUE_RANK, Policy

# The columns the calling order reads of a waiting ticket (``_queued`` takes them in order).
_QUEUED_COLUMNS = (
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


def get_queue_top(
    point_id: int, day: dt.date, now: dt.datetime, *, limit: int, window_id: int | None = None
) -> QueueTop:
    """The first ``limit`` callable tickets of every lane, and those held for ``window_id``.

    One statement on every database (a UNION ALL of index range scans, see ``ticket_queue``
    and ``ticket_held_for_window``); each part reads at most ``limit`` rows however long the
    queue. It is written once as SQL: it runs on every press of "next", where building it
    through the ORM cost more than running it.
    """
    ops = connection.ops
    day_value = ops.adapt_datefield_value(day)
    params: list[Any] = []
    for lane in LANES:
        params += [point_id, day_value, lane, ops.adapt_datetimefield_value(now), limit]
    sql = _QUEUE_TOP_SQL
    if window_id is not None:
        sql += _HELD_SQL
        params += [window_id, day_value, limit]
    with repeating_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    top = QueueTop(lanes={lane: [] for lane in LANES})
    queued = sorted((_queued(row) for row in rows), key=lambda q: (q[0].queued_at, q[0].id))
    for ticket, held in queued:
        (top.held if held else top.lanes[ticket.lane]).append(ticket)
    return top


def _queued(row: tuple[Any, ...]) -> tuple[Queued, bool]:
    id_, lane, queued_at, notify_position, notified_at, person_id, phone, target = row
    return (
        Queued(
            id=id_,
            lane=lane,
            queued_at=_aware(queued_at),
            notify_position=notify_position,
            notified=notified_at is not None,
            contactable=bool(person_id or phone),
        ),
        target is not None,
    )


def _aware(value: Any) -> dt.datetime:
    """A timestamp as read by hand: SQLite gives the stored text (UTC), PostgreSQL a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    assert isinstance(value, dt.datetime)
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)


def _queue_top_sql() -> tuple[str, str]:
    table = Ticket._meta.db_table
    columns = ", ".join(_QUEUED_COLUMNS)
    waiting = TicketStatus.WAITING.value
    # Only names from the model and fixed words are put in the text; values are parameters.
    lane_part = (
        f"SELECT * FROM (SELECT {columns} FROM {table} "  # noqa: S608
        f"WHERE service_point_id = %s AND day = %s AND status = '{waiting}' "
        "AND target_window_id IS NULL AND lane = %s AND queued_at <= %s "
        "ORDER BY queued_at, id LIMIT %s) AS lane_{n}"
    )
    held_part = (
        f" UNION ALL SELECT * FROM (SELECT {columns} FROM {table} "  # noqa: S608
        f"WHERE target_window_id = %s AND day = %s AND status = '{waiting}' "
        "ORDER BY queued_at, id LIMIT %s) AS held"
    )
    lanes = " UNION ALL ".join(lane_part.replace("{n}", str(n)) for n in range(len(LANES)))
    return lanes, held_part


_QUEUE_TOP_SQL, _HELD_SQL = _queue_top_sql()


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
