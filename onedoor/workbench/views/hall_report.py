"""The hall's figures: one service point's day (waits, volume per window and clerk, star
windows) and the district's service points over a period, as pages with charts and as CSV."""

import csv
import datetime as dt
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onedoor.accounts.models import Role, User
from onedoor.counter.models import ServicePoint
from onedoor.counter.queries import get_hall_figures
from onedoor.workbench.access import staff_required
from onedoor.workbench.charts import bar_chart, line_chart
from onedoor.workbench.hall_queries import (
    STAR_MAX_NO_SHOW_SHARE,
    STAR_MIN_STARS,
    TARGET_WAIT_MINUTES,
    HallReport,
    get_district_period,
    get_district_today,
    get_hall_report,
    window_number,
)
from onedoor.workbench.views.hall import hall_point

MAX_PERIOD_DAYS = 92
DEFAULT_PERIOD_DAYS = 7


class BadDate(ValueError):
    """A report date or period the page cannot show."""


def _date(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise BadDate(_("日期格式应为 YYYY-MM-DD。")) from None


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    date_to = _date(request, "to", today)
    date_from = _date(request, "from", date_to - dt.timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    if date_from > date_to:
        raise BadDate(_("开始日期不能晚于结束日期。"))
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise BadDate(_("一次最多查看 %(days)s 天。") % {"days": MAX_PERIOD_DAYS})
    return date_from, date_to


def _bad_date(request: HttpRequest, template: str, error: BadDate, **context: Any) -> HttpResponse:
    return render(request, template, {**context, "date_error": str(error)}, status=422)


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    # The byte-order mark makes spreadsheet programs read the Chinese names as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _blank(value: object) -> object:
    return "" if value is None else value


# ------------------------------------------------------------------ one service point's day


def _report_charts(hall: HallReport) -> dict[str, Any]:
    windows = [
        (window_number(row.name) or row.code, [row.figures.served, row.figures.no_shows])
        for row in hall.report.windows
    ]
    hours = [(f"{w.hour}:00", w.average_wait_minutes) for w in hall.waits_by_hour]
    return {
        "windows_chart": bar_chart(windows) if windows else None,
        "windows_legend": [_("已办"), _("过号")],
        "hours_chart": line_chart(hours, threshold=TARGET_WAIT_MINUTES) if hours else None,
    }


@staff_required(Role.HALL_MANAGER, Role.SUPERVISOR)
@require_GET
def hall_report(request: HttpRequest, service_point: str) -> HttpResponse:
    """A hall's day: the seed's figures, star windows and two charts; ``?date=YYYY-MM-DD``."""
    point = hall_point(request, service_point)
    base = {"point": point, "today": timezone.localdate()}
    try:
        day = _date(request, "date", timezone.localdate())
    except BadDate as error:
        return _bad_date(request, "workbench/hall_report.html", error, **base)
    hall = get_hall_report(point, day)
    link = reverse("workbench:hall-report", args=[point.code])
    context = {
        **base,
        "day": day,
        "hall": hall,
        "report": hall.report,
        "previous_url": f"{link}?date={day - dt.timedelta(days=1):%Y-%m-%d}",
        "next_url": f"{link}?date={day + dt.timedelta(days=1):%Y-%m-%d}",
        "csv_url": f"{reverse('workbench:hall-report-csv', args=[point.code])}?date={day:%Y-%m-%d}",
        "board_url": reverse("workbench:hall-board", args=[point.code]),
        "target_wait": TARGET_WAIT_MINUTES,
        "star_min_stars": STAR_MIN_STARS,
        "star_no_show_percent": round(STAR_MAX_NO_SHOW_SHARE * 100),
        **_report_charts(hall),
    }
    return render(request, "workbench/hall_report.html", context)


REPORT_COLUMNS = [
    "kind",
    "code",
    "name",
    "date",
    "issued",
    "served",
    "no_shows",
    "average_wait_minutes",
    "average_handling_minutes",
    "ratings",
    "average_grade",
    "bad_ratings",
    "stars",
    "star_window",
]


def report_rows(point: ServicePoint, hall: HallReport) -> list[list[Any]]:
    """The day's figures as CSV rows: the hall, then each window, clerk and hour of arrival."""
    report, day = hall.report, hall.report.day.isoformat()
    t = report.totals
    rows: list[list[Any]] = [
        [
            *("service_point", point.code, point.name, day, t.issued, t.served, t.no_shows),
            *(_blank(t.average_wait_minutes), _blank(t.average_handling_minutes)),
            *("", "", "", "", ""),
        ]
    ]
    for kind, performance in (("window", report.windows), ("clerk", report.clerks)):
        for row in performance:
            f = row.figures
            rows.append(
                [
                    *(kind, row.code, row.name, day, f.issued, f.served, f.no_shows),
                    *(_blank(f.average_wait_minutes), _blank(f.average_handling_minutes)),
                    *(row.ratings, _blank(row.average_grade), row.bad_ratings),
                    *(_blank(row.stars), int(kind == "window" and row.code in hall.star_windows)),
                ]
            )
    for hour in hall.waits_by_hour:
        rows.append(
            [
                *("hour", f"{hour.hour:02d}", "", day, hour.issued, "", ""),
                *(_blank(hour.average_wait_minutes), "", "", "", "", "", ""),
            ]
        )
    return rows


@staff_required(Role.HALL_MANAGER, Role.SUPERVISOR)
@require_GET
def hall_report_csv(request: HttpRequest, service_point: str) -> HttpResponse:
    """The day's report as CSV (UTF-8 with a byte-order mark)."""
    point = hall_point(request, service_point)
    try:
        day = _date(request, "date", timezone.localdate())
    except BadDate as error:
        return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")
    hall = get_hall_report(point, day)
    return _csv(f"hall-{point.code}-{day:%Y-%m-%d}.csv", REPORT_COLUMNS, report_rows(point, hall))


# ------------------------------------------------------------------ the district


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_required(Role.HALL_MANAGER, Role.SUPERVISOR)
@require_GET
def district(request: HttpRequest) -> HttpResponse:
    """Every service point now (waiting, windows open) and over a period (average wait, volume
    per window); ``?from=&to=`` (the last seven days by default)."""
    base = {"points": get_district_today(_user(request)), "today": timezone.localdate()}
    try:
        date_from, date_to = _period(request)
    except BadDate as error:
        return _bad_date(request, "workbench/hall_index.html", error, **base)
    figures = get_district_period(date_from, date_to)
    with_tickets = [f for f in figures if f.issued]
    query = f"?from={date_from:%Y-%m-%d}&to={date_to:%Y-%m-%d}"
    context = {
        **base,
        "date_from": date_from,
        "date_to": date_to,
        "figures": figures,
        "days": get_hall_figures(date_from, date_to),
        "csv_url": reverse("workbench:hall-figures-csv") + query,
        "wait_chart": bar_chart([(f.name, [f.average_wait_minutes or 0]) for f in with_tickets])
        if with_tickets
        else None,
        "target_wait": TARGET_WAIT_MINUTES,
    }
    return render(request, "workbench/hall_index.html", context)


@staff_required(Role.HALL_MANAGER, Role.SUPERVISOR)
@require_GET
def district_csv(request: HttpRequest) -> HttpResponse:
    """The seed's figures per service point and day over the period, as CSV."""
    try:
        date_from, date_to = _period(request)
    except BadDate as error:
        return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")
    header = [
        "service_point",
        "name",
        "date",
        "issued",
        "served",
        "average_wait_minutes",
        "windows_on_duty",
        "served_per_window",
    ]
    rows = [
        [
            *(f.service_point, f.name, f.day.isoformat(), f.issued, f.served),
            *(_blank(f.average_wait_minutes), f.windows_on_duty, f.served_per_window),
        ]
        for f in get_hall_figures(date_from, date_to)
    ]
    return _csv(f"hall-figures-{date_from:%Y%m%d}-{date_to:%Y%m%d}.csv", header, rows)
