"""Linking the cases handled at a window to the ticket of that visit."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from onedoor.accounts.models import User
from onedoor.core.audit import record_event
from onedoor.core.errors import NotFound
from onedoor.counter.choices import TicketStatus
from onedoor.counter.errors import CounterErrorCode, counter_error
from onedoor.counter.models import Ticket, TicketCase
from onedoor.counter.queries.access import get_ticket
from onedoor.counter.queries.queue import get_clerk_window, get_current_ticket


def link_case_to_ticket(*, actor: Any, ticket: Ticket | str, case_number: str) -> TicketCase:
    """Record that a case was handled during a ticket's visit; linking twice is no error.

    The ticket must have reached a window (called or served).
    """
    from onedoor.cases.models import Case

    found = ticket if isinstance(ticket, Ticket) else get_ticket(ticket)
    if found.status not in (TicketStatus.CALLED, TicketStatus.SERVED):
        raise counter_error(
            CounterErrorCode.TICKET_NOT_WAITING,
            _("只有叫到窗口的号才能关联办件。"),
            status=found.status,
        )
    case = Case.objects.filter(number=str(case_number)[:24]).first()
    if case is None:
        raise NotFound(_("没有这个办件。"), case=str(case_number)[:24])
    with transaction.atomic():
        link, created = TicketCase.objects.get_or_create(
            ticket=found, case=case, defaults={"linked_by": getattr(actor, "audit_label", "")}
        )
        if created:
            record_event(
                actor=actor,
                action="counter.ticket_case_linked",
                obj=found,
                payload={"number": found.number, "case": case.number},
            )
    return link


def link_case_to_current_ticket(*, actor: User, case_number: str) -> TicketCase | None:
    """Link a case the clerk just accepted to the ticket at their window, if one is there."""
    window = get_clerk_window(actor)
    ticket = get_current_ticket(window) if window is not None else None
    if ticket is None:
        return None
    return link_case_to_ticket(actor=actor, ticket=ticket, case_number=case_number)
