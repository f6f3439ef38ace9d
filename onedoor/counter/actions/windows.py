"""What a window does with the queue: call the next ticket, recall, transfer, no-show, close.

Every action locks the window's row first, so one window's buttons never race each other;
windows racing for the queue claim tickets with ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL (each takes the first ticket no other window holds) and a conditional UPDATE
(``WHERE status = 'waiting'``) everywhere, so a ticket is never called twice. SQLite
serialises writers at BEGIN, so there the conditional UPDATE alone suffices.
"""

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.query import RawQuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import User
from onedoor.core.audit import record_event
from onedoor.core.db import columns_of, from_row, repeating_cursor, save_fields
from onedoor.core.errors import NotFound
from onedoor.counter.actions.reminders import send_reminders
from onedoor.counter.choices import TicketCategory, TicketStatus
from onedoor.counter.errors import CounterErrorCode, counter_error
from onedoor.counter.models import Ticket, Window
from onedoor.counter.queries.access import access_window, is_point_clerk, policy_of
from onedoor.counter.queries.queue import (
    QueueTop,
    get_current_ticket,
    get_queue_top,
    rank_expression,
)
from onedoor.counter.services.calling import claim_candidates, due_reminders, in_calling_order
from onedoor.counter.services.policy import MAX_NOTIFY_POSITION, Policy

# A claim that loses its ticket to another window tries again; each try skips locked rows,
# so only a ticket finished between the two statements makes it retry at all.
CLAIM_ATTEMPTS = 20
# How many tickets of each lane a window reads before claiming: more than the windows that
# claim at the same moment (each skips the ones others hold) and than the "N-th in line"
# reminders need. Only when others hold all of them is the whole queue ordered instead.
PEEK = max(MAX_NOTIFY_POSITION, 32)


def call_next(*, actor: Any, window: str) -> Ticket | None:
    """End the window's current ticket (served) and call the next one, or None when none waits.

    Opens the window if it was closed and signs the calling clerk in. The next ticket is the
    first held for this window (transferred to it), else the first of the queue by the
    point's calling rules (see services/calling.py). A ticket is never called twice and none
    is skipped: a window passes over only tickets another window is claiming at that moment.
    """
    now = timezone.now()
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        policy = policy_of(desk.service_point)
        served = _finish(desk, now, TicketStatus.SERVED)
        top = get_queue_top(
            desk.service_point_id,
            timezone.localdate(now),
            now,
            limit=PEEK,
            window_id=desk.pk,
        )
        ticket = _claim_next(desk, policy, top, actor, now)
        _seat(desk, actor, ticket, now)
        _record_call(actor, desk, ticket, served)
        if ticket is not None:
            waiting = [
                t for t in in_calling_order(policy, top.everyone(), now) if t.id != ticket.pk
            ]
            send_reminders(desk.service_point, due_reminders(policy, waiting))
    return ticket


def recall_ticket(*, actor: Any, window: str) -> Ticket:
    """Call the window's current ticket again (重呼); the no-show wait starts over."""
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        ticket = _current(desk)
        ticket.recalls += 1
        ticket.called_at = timezone.now()
        ticket.save(update_fields=["recalls", "called_at", "updated_at"])
        record_event(
            actor=actor,
            action="counter.ticket_recalled",
            obj=ticket,
            payload={"window": desk.code, "number": ticket.number, "recalls": ticket.recalls},
        )
    return ticket


def finish_ticket(*, actor: Any, window: str) -> Ticket:
    """End the window's current ticket as served without calling the next (办结)."""
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        ticket = _current(desk)
        _finish(desk, timezone.now(), TicketStatus.SERVED)
        _set(desk, current_ticket=None)
        record_event(
            actor=actor,
            action="counter.ticket_served",
            obj=ticket,
            payload={"window": desk.code, "number": ticket.number},
        )
    return ticket


def mark_no_show(*, actor: Any, window: str) -> Ticket:
    """The holder of the current ticket did not come (过号), once the hall's wait has passed."""
    now = timezone.now()
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        ticket = _current(desk)
        minutes = policy_of(desk.service_point).no_show_after_minutes
        wait = dt.timedelta(minutes=minutes)
        since = ticket.called_at or now
        if now - since < wait:
            raise counter_error(
                CounterErrorCode.NO_SHOW_TOO_EARLY,
                _("叫号后需等待 %(minutes)s 分钟才可过号。") % {"minutes": minutes},
                wait_seconds=int((wait - (now - since)).total_seconds()) + 1,
            )
        _finish(desk, now, TicketStatus.NO_SHOW)
        _set(desk, current_ticket=None)
        record_event(
            actor=actor,
            action="counter.ticket_no_show",
            obj=ticket,
            payload={"window": desk.code, "number": ticket.number, "recalls": ticket.recalls},
        )
    return ticket


def transfer_ticket(
    *, actor: Any, window: str, to_window: str = "", to_category: str = ""
) -> Ticket:
    """Send the current ticket back to the queue: held for another window of the same point,
    or in another category's queue. It keeps its number and its place (its queueing time)."""
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        ticket = _current(desk)
        target, category = _transfer_target(desk, ticket, to_window, to_category)
        ticket.status = TicketStatus.WAITING
        ticket.window = None
        ticket.target_window = target
        ticket.category = ticket.lane = category
        ticket.transfers += 1
        ticket.save(
            update_fields=[
                *("status", "window", "target_window", "category", "lane", "transfers"),
                "updated_at",
            ]
        )
        _set(desk, current_ticket=None)
        record_event(
            actor=actor,
            action="counter.ticket_transferred",
            obj=ticket,
            payload={
                "window": desk.code,
                "number": ticket.number,
                "to_window": target.code if target else None,
                "to_category": category,
            },
        )
    return ticket


def open_window(*, actor: Any, window: str) -> Window:
    """Open the window and sign the clerk in (a clerk of the point is signed in as its clerk)."""
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        changed = _seat(desk, actor, desk.current_ticket, timezone.now())
        if changed:
            record_event(
                actor=actor,
                action="counter.window_opened",
                obj=desk,
                object_id=desk.code,
                payload={"window": desk.code, "clerk": desk.clerk.username if desk.clerk else None},
            )
    return desk


def close_window(*, actor: Any, window: str) -> Window:
    """Close the window: its current ticket is served, the clerk signs out, and the tickets
    held for it go back to the common queue in their place."""
    now = timezone.now()
    with transaction.atomic():
        desk = access_window(actor, window, for_update=True)
        served = _finish(desk, now, TicketStatus.SERVED)
        released = Ticket.objects.held_for(desk.pk, timezone.localdate(now)).update(
            target_window=None, updated_at=now
        )
        if desk.is_open or served is not None:
            _set(desk, is_open=False, clerk=None, current_ticket=None)
            record_event(
                actor=actor,
                action="counter.window_closed",
                obj=desk,
                object_id=desk.code,
                payload={
                    "window": desk.code,
                    "served": served.number if served else None,
                    "released": released,
                },
            )
    return desk


# ------------------------------------------------------------------ steps


def _current(desk: Window) -> Ticket:
    ticket = get_current_ticket(desk)
    if ticket is None:
        raise counter_error(
            CounterErrorCode.NO_CURRENT_TICKET,
            _("这个窗口当前没有正在办理的号。"),
            window=desk.code,
        )
    return ticket


def _finish(desk: Window, now: dt.datetime, status: str) -> Ticket | None:
    """End the window's current ticket with ``status``; the window's row is updated by the
    caller (it is changing anyway)."""
    ticket = get_current_ticket(desk)
    if ticket is None:
        return None
    ticket.status = status
    ticket.finished_at = now
    started = ticket.called_at or now
    if status == TicketStatus.SERVED:
        ticket.handling_seconds = max(int((now - started).total_seconds()), 0)
    save_fields(ticket, ["status", "finished_at", "handling_seconds", "updated_at"])
    return ticket


def _claim_next(
    desk: Window, policy: Policy, top: QueueTop, actor: Any, now: dt.datetime
) -> Ticket | None:
    """Claim the next ticket: one held for this window, else the first of the queue.

    The first try is among the tickets just read from the head of each lane, in calling order
    (one indexed statement); when other windows took every one of them meanwhile, the whole
    queue is ordered by the calling rules instead.
    """
    day = timezone.localdate(now)
    ranked = rank_expression(policy, now)

    def held() -> QuerySet[Ticket]:
        return Ticket.objects.held_for(desk.pk, day).order_by("queued_at", "id")

    def whole_queue() -> QuerySet[Ticket]:
        rows = Ticket.objects.waiting_at(desk.service_point_id, day).filter(queued_at__lte=now)
        return rows.annotate(rank=ranked).order_by("rank", "queued_at", "id")

    # Each try is built only when the one before found nothing.
    if top.held:
        ticket = _claim_first(held(), desk, actor, now)
        if ticket is not None:
            return ticket
    if not top.everyone():
        return None
    head = [t.id for t in claim_candidates(policy, top.lanes, PEEK, now)]
    ticket = _claim_among(head, desk, actor, now) if head else None
    return ticket or _claim_first(whole_queue(), desk, actor, now)


def _claim_among(ids: list[int], desk: Window, actor: Any, now: dt.datetime) -> Ticket | None:
    """Claim the first ticket of ``ids`` (calling order) that still waits, skipping those
    another window holds right now; None when others hold them all."""
    if not connection.features.has_select_for_update_skip_locked:
        return _claim_first(_first_waiting(ids), desk, actor, now, attempts=1)
    with repeating_cursor() as cursor:
        cursor.execute(_PICK_SQL, [ids, TicketStatus.WAITING, ids])
        row = cursor.fetchone()
    if row is None:
        return None
    (ticket,) = from_row(row, Ticket)
    return _claim_first([ticket], desk, actor, now, attempts=1)


def _first_waiting(ids: list[int]) -> RawQuerySet[Ticket]:
    """The first ticket of ``ids`` still waiting (where writers take turns, no locks needed)."""
    order = " ".join("WHEN %s THEN " + str(n) for n in range(len(ids)))
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT * FROM {Ticket._meta.db_table} WHERE id IN ({marks}) "  # noqa: S608 (fixed names)
        f"AND status = %s ORDER BY CASE id {order} END LIMIT 1"
    )
    return Ticket.objects.raw(sql, [*ids, TicketStatus.WAITING, *ids])


# The tickets of the head of the queue, in calling order, as one prepared statement: the
# first still waiting that no other window holds, locked.
_PICK_SQL = (
    f"SELECT {columns_of(Ticket, 't')} FROM {Ticket._meta.db_table} t "  # noqa: S608
    "WHERE t.id = ANY(%s::bigint[]) AND t.status = %s "
    "ORDER BY array_position(%s::bigint[], t.id) LIMIT 1 FOR UPDATE SKIP LOCKED"
)


def _claim_first(
    rows: Any, desk: Window, actor: Any, now: dt.datetime, *, attempts: int = CLAIM_ATTEMPTS
) -> Ticket | None:
    """Claim the first of ``rows`` (a query, read again on each try, or tickets already read)."""
    if isinstance(rows, QuerySet) and connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    for _attempt in range(attempts):
        ticket: Ticket | None = (
            rows.first() if isinstance(rows, QuerySet) else next(iter(rows), None)
        )
        if ticket is None:
            return None
        waited = max(int((now - ticket.issued_at).total_seconds()), 0)
        ticket.status = TicketStatus.CALLED
        ticket.window = desk
        ticket.target_window = None
        ticket.called_at = now
        ticket.first_called_at = ticket.first_called_at or now
        if ticket.waiting_seconds is None:
            ticket.waiting_seconds = waited
        ticket.clerk = actor if isinstance(actor, User) else None
        ticket.updated_at = now
        if _mark_called(ticket):
            return ticket
    return None


def _mark_called(ticket: Ticket) -> bool:
    """Write the call on the ticket if it still waits (the claim is the lock on PostgreSQL;
    the condition keeps it safe elsewhere)."""
    ops = connection.ops
    with repeating_cursor() as cursor:
        cursor.execute(
            _MARK_CALLED_SQL,
            [
                TicketStatus.CALLED,
                ticket.window_id,
                ops.adapt_datetimefield_value(ticket.called_at),
                ops.adapt_datetimefield_value(ticket.first_called_at),
                ticket.waiting_seconds,
                ticket.clerk_id,
                ops.adapt_datetimefield_value(ticket.updated_at),
                ticket.pk,
                TicketStatus.WAITING,
            ],
        )
        return bool(cursor.rowcount)


_MARK_CALLED_SQL = (
    f"UPDATE {Ticket._meta.db_table} SET status = %s, window_id = %s, "  # noqa: S608 (fixed names)
    "target_window_id = NULL, called_at = %s, first_called_at = %s, waiting_seconds = %s, "
    "clerk_id = %s, updated_at = %s WHERE id = %s AND status = %s"
)


def _seat(desk: Window, actor: Any, ticket: Ticket | None, now: dt.datetime) -> bool:
    """Open the window, sign the clerk in and make ``ticket`` current; False if all was so."""
    values: dict[str, Any] = {"current_ticket": ticket}
    if not desk.is_open:
        values.update(is_open=True, opened_at=now)
    if is_point_clerk(actor, desk.service_point_id) or desk.clerk_id is None:
        values["clerk"] = actor if isinstance(actor, User) else None
    return _set(desk, **values)


def _set(desk: Window, **values: Any) -> bool:
    changed = [name for name, value in values.items() if _differs(desk, name, value)]
    for name in changed:
        setattr(desk, name, values[name])
    if changed:
        save_fields(desk, [*changed, "updated_at"])
    return bool(changed)


def _differs(desk: Window, name: str, value: Any) -> bool:
    """Whether the window's field differs; a relation is compared by its key, never loaded."""
    if name in ("clerk", "current_ticket"):
        return bool(getattr(desk, f"{name}_id") != (value.pk if value is not None else None))
    return bool(getattr(desk, name) != value)


def _record_call(actor: Any, desk: Window, ticket: Ticket | None, served: Ticket | None) -> None:
    if ticket is not None:
        record_event(
            actor=actor,
            action="counter.ticket_called",
            obj=ticket,
            payload={
                "window": desk.code,
                "number": ticket.number,
                "category": ticket.category,
                "served": served.number if served else None,
            },
        )
    elif served is not None:
        record_event(
            actor=actor,
            action="counter.ticket_served",
            obj=served,
            payload={"window": desk.code, "number": served.number},
        )


def _transfer_target(
    desk: Window, ticket: Ticket, to_window: str, to_category: str
) -> tuple[Window | None, str]:
    if bool(to_window) == bool(to_category):
        raise counter_error(
            CounterErrorCode.INVALID_TRANSFER, _("请指定转往的窗口或类别（二者选一）。")
        )
    if to_category:
        if to_category not in TicketCategory.values or to_category == TicketCategory.APPOINTMENT:
            raise counter_error(
                CounterErrorCode.INVALID_CATEGORY,
                _("不能转入这个类别。"),
                category=str(to_category)[:40],
                allowed=[c for c in TicketCategory.values if c != TicketCategory.APPOINTMENT],
            )
        if to_category == ticket.lane:
            raise counter_error(CounterErrorCode.INVALID_TRANSFER, _("这个号已在该类别的队列中。"))
        return None, to_category
    target = Window.objects.filter(
        Q(code=str(to_window)[:40]), Q(service_point_id=desk.service_point_id)
    ).first()
    if target is None:
        raise NotFound(_("本网点没有这个窗口。"), window=str(to_window)[:40])
    if target.pk == desk.pk:
        raise counter_error(CounterErrorCode.INVALID_TRANSFER, _("不能转给本窗口。"))
    return target, ticket.lane
