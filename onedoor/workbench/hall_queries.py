"""What the service hall's screens read: the display board on the hall's TV, the hall manager's
board, the clerk's calling bar and the hall's report, composed from the counter's queries.

Nothing here writes; the counter's actions change the queue and ``onedoor.core.actions`` raises
the alerts (see ``tasks.py``).
"""

import datetime as dt
import re
import statistics
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Min, Q
from django.db.models.functions import ExtractHour
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.core.errors import PermissionDenied
from onedoor.core.models import SystemAlert
from onedoor.counter.choices import TicketCategory, TicketStatus
from onedoor.counter.models import ServicePoint, Ticket, Window
from onedoor.counter.queries import (
    Board,
    HallDayReport,
    get_board,
    get_clerk_window,
    get_current_ticket,
    get_hall_day_report,
    get_service_point,
    policy_of,
)
from onedoor.counter.queries.board import BoardClerk, BoardQueue, BoardWindow, minutes
from onedoor.counter.queries.queue import get_handling_seconds
from onedoor.counter.queries.reports import PerformanceRow
from onedoor.counter.services.estimate import estimate_wait_minutes
from onedoor.counter.services.policy import Policy

# A category without a waiting limit of its own in the calling rules alerts past this wait; the
# reform's target is an average wait of 5 to 10 minutes, so half an hour is a hall in trouble.
WAIT_ALERT_MINUTES = 30
TARGET_WAIT_MINUTES = 10  # the reform's target: an average wait of 5 to 10 minutes
LONG_SERVICE_MINUTES = 30  # a ticket this long at a window is shown to the manager
HALL_WAIT_ALERT = "hall_wait"  # the kind of the SystemAlert raised when a wait passes its limit
DISPLAY_RECENT_CALLS = 8
# Star windows (星级窗口) of a day: rated 4 stars or more by the counter's rule (volume and speed
# against the hall, and ratings: services/stars.py) with no more than this share of its calls
# not showing up.
STAR_MIN_STARS = 4
STAR_MAX_NO_SHOW_SHARE = 0.10

_WINDOW_NUMBER = re.compile(r"^\s*(\d+)\s*号")


def window_number(name: str) -> str | None:
    """The number a window is called by ("3号综合窗口" → "3"), if its name starts with one."""
    found = _WINDOW_NUMBER.match(name)
    return found.group(1) if found else None


def hall_wait_alert_key(point_code: str, category: str) -> str:
    return f"hall-wait:{point_code}:{category}"


# ------------------------------------------------------------------ the display board


@dataclass(frozen=True, slots=True)
class DisplayCall:
    number: str
    category: str
    window: str
    window_name: str
    window_number: str | None
    called_at: dt.datetime
    recalls: int


@dataclass(frozen=True, slots=True)
class DisplayQueue:
    category: str
    label: str
    waiting: int
    estimated_wait_minutes: int


@dataclass(frozen=True, slots=True)
class DisplayBoard:
    """What the hall's screen shows: ticket numbers, windows and counts, nobody's data."""

    service_point: ServicePoint
    calls: list[DisplayCall]
    queues: list[DisplayQueue]
    waiting_total: int
    windows_open: int


def get_display_board(point: ServicePoint, *, recent: int = DISPLAY_RECENT_CALLS) -> DisplayBoard:
    """Today's last calls (newest first) and who waits per category: four queries, whatever
    the number of windows or tickets (each reads an index range of today's tickets)."""
    today = timezone.localdate()
    tickets = Ticket.objects.filter(service_point=point, day=today)
    calls = [
        DisplayCall(
            number=row["number"],
            category=row["category"],
            window=row["window__code"],
            window_name=row["window__name"],
            window_number=window_number(row["window__name"]),
            called_at=row["called_at"],  # type: ignore[arg-type]  # filtered: never null
            recalls=row["recalls"],
        )
        for row in tickets.filter(called_at__isnull=False, window__isnull=False)
        .order_by("-called_at", "-id")
        .values("number", "category", "called_at", "recalls", "window__code", "window__name")[
            :recent
        ]
    ]
    waiting = dict(
        tickets.filter(status=TicketStatus.WAITING)
        .values("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    windows_open = Window.objects.filter(service_point=point, is_open=True).count()
    handling = get_handling_seconds(point, policy_of(point))
    queues = [
        DisplayQueue(
            category=category.value,
            label=str(category.label),
            waiting=waiting.get(category.value, 0),
            estimated_wait_minutes=estimate_wait_minutes(
                waiting.get(category.value, 0) + 1, handling, windows_open
            ),
        )
        for category in TicketCategory
    ]
    return DisplayBoard(
        service_point=point,
        calls=calls,
        queues=queues,
        waiting_total=sum(q.waiting for q in queues),
        windows_open=windows_open,
    )


# ------------------------------------------------------------------ the hall manager's screens


def may_manage_hall(user: object, point: ServicePoint) -> bool:
    """A hall manager of the point, a supervisor or an administrator."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser or user.has_role(Role.SUPERVISOR):
        return True
    return any(
        g.role == Role.HALL_MANAGER and g.service_point_id == point.pk for g in user.role_grants()
    )


def access_hall(user: User, code: str) -> ServicePoint:
    """The service point ``code`` for its hall managers, supervisors and administrators (the
    manager's board and the hall's report); 404 when unknown, 403 for anyone else."""
    point = get_service_point(code)
    if not may_manage_hall(user, point):
        raise PermissionDenied(_("只有本网点的大厅管理员、监察人员或管理员可以查看。"))
    return point


def managed_points(user: User) -> list[ServicePoint]:
    """The service points whose board the user may open, in code order."""
    points = list(ServicePoint.objects.select_related("calling_rules").order_by("code"))
    return [p for p in points if may_manage_hall(user, p)]


def wait_thresholds(policy: Policy) -> dict[str, int]:
    """Category → the wait in minutes past which the hall is alerted: the category's waiting
    limit in the calling rules, or ``WAIT_ALERT_MINUTES`` where it has none."""
    thresholds = {}
    for category in TicketCategory:
        limit = policy.max_wait(category.value)
        thresholds[category.value] = (
            int(limit.total_seconds() // 60) if limit is not None else WAIT_ALERT_MINUTES
        )
    return thresholds


@dataclass(frozen=True, slots=True)
class WaitAlert:
    category: str
    label: str
    longest_wait_minutes: float
    threshold_minutes: int
    raised: bool = False  # an open SystemAlert says so to the administrators


def wait_alerts(
    queues: Iterable[BoardQueue], thresholds: dict[str, int], raised: Collection[str] = ()
) -> list[WaitAlert]:
    """The categories whose longest wait has passed their threshold."""
    return [
        WaitAlert(
            category=q.category,
            label=q.label,
            longest_wait_minutes=q.longest_wait_minutes,
            threshold_minutes=thresholds[q.category],
            raised=q.category in raised,
        )
        for q in queues
        if q.longest_wait_minutes is not None and q.longest_wait_minutes > thresholds[q.category]
    ]


@dataclass(frozen=True, slots=True)
class WindowRow:
    window: BoardWindow
    serving_minutes: float | None  # how long the current ticket has been at the window
    long: bool  # longer than LONG_SERVICE_MINUTES: the manager may want to look


@dataclass(frozen=True, slots=True)
class ClerkRow:
    clerk: BoardClerk
    window_name: str | None


@dataclass(frozen=True, slots=True)
class HallBoard:
    """The manager's board: the counter's board, the thresholds and what passed them."""

    board: Board
    thresholds: dict[str, int]
    alerts: list[WaitAlert]
    idle: bool  # tickets wait and no window is open
    windows: list[WindowRow]
    clerks: list[ClerkRow]
    served_today: int


def get_hall_board(point: ServicePoint) -> HallBoard:
    """The hall as it stands now, with its alerts (the counter's board and one more query)."""
    board = get_board(point)
    thresholds = wait_thresholds(policy_of(point))
    prefix = hall_wait_alert_key(point.code, "")
    raised = {
        key.removeprefix(prefix)
        for key in SystemAlert.objects.filter(
            kind=HALL_WAIT_ALERT, key__startswith=prefix, resolved_at__isnull=True
        ).values_list("key", flat=True)
    }
    names = {w.code: w.name for w in board.windows}
    return HallBoard(
        board=board,
        thresholds=thresholds,
        alerts=wait_alerts(board.queues, thresholds, raised),
        idle=board.waiting_total > 0 and board.windows_open == 0,
        windows=[_window_row(w, board.at) for w in board.windows],
        clerks=[ClerkRow(c, names.get(c.window or "")) for c in board.clerks],
        served_today=sum(w.served_today for w in board.windows),
    )


def _window_row(window: BoardWindow, now: dt.datetime) -> WindowRow:
    since = window.current_since
    serving = minutes((now - since).total_seconds()) if since is not None else None
    return WindowRow(window, serving, serving is not None and serving > LONG_SERVICE_MINUTES)


def get_longest_waits(day: dt.date, now: dt.datetime) -> dict[tuple[str, str], float]:
    """(service point code, category) → minutes its oldest waiting ticket has waited: one
    query across the district (what the wait watch compares with the thresholds)."""
    rows = (
        Ticket.objects.filter(day=day, status=TicketStatus.WAITING)
        .values("service_point__code", "category")
        .annotate(oldest=Min("issued_at"))
    )
    return {
        (row["service_point__code"], row["category"]): (now - row["oldest"]).total_seconds() / 60
        for row in rows
    }


def get_wait_breaches(now: dt.datetime) -> dict[str, str]:
    """Alert key → message for every service point and category whose longest wait now passes
    its threshold (what the wait watch raises; three queries across the district)."""
    waits = get_longest_waits(timezone.localdate(now), now)
    points = {p.code: p for p in ServicePoint.objects.select_related("calling_rules")}
    labels = dict(TicketCategory.choices)
    breaches = {}
    for (code, category), waited in sorted(waits.items()):
        threshold = wait_thresholds(policy_of(points[code]))[category]
        if waited > threshold:
            breaches[hall_wait_alert_key(code, category)] = _(
                "%(point)s %(category)s：最长已等 %(waited)s 分钟，超过 %(limit)s 分钟的预警线。"
            ) % {
                "point": points[code].name,
                "category": labels[category],
                "waited": int(waited),
                "limit": threshold,
            }
    return breaches


@dataclass(frozen=True, slots=True)
class PointToday:
    point: ServicePoint
    waiting: int
    windows_open: int
    windows: int
    may_open: bool


def get_district_today(user: User) -> list[PointToday]:
    """Every service point's waiting tickets and open windows now: three queries."""
    today = timezone.localdate()
    waiting = dict(
        Ticket.objects.filter(day=today, status=TicketStatus.WAITING)
        .values("service_point_id")
        .annotate(n=Count("id"))
        .values_list("service_point_id", "n")
    )
    windows: dict[int, Mapping[str, Any]] = {
        row["service_point_id"]: row
        for row in Window.objects.values("service_point_id").annotate(
            n=Count("id"), open=Count("id", filter=Q(is_open=True))
        )
    }
    return [
        PointToday(
            point=point,
            waiting=waiting.get(point.pk, 0),
            windows_open=windows.get(point.pk, {}).get("open", 0),
            windows=windows.get(point.pk, {}).get("n", 0),
            may_open=may_manage_hall(user, point),
        )
        for point in ServicePoint.objects.select_related("calling_rules").order_by("code")
    ]


# ------------------------------------------------------------------ the hall's report


def is_star_window(row: PerformanceRow) -> bool:
    """A star window (星级窗口) of the period: see STAR_MIN_STARS and STAR_MAX_NO_SHOW_SHARE."""
    called = row.figures.served + row.figures.no_shows
    if row.stars is None or not called:
        return False
    return row.stars >= STAR_MIN_STARS and row.figures.no_shows <= STAR_MAX_NO_SHOW_SHARE * called


@dataclass(frozen=True, slots=True)
class HourWait:
    hour: int
    issued: int
    average_wait_minutes: float | None


@dataclass(frozen=True, slots=True)
class HallReport:
    """A hall's day: the counter's report, the wait by hour of arrival and the star windows."""

    report: HallDayReport
    waits_by_hour: list[HourWait]
    star_windows: list[str]
    median_handling_minutes: float | None


def get_wait_by_hour(point: ServicePoint, day: dt.date) -> list[HourWait]:
    """Per hour of arrival: tickets taken and their average wait until called. One query."""
    rows = (
        Ticket.objects.filter(service_point=point, day=day)
        .annotate(hour=ExtractHour("issued_at", tzinfo=timezone.get_current_timezone()))
        .values("hour")
        .annotate(n=Count("id"), wait=Avg("waiting_seconds"))
        .order_by("hour")
    )
    return [HourWait(row["hour"], row["n"], minutes(row["wait"])) for row in rows]


def get_hall_report(point: ServicePoint, day: dt.date) -> HallReport:
    """Everything the hall's day report shows (twelve queries, whatever the day's size)."""
    report = get_hall_day_report(point, day)
    handling = [
        row.figures.average_handling_minutes
        for row in report.windows
        if row.figures.average_handling_minutes is not None
    ]
    return HallReport(
        report=report,
        waits_by_hour=get_wait_by_hour(point, day),
        star_windows=[row.code for row in report.windows if is_star_window(row)],
        median_handling_minutes=round(statistics.median(handling), 1) if handling else None,
    )


@dataclass(frozen=True, slots=True)
class PointPeriod:
    """One service point over a period: the reform's figures (average wait, volume per window)."""

    code: str
    name: str
    issued: int
    served: int
    average_wait_minutes: float | None
    window_days: int
    served_per_window_day: float


def get_district_period(date_from: dt.date, date_to: dt.date) -> list[PointPeriod]:
    """Every service point's figures from ``date_from`` to ``date_to``; the average wait is over
    every called ticket, the volume per window that served on each day. Three queries."""
    tickets = Ticket.objects.filter(day__range=(date_from, date_to))
    totals = {
        row["service_point_id"]: row
        for row in tickets.values("service_point_id").annotate(
            issued=Count("id"),
            served=Count("id", filter=Q(status=TicketStatus.SERVED)),
            wait=Avg("waiting_seconds"),
        )
    }
    window_days: dict[int, int] = {}
    for point_id, _window, _day in (
        tickets.filter(status=TicketStatus.SERVED)
        .values_list("service_point_id", "window_id", "day")
        .distinct()
        .order_by()
    ):
        window_days[point_id] = window_days.get(point_id, 0) + 1
    result = []
    for point in ServicePoint.objects.order_by("code"):
        row: Mapping[str, Any] = totals.get(point.pk, {})
        days = window_days.get(point.pk, 0)
        served = row.get("served", 0)
        result.append(
            PointPeriod(
                code=point.code,
                name=point.name,
                issued=row.get("issued", 0),
                served=served,
                average_wait_minutes=minutes(row.get("wait")),
                window_days=days,
                served_per_window_day=round(served / days, 1) if days else 0.0,
            )
        )
    return result


# ------------------------------------------------------------------ the clerk's calling bar


@dataclass(frozen=True, slots=True)
class CallingDesk:
    """The clerk's window and its current ticket, the queue's length, and the windows to sit
    at or transfer to."""

    service_point: ServicePoint
    window: Window | None
    ticket: Ticket | None
    waiting: int
    held: int
    free_windows: list[Window]
    other_windows: list[Window]

    @property
    def id_number(self) -> str:
        return self.ticket.id_number if self.ticket is not None else ""

    @property
    def transfer_categories(self) -> list[tuple[str, str]]:
        """The queues the current ticket may be sent to (not its own, not appointments)."""
        lane = self.ticket.lane if self.ticket is not None else ""
        return [
            (c.value, str(c.label))
            for c in TicketCategory
            if c != TicketCategory.APPOINTMENT and c.value != lane
        ]


def get_calling_desk(user: User, point: ServicePoint | None) -> CallingDesk | None:
    """What the calling bar shows to a clerk of ``point``; None for one of no service point.

    The clerk's window is the open window they are signed in at, else the window of their
    service point they were last given. Three queries.
    """
    window = get_clerk_window(user)
    if window is not None:
        point = window.service_point
    if point is None:
        return None
    windows = list(
        Window.objects.filter(service_point=point)
        .select_related("clerk", "current_ticket")
        .order_by("code")
    )
    if window is None:
        window = next((w for w in windows if w.clerk_id == user.pk), None)
    waiting = Ticket.objects.filter(
        service_point=point, day=timezone.localdate(), status=TicketStatus.WAITING
    )
    mine = Q(target_window_id=window.pk if window is not None else -1)  # -1: no window
    tally = waiting.aggregate(
        waiting=Count("id", filter=Q(target_window__isnull=True)),
        held=Count("id", filter=mine),
    )
    return CallingDesk(
        service_point=point,
        window=window,
        ticket=get_current_ticket(window) if window is not None else None,
        waiting=tally["waiting"] or 0,
        held=tally["held"] or 0,
        free_windows=[w for w in windows if not w.is_open or w.clerk_id in (None, user.pk)],
        other_windows=[w for w in windows if window is None or w.pk != window.pk],
    )
