"""Putting a no-show ticket (过号) back in the queue when its holder turns up later the same day."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.core.audit import record_event
from onedoor.core.errors import PermissionDenied
from onedoor.counter.choices import TicketStatus
from onedoor.counter.errors import CounterErrorCode, counter_error
from onedoor.counter.models import Ticket
from onedoor.counter.queries.access import get_ticket, policy_of


def may_requeue(actor: Any, ticket: Ticket) -> bool:
    """A clerk or hall manager of the ticket's service point, or an administrator."""
    if not isinstance(actor, User) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return any(
        g.role in (Role.CLERK, Role.HALL_MANAGER) and g.service_point_id == ticket.service_point_id
        for g in actor.role_grants()
    )


def requeue_ticket(*, actor: Any, ticket: str) -> Ticket:
    """Put today's no-show ticket back in the queue, at the back of its lane (queued now).

    It keeps its number, category and lane, and its first wait (issue to first call) for the
    figures; it is no longer the no-show of the window that marked it. At most the point's
    ``no_show_requeues`` times a ticket (``requeue_limit_reached``); a ticket that is not a
    no-show (a second press included) is ``ticket_not_no_show``, another day's
    ``ticket_not_today``; each refusal changes nothing.
    """
    found = get_ticket(ticket)
    if not may_requeue(actor, found):
        raise PermissionDenied(_("只有本网点的窗口人员或大厅管理员可以让过号的号重新排队。"))
    now = timezone.now()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=found.pk)
        _check_requeue(locked, policy_of(found.service_point).no_show_requeues, now)
        window = found.window.code if found.window else None
        locked.status = TicketStatus.WAITING
        locked.queued_at = now
        locked.requeues += 1
        locked.recalls = 0
        locked.window = locked.clerk = locked.target_window = None
        locked.called_at = locked.finished_at = locked.notified_at = None
        locked.save(
            update_fields=[
                *("status", "queued_at", "requeues", "recalls", "window", "clerk"),
                *("target_window", "called_at", "finished_at", "notified_at", "updated_at"),
            ]
        )
        record_event(
            actor=actor,
            action="counter.ticket_requeued",
            obj=locked,
            payload={
                "service_point": found.service_point.code,
                "number": locked.number,
                "lane": locked.lane,
                "window": window,
                "requeues": locked.requeues,
            },
        )
    locked.service_point = found.service_point
    return locked


def _check_requeue(ticket: Ticket, limit: int, now: dt.datetime) -> None:
    if ticket.status != TicketStatus.NO_SHOW:
        raise counter_error(
            CounterErrorCode.TICKET_NOT_NO_SHOW,
            _("只有过号的号才能重新排队。"),
            number=ticket.number,
            status=ticket.status,
        )
    if ticket.day != timezone.localdate(now):
        raise counter_error(
            CounterErrorCode.TICKET_NOT_TODAY,
            _("只有当天过号的号才能重新排队。"),
            number=ticket.number,
            day=ticket.day.isoformat(),
        )
    if ticket.requeues >= limit:
        message = (
            _("这个号已重新排队 %(count)s 次，不能再排。") % {"count": ticket.requeues}
            if limit
            else _("本网点不办理过号重新排队。")
        )
        raise counter_error(
            CounterErrorCode.REQUEUE_LIMIT_REACHED, message, number=ticket.number, limit=limit
        )
