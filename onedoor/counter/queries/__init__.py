"""Reads of the service hall, with permission-checked getters (STYLE.md).

``access`` (who may work a window or watch a hall; getters by code or opaque id), ``queue``
(the queue in calling order, positions, estimated waits, current tickets), ``board`` (the live
board), ``reports`` (window performance, a hall's day, the district's figures), ``slots``.
"""

from onedoor.counter.queries.access import (
    access_appointment,
    access_point,
    access_window,
    get_appointment,
    get_service_point,
    get_slot,
    get_ticket,
    get_ticket_by_number,
    may_watch_point,
    may_work_window,
    policy_of,
)
from onedoor.counter.queries.board import Board, count_waiting, get_board
from onedoor.counter.queries.queue import (
    TicketView,
    describe_ticket,
    get_clerk_window,
    get_current_ticket,
    get_estimated_wait,
    get_queue_top,
    get_ticket_position,
)
from onedoor.counter.queries.reports import (
    HallDayReport,
    WindowStats,
    get_hall_day_report,
    get_hall_figures,
    get_window_stats,
)
from onedoor.counter.queries.slots import get_slots

__all__ = [
    "Board",
    "HallDayReport",
    "TicketView",
    "WindowStats",
    "access_appointment",
    "access_point",
    "access_window",
    "count_waiting",
    "describe_ticket",
    "get_appointment",
    "get_board",
    "get_clerk_window",
    "get_current_ticket",
    "get_estimated_wait",
    "get_hall_day_report",
    "get_hall_figures",
    "get_queue_top",
    "get_service_point",
    "get_slot",
    "get_slots",
    "get_ticket",
    "get_ticket_by_number",
    "get_ticket_position",
    "get_window_stats",
    "may_watch_point",
    "may_work_window",
    "policy_of",
]
