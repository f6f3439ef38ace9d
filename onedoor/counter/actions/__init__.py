"""Every write to the service hall, named for the business event (STYLE.md).

Each action is one transaction with its audit event. The modules: ``points`` (service points
and windows), ``tickets`` (taking and cancelling tickets), ``windows`` (calling the queue),
``appointments`` (slots, booking, check-in), ``rules`` (calling rules), ``links`` (cases
handled during a visit), ``requeue`` (a no-show back in the queue), ``reminders`` (the "N-th
in line" message).
"""

from onedoor.counter.actions.appointments import (
    book_appointment,
    cancel_appointment,
    check_in_appointment,
    open_appointment_slots,
    open_slots_ahead,
    sweep_missed_appointments,
)
from onedoor.counter.actions.links import link_case_to_current_ticket, link_case_to_ticket
from onedoor.counter.actions.points import upsert_service_point, upsert_window
from onedoor.counter.actions.requeue import requeue_ticket
from onedoor.counter.actions.rules import configure_calling_rules
from onedoor.counter.actions.tickets import cancel_ticket, issue_ticket
from onedoor.counter.actions.windows import (
    call_next,
    close_window,
    finish_ticket,
    mark_no_show,
    open_window,
    recall_ticket,
    transfer_ticket,
)

__all__ = [
    "book_appointment",
    "call_next",
    "cancel_appointment",
    "cancel_ticket",
    "check_in_appointment",
    "close_window",
    "configure_calling_rules",
    "finish_ticket",
    "issue_ticket",
    "link_case_to_current_ticket",
    "link_case_to_ticket",
    "mark_no_show",
    "open_appointment_slots",
    "open_slots_ahead",
    "open_window",
    "recall_ticket",
    "requeue_ticket",
    "sweep_missed_appointments",
    "transfer_ticket",
    "upsert_service_point",
    "upsert_window",
]
