"""Telling a ticket holder their turn is near ("you are N-th in line"), once per ticket.

The message goes through the notification outbox inside the caller's transaction, so it is
sent only if the call that moved the queue commits; its dedupe key (the ticket's id and
``position``) and the ticket's ``notified_at`` make sure a holder is told once.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone

from onedoor.counter.choices import TicketStatus
from onedoor.counter.models import ServicePoint, Ticket
from onedoor.counter.services.calling import Queued

logger = logging.getLogger(__name__)

TEMPLATE = "queue_position"
SENDER = "system:counter"


def enqueue_message() -> Callable[..., Any] | None:
    try:
        from onedoor.notify.actions import enqueue_message
    except ImportError:  # the notification outbox is not installed in this deployment
        return None
    return enqueue_message  # type: ignore[no-any-return]  # typed in its own app


def reminders_enabled() -> bool:
    return enqueue_message() is not None


def send_reminders(point: ServicePoint, due: list[tuple[Queued, int]]) -> int:
    """Queue the position messages of ``due`` (ticket, position); return how many were queued.

    A ticket another transaction holds (being called right now) is skipped, never waited
    for: it is at the window or will be told on the next move of the queue.
    """
    enqueue = enqueue_message()
    if enqueue is None or not due:
        return 0
    positions = {queued.id: position for queued, position in due}
    rows = Ticket.objects.filter(
        pk__in=sorted(positions), status=TicketStatus.WAITING, notified_at__isnull=True
    ).select_related("person")
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    tickets = list(rows.order_by("pk"))
    for ticket in tickets:
        remind(enqueue, ticket, positions[ticket.pk], point)
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(notified_at=timezone.now())
    return len(tickets)


def remind(enqueue: Callable[..., Any], ticket: Ticket, position: int, point: ServicePoint) -> None:
    address = ticket.phone
    enqueue(
        actor=SENDER,
        recipient=ticket.person,
        address=address,
        channel="sms" if address else None,
        template=TEMPLATE,
        context={"ticket_number": ticket.number, "position": position, "window": point.name},
        dedupe_key=f"ticket:{ticket.public_id}:position",
        ticket_number=ticket.number,
    )
    logger.info("queue reminder queued", extra={"ticket": str(ticket.public_id)})
