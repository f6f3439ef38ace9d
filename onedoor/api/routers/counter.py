"""Service points: their windows, appointment slots, the live board, the day's report and the
window performance figures."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onedoor.accounts.models import Role, User
from onedoor.api.auth import optional_principal, require_staff
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.counter.models import ServicePoint, Window
from onedoor.counter.queries import (
    access_point,
    get_board,
    get_hall_day_report,
    get_hall_figures,
    get_service_point,
    get_slots,
    get_window_stats,
    may_watch_point,
)
from onedoor.counter.queries.reports import Figures, PerformanceRow

router = Router(tags=["service points"])

MAX_REPORT_DAYS = 366


class WindowOut(Schema):
    code: str
    name: str
    general: bool
    open: bool
    clerk: str | None


class WindowList(Schema):
    count: int
    items: list[WindowOut]


@router.get(
    "/{code}/windows",
    response=WindowList,
    auth=None,
    summary="The windows of a service point, open or closed, with the clerk on duty",
)
def windows(request: HttpRequest, code: str) -> dict[str, Any]:
    point = ServicePoint.objects.filter(code=code[:40]).first()
    if point is None:
        raise NotFound(_("没有这个服务网点。"), service_point=code[:40])
    rows = Window.objects.filter(service_point=point).select_related("clerk").order_by("code")
    items = [
        {
            "code": w.code,
            "name": w.name,
            "general": w.general,
            "open": w.is_open,
            "clerk": (w.clerk.full_name or w.clerk.username) if w.clerk else None,
        }
        for w in rows
    ]
    return {"count": len(items), "items": items}


# ------------------------------------------------------------------ appointment slots


class SlotOut(Schema):
    id: str = Field(description="book it with POST appointments")
    date: dt.date
    start: str = Field(description="HH:MM")
    end: str = Field(description="HH:MM")
    category: str
    capacity: int
    available: int


class SlotList(Schema):
    count: int
    items: list[SlotOut]


class SlotQuery(Schema):
    date: dt.date | None = Field(None, description="YYYY-MM-DD; today by default")
    category: str | None = Field(None, max_length=40, description="general, enterprise, priority")


@router.get(
    "/{code}/slots",
    response=SlotList,
    auth=None,
    summary="A service point's appointment slots of a day, with the places left",
)
def slots(request: HttpRequest, code: str, query: Query[SlotQuery]) -> dict[str, Any]:
    point = get_service_point(code)
    found = get_slots(point, query.date or timezone.localdate(), query.category or None)
    items = [
        {
            "id": str(s.public_id),
            "date": s.day,
            "start": s.starts_at.strftime("%H:%M"),
            "end": s.ends_at.strftime("%H:%M"),
            "category": s.category,
            "capacity": s.capacity,
            "available": s.available,
        }
        for s in found
    ]
    return {"count": len(items), "items": items}


# ------------------------------------------------------------------ the live board


class CallOut(Schema):
    number: str
    category: str
    window: str
    window_name: str
    called_at: dt.datetime
    recalls: int


class QueueOut(Schema):
    category: str
    label: str
    waiting: int
    longest_wait_minutes: float | None
    estimated_wait_minutes: int = Field(description="for a ticket taken now in this category")


class BoardWindowOut(Schema):
    code: str
    name: str
    open: bool
    clerk: str | None
    current: str | None = Field(description="the number at the window")
    current_category: str | None
    served_today: int
    average_handling_minutes: float | None


class ClerkOut(Schema):
    username: str
    name: str
    window: str | None
    served_today: int
    average_handling_minutes: float | None
    average_wait_minutes: float | None


class BoardOut(Schema):
    service_point: str
    name: str
    at: dt.datetime
    recent_calls: list[CallOut]
    queues: list[QueueOut]
    waiting: int
    longest_wait_minutes: float | None
    windows_open: int
    windows: list[BoardWindowOut]
    clerks: list[ClerkOut] = Field(description="the clerks' load: staff of the point only")


@router.get(
    "/{code}/board",
    response=BoardOut,
    auth=None,
    summary="The live board: recent calls, queues, windows (and the clerks' load for staff)",
)
def board(request: HttpRequest, code: str) -> dict[str, Any]:
    point = get_service_point(code)
    principal = optional_principal(request)
    staff = principal is not None and may_watch_point(principal.user, point)
    live = get_board(point)
    return {
        "service_point": point.code,
        "name": point.name,
        "at": live.at,
        "recent_calls": [_as_dict(c) for c in live.recent_calls],
        "queues": [_as_dict(q) for q in live.queues],
        "waiting": live.waiting_total,
        "longest_wait_minutes": live.longest_wait_minutes,
        "windows_open": live.windows_open,
        "windows": [
            {
                "code": w.code,
                "name": w.name,
                "open": w.open,
                "clerk": w.clerk,
                "current": w.current_number,
                "current_category": w.current_category,
                "served_today": w.served_today,
                "average_handling_minutes": w.average_handling_minutes,
            }
            for w in live.windows
        ],
        "clerks": [_as_dict(c) for c in live.clerks] if staff else [],
    }


def _as_dict(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__slots__}


# ------------------------------------------------------------------ reports


class FiguresOut(Schema):
    issued: int
    served: int
    no_shows: int
    cancelled: int
    waiting: int
    average_wait_minutes: float | None
    longest_wait_minutes: float | None
    average_handling_minutes: float | None


class PerformanceOut(Schema):
    code: str = Field(description="the window's code or the clerk's username")
    name: str
    days: int = Field(description="days with a served ticket")
    figures: FiguresOut
    served_per_day: float
    stars: int | None = Field(
        description="1–5 from volume, handling speed and ratings (star windows); null without "
        "a served ticket"
    )
    ratings: int = Field(
        description="ratings (好差评) of the cases linked to these tickets, each counted once"
    )
    average_grade: float | None = Field(description="their average grade, 1–5; null without one")
    bad_ratings: int = Field(description="of them, bad ratings (grade 1 or 2)")


class CategoryOut(Schema):
    category: str
    label: str
    figures: FiguresOut


class HourOut(Schema):
    hour: int
    issued: int
    called: int


class AppointmentFiguresOut(Schema):
    booked: int
    checked_in: int
    on_time: int
    late: int
    cancelled: int
    missed: int


class ReportOut(Schema):
    service_point: str
    date: dt.date
    totals: FiguresOut
    categories: list[CategoryOut]
    hours: list[HourOut]
    windows: list[PerformanceOut]
    clerks: list[PerformanceOut]
    windows_on_duty: int
    served_per_window: float
    appointments: AppointmentFiguresOut


class ReportQuery(Schema):
    date: dt.date | None = Field(None, description="YYYY-MM-DD; today by default")


def _figures(figures: Figures) -> dict[str, Any]:
    return _as_dict(figures)


def _performance(row: PerformanceRow) -> dict[str, Any]:
    return {**_as_dict(row), "figures": _figures(row.figures)}


@router.get(
    "/{code}/report",
    response=ReportOut,
    summary="A hall's day: totals, categories, hours, windows, clerks and appointments",
    description="Staff of the service point, supervisors and administrators. Waits run from "
    "taking the ticket to its first call; handling from the call to its end.",
)
def report(request: HttpRequest, code: str, query: Query[ReportQuery]) -> dict[str, Any]:
    point = access_point(require_staff(request), code)
    day = get_hall_day_report(point, query.date or timezone.localdate())
    return {
        "service_point": point.code,
        "date": day.day,
        "totals": _figures(day.totals),
        "categories": [
            {"category": c.category, "label": c.label, "figures": _figures(c.figures)}
            for c in day.categories
        ],
        "hours": [_as_dict(h) for h in day.hours],
        "windows": [_performance(r) for r in day.windows],
        "clerks": [_performance(r) for r in day.clerks],
        "windows_on_duty": day.windows_on_duty,
        "served_per_window": day.served_per_window,
        "appointments": _as_dict(day.appointments),
    }


class PeriodQuery(Schema):
    date_from: dt.date | None = Field(None, alias="from", description="YYYY-MM-DD; today")
    date_to: dt.date | None = Field(None, alias="to", description="YYYY-MM-DD; = from")


def _period(query: PeriodQuery) -> tuple[dt.date, dt.date]:
    start = query.date_from or timezone.localdate()
    end = query.date_to or start
    if end < start or (end - start).days >= MAX_REPORT_DAYS:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("日期范围不正确（最多一年）。"),
            details={"fields": {"to": _("不早于开始日期，且不超过一年")}},
        )
    return start, end


class WindowStatsOut(Schema):
    service_point: str
    date_from: dt.date = Field(alias="from")
    date_to: dt.date = Field(alias="to")
    served_per_window_day: float
    average_handling_minutes: float | None
    windows: list[PerformanceOut]
    clerks: list[PerformanceOut]


@router.get(
    "/{code}/window-stats",
    response=WindowStatsOut,
    by_alias=True,
    summary="Window and clerk performance over days, with ratings and star windows",
    description="Staff of the service point, supervisors and administrators. Stars: 1 + "
    "(volume ≥ 0.8) + (volume ≥ 1.2) + (speed ≥ 0.8) + (speed ≥ 1.2), where volume is served "
    "per day on duty over the point's average per window and day, and speed the point's "
    "average handling time over this one's; then one star less with a bad rating or an "
    "average grade under 3, else one more with an average of 4.5 or more, kept within 1–5. "
    "Ratings are those of the cases linked to the window's or clerk's tickets of the period.",
)
def window_stats(request: HttpRequest, code: str, query: Query[PeriodQuery]) -> dict[str, Any]:
    point = access_point(require_staff(request), code)
    start, end = _period(query)
    stats = get_window_stats(point, start, end)
    return {
        "service_point": point.code,
        "from": stats.date_from,
        "to": stats.date_to,
        "served_per_window_day": stats.served_per_window_day,
        "average_handling_minutes": stats.average_handling_minutes,
        "windows": [_performance(r) for r in stats.windows],
        "clerks": [_performance(r) for r in stats.clerks],
    }


class HallFiguresOut(Schema):
    service_point: str
    name: str
    date: dt.date
    issued: int
    served: int
    average_wait_minutes: float | None
    windows_on_duty: int
    served_per_window: float


class HallFiguresList(Schema):
    count: int
    items: list[HallFiguresOut]


@router.get(
    "/figures",
    response=HallFiguresList,
    summary="Every service point's days: average wait and daily volume per window",
    description="Supervisors, hall managers and administrators.",
)
def figures(request: HttpRequest, query: Query[PeriodQuery]) -> dict[str, Any]:
    user = require_staff(request)
    if not _may_see_district(user):
        raise PermissionDenied(_("只有监察人员、大厅管理员或管理员可以查看。"))
    start, end = _period(query)
    items = [{**_as_dict(f), "date": f.day} for f in get_hall_figures(start, end)]
    for item in items:
        item.pop("day")
    return {"count": len(items), "items": items}


def _may_see_district(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.SUPERVISOR) or user.has_role(Role.HALL_MANAGER)
