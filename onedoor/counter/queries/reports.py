"""Window performance and the hall's day: what the manager's report and the district's
figures show (average wait per service point and day, daily volume per window, the ratings of
the cases handled, star windows).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.db.models.functions import ExtractHour
from django.utils import timezone

from onedoor.counter.choices import AppointmentStatus, TicketCategory, TicketStatus
from onedoor.counter.models import Appointment, ServicePoint, Ticket, TicketCase
from onedoor.counter.queries.board import minutes
from onedoor.counter.services.stars import stars
from onedoor.ratings.choices import BAD_GRADES, Grade

SERVED = Q(status=TicketStatus.SERVED)
_FIGURES = {
    "issued": Count("id"),
    "served": Count("id", filter=SERVED),
    "no_shows": Count("id", filter=Q(status=TicketStatus.NO_SHOW)),
    "cancelled": Count("id", filter=Q(status=TicketStatus.CANCELLED)),
    "waiting": Count("id", filter=Q(status=TicketStatus.WAITING)),
    "wait": Avg("waiting_seconds"),
    "max_wait": Max("waiting_seconds"),
    "handling": Avg("handling_seconds", filter=SERVED),
}


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts and times of a set of tickets; times in minutes (waiting: issue to first call)."""

    issued: int
    served: int
    no_shows: int
    cancelled: int
    waiting: int
    average_wait_minutes: float | None
    longest_wait_minutes: float | None
    average_handling_minutes: float | None


def _figures(row: Mapping[str, Any] | None) -> Figures:
    row = row or {}
    return Figures(
        issued=row.get("issued") or 0,
        served=row.get("served") or 0,
        no_shows=row.get("no_shows") or 0,
        cancelled=row.get("cancelled") or 0,
        waiting=row.get("waiting") or 0,
        average_wait_minutes=minutes(row.get("wait")),
        longest_wait_minutes=minutes(row.get("max_wait")),
        average_handling_minutes=minutes(row.get("handling")),
    )


@dataclass(frozen=True, slots=True)
class RatingFigures:
    """The ratings (好差评) of the cases linked to a set of tickets, each rating counted once."""

    ratings: int = 0
    average_grade: float | None = None
    bad_ratings: int = 0


NO_RATINGS = RatingFigures()


@dataclass(frozen=True, slots=True)
class PerformanceRow:
    """One window's or one clerk's figures over some days, the ratings of the cases it handled,
    and its stars (services/stars.py)."""

    code: str
    name: str
    days: int
    figures: Figures
    served_per_day: float
    stars: int | None
    ratings: int = 0
    average_grade: float | None = None
    bad_ratings: int = 0


@dataclass(frozen=True, slots=True)
class WindowStats:
    service_point: ServicePoint
    date_from: dt.date
    date_to: dt.date
    windows: list[PerformanceRow]
    clerks: list[PerformanceRow]
    served_per_window_day: float
    average_handling_minutes: float | None


def get_window_stats(
    service_point: ServicePoint, date_from: dt.date, date_to: dt.date | None = None
) -> WindowStats:
    """Per window and per clerk, ``date_from`` to ``date_to`` inclusive: tickets, average
    handling and waiting times, served per day on duty, the ratings of the cases linked to
    those tickets, stars. Five queries, whatever the number of tickets or ratings."""
    date_to = date_to or date_from
    tickets = Ticket.objects.filter(
        service_point=service_point, day__range=(date_from, date_to), window__isnull=False
    )
    served_per_window_day, point_handling = _point_baseline(tickets)
    windows = _performance(
        tickets, ("window__code", "window__name"), served_per_window_day, point_handling
    )
    clerks = _performance(
        tickets.filter(clerk__isnull=False),
        ("clerk__username", "clerk__full_name"),
        served_per_window_day,
        point_handling,
    )
    return WindowStats(
        service_point=service_point,
        date_from=date_from,
        date_to=date_to,
        windows=windows,
        clerks=clerks,
        served_per_window_day=round(served_per_window_day, 1),
        average_handling_minutes=minutes(point_handling),
    )


def _point_baseline(tickets: QuerySet[Ticket]) -> tuple[float, float | None]:
    """Served per window and day on duty, and the average handling time, at the point."""
    per_window_day = list(
        tickets.filter(SERVED)
        .values("window_id", "day")
        .annotate(n=Count("id"), h=Avg("handling_seconds"))
    )
    if not per_window_day:
        return 0.0, None
    served = sum(row["n"] for row in per_window_day)
    handling = sum(row["h"] * row["n"] for row in per_window_day if row["h"] is not None)
    return served / len(per_window_day), handling / served


def _performance(
    tickets: QuerySet[Ticket],
    key: tuple[str, str],
    baseline_per_day: float,
    baseline_handling: float | None,
) -> list[PerformanceRow]:
    code, name = key
    rows = (
        tickets.values(code, name)
        .annotate(days=Count("day", distinct=True, filter=SERVED), **_FIGURES)
        .order_by(code)
    )
    ratings = _ratings(tickets, code)
    result = []
    for row in rows:
        figures = _figures(row)
        rated = ratings.get(row[code], NO_RATINGS)
        per_day = figures.served / row["days"] if row["days"] else 0.0
        result.append(
            PerformanceRow(
                code=row[code],
                name=row[name] or row[code],
                days=row["days"],
                figures=figures,
                served_per_day=round(per_day, 1),
                stars=stars(
                    served_per_day=per_day,
                    point_served_per_day=baseline_per_day,
                    handling_seconds=row["handling"],
                    point_handling_seconds=baseline_handling,
                    average_grade=rated.average_grade,
                    bad_ratings=rated.bad_ratings,
                ),
                ratings=rated.ratings,
                average_grade=rated.average_grade,
                bad_ratings=rated.bad_ratings,
            )
        )
    return result


# Ratings counted per grade, each rating once: a case linked to two tickets of the same window
# (a second visit) must not weigh twice in that window's average.
_GRADE_COUNTS = {
    f"grade_{grade}": Count("case__ratings", distinct=True, filter=Q(case__ratings__grade=grade))
    for grade in Grade.values
}


def _ratings(tickets: QuerySet[Ticket], key: str) -> dict[str, RatingFigures]:
    """``key`` (window code or clerk username) → the ratings of the cases linked to its
    tickets among ``tickets``. One query."""
    rows = (
        TicketCase.objects.filter(ticket__in=tickets, case__ratings__isnull=False)
        .values(f"ticket__{key}")
        .annotate(**_GRADE_COUNTS)
        .order_by()
    )
    result = {}
    for row in rows:
        counts = {grade: row[f"grade_{grade}"] for grade in Grade.values}
        total = sum(counts.values())
        if not total:
            continue
        result[row[f"ticket__{key}"]] = RatingFigures(
            ratings=total,
            average_grade=round(sum(g * n for g, n in counts.items()) / total, 2),
            bad_ratings=sum(counts[grade] for grade in BAD_GRADES),
        )
    return result


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    category: str
    label: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class HourFigures:
    hour: int
    issued: int
    called: int


@dataclass(frozen=True, slots=True)
class AppointmentFigures:
    booked: int
    checked_in: int
    on_time: int
    late: int
    cancelled: int
    missed: int


@dataclass(frozen=True, slots=True)
class HallDayReport:
    service_point: ServicePoint
    day: dt.date
    totals: Figures
    categories: list[CategoryFigures]
    hours: list[HourFigures]
    windows: list[PerformanceRow]
    clerks: list[PerformanceRow]
    windows_on_duty: int
    served_per_window: float
    appointments: AppointmentFigures


def get_hall_day_report(service_point: ServicePoint, day: dt.date) -> HallDayReport:
    """A hall's day: totals, by category, by hour, by window and clerk (with the ratings of
    the cases handled), appointments.

    Ten queries whatever the number of tickets or ratings.
    """
    tickets = Ticket.objects.filter(service_point=service_point, day=day)
    totals = _figures(tickets.aggregate(**_FIGURES))
    by_category = {
        row["category"]: _figures(row)
        for row in tickets.values("category").annotate(**_FIGURES).order_by("category")
    }
    stats = get_window_stats(service_point, day)
    on_duty = sum(1 for row in stats.windows if row.figures.served)
    return HallDayReport(
        service_point=service_point,
        day=day,
        totals=totals,
        categories=[
            CategoryFigures(c.value, str(c.label), by_category.get(c.value) or _figures(None))
            for c in TicketCategory
        ],
        hours=_hours(tickets),
        windows=stats.windows,
        clerks=stats.clerks,
        windows_on_duty=on_duty,
        served_per_window=round(totals.served / on_duty, 1) if on_duty else 0.0,
        appointments=_appointments(service_point, day, tickets),
    )


def _hours(tickets: QuerySet[Ticket]) -> list[HourFigures]:
    tz = timezone.get_current_timezone()
    issued = dict(
        tickets.annotate(hour=ExtractHour("issued_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("id"))
        .values_list("hour", "n")
    )
    called = dict(
        tickets.filter(first_called_at__isnull=False)
        .annotate(hour=ExtractHour("first_called_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("id"))
        .values_list("hour", "n")
    )
    return [
        HourFigures(hour, issued.get(hour, 0), called.get(hour, 0))
        for hour in sorted(set(issued) | set(called))
    ]


def _appointments(
    point: ServicePoint, day: dt.date, tickets: QuerySet[Ticket]
) -> AppointmentFigures:
    by_status = dict(
        Appointment.objects.filter(slot__service_point=point, slot__day=day)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    arrivals = dict(
        tickets.filter(appointment__isnull=False)
        .values("on_time")
        .annotate(n=Count("id"))
        .values_list("on_time", "n")
    )
    return AppointmentFigures(
        booked=sum(by_status.values()) - by_status.get(AppointmentStatus.CANCELLED, 0),
        checked_in=by_status.get(AppointmentStatus.CHECKED_IN, 0),
        on_time=arrivals.get(True, 0),
        late=arrivals.get(False, 0),
        cancelled=by_status.get(AppointmentStatus.CANCELLED, 0),
        missed=by_status.get(AppointmentStatus.MISSED, 0),
    )


@dataclass(frozen=True, slots=True)
class HallFigures:
    """One service point's day: the figures the reform reports (average wait, volume per window)."""

    service_point: str
    name: str
    day: dt.date
    issued: int
    served: int
    average_wait_minutes: float | None
    windows_on_duty: int
    served_per_window: float


def get_hall_figures(date_from: dt.date, date_to: dt.date) -> list[HallFigures]:
    """Every service point's days from ``date_from`` to ``date_to``: one query."""
    rows = (
        Ticket.objects.filter(day__range=(date_from, date_to))
        .values("service_point__code", "service_point__name", "day")
        .annotate(
            issued=Count("id"),
            served=Count("id", filter=SERVED),
            wait=Avg("waiting_seconds"),
            windows=Count("window", distinct=True, filter=SERVED),
        )
        .order_by("service_point__code", "day")
    )
    return [
        HallFigures(
            service_point=row["service_point__code"],
            name=row["service_point__name"],
            day=row["day"],
            issued=row["issued"],
            served=row["served"],
            average_wait_minutes=minutes(row["wait"]),
            windows_on_duty=row["windows"],
            served_per_window=round(row["served"] / row["windows"], 1) if row["windows"] else 0.0,
        )
        for row in rows
    ]
