"""The queries the screens read: the live board, window performance, a hall's day, figures."""

import datetime as dt

import pytest

from onedoor.counter.actions import call_next, cancel_ticket, mark_no_show
from onedoor.counter.queries import (
    get_board,
    get_hall_day_report,
    get_hall_figures,
    get_service_point,
    get_window_stats,
)
from onedoor.counter.tests.conftest import POINT, book_and_check_in

pytestmark = pytest.mark.usefixtures("clock")
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def day(hall, take, clock):
    """A morning: dc-01 serves A001 (5 min) and A003 (10 min) and marks B001 a no-show; dc-02
    serves A002 (15 min); A004 is cancelled; P001 waits; an appointment (Y001) checks in."""
    take(), take(), take()
    call_next(actor=hall.clerk, window="dc-01")  # A001
    call_next(actor=hall.clerk2, window="dc-02")  # A002
    clock.shift(dt.timedelta(minutes=5))
    take("enterprise")
    call_next(actor=hall.clerk, window="dc-01")  # serves A001, calls A003 (waited 5 min)
    clock.shift(dt.timedelta(minutes=10))
    call_next(actor=hall.clerk, window="dc-01")  # serves A003, calls B001
    mark_no_show(actor=hall.clerk, window="dc-01")
    call_next(actor=hall.clerk2, window="dc-02")  # serves A002 (15 min), nobody left
    cancel_ticket(actor=None, ticket=str(take().public_id))
    take("priority")
    book_and_check_in(hall, dt.time(10, 30))  # early, so on time
    return hall


def test_the_board_shows_calls_queues_windows_and_clerks(day, django_assert_max_num_queries):
    point = get_service_point(POINT)

    with django_assert_max_num_queries(6):
        board = get_board(point)

    assert [c.number for c in board.recent_calls] == ["B001", "A003", "A002", "A001"]
    assert board.recent_calls[0].window == "dc-01"
    queues = {q.category: q.waiting for q in board.queues}
    assert queues == {"general": 0, "enterprise": 0, "priority": 1, "appointment": 1}
    assert board.waiting_total == 2
    assert board.windows_open == 2
    windows = {w.code: w for w in board.windows}
    assert (windows["dc-01"].served_today, windows["dc-01"].average_handling_minutes) == (2, 7.5)
    assert (windows["dc-02"].served_today, windows["dc-02"].current_number) == (1, None)
    assert windows["dc-03"].open is False
    clerks = {c.username: c for c in board.clerks}
    assert (clerks["hall-clerk"].window, clerks["hall-clerk"].served_today) == ("dc-01", 2)
    assert clerks["hall-clerk-2"].average_handling_minutes == 15.0


def test_window_stats_give_volume_times_and_stars(day):
    stats = get_window_stats(get_service_point(POINT), TODAY)

    rows = {row.code: row for row in stats.windows}
    assert (rows["dc-01"].figures.served, rows["dc-01"].figures.no_shows) == (2, 1)
    assert rows["dc-01"].figures.average_handling_minutes == 7.5
    assert rows["dc-02"].figures.average_handling_minutes == 15.0
    assert stats.served_per_window_day == 1.5
    assert stats.average_handling_minutes == 10.0
    # dc-01: volume 2/1.5 ≥ 1.2, speed 10/7.5 ≥ 1.2 → 5 stars; dc-02: 1/1.5 < 0.8, 10/15 < 0.8 → 1
    assert (rows["dc-01"].stars, rows["dc-02"].stars) == (5, 1)
    assert {row.code for row in stats.clerks} == {"hall-clerk", "hall-clerk-2"}


def test_the_hall_day_report(day, django_assert_max_num_queries):
    point = get_service_point(POINT)

    with django_assert_max_num_queries(11):
        report = get_hall_day_report(point, TODAY)

    totals = report.totals
    assert (totals.issued, totals.served, totals.no_shows, totals.cancelled, totals.waiting) == (
        7,
        3,
        1,
        1,
        2,
    )
    # waits: A001 0, A002 0, A003 5 min, B001 10 min → 3.75 min on average
    assert (totals.average_wait_minutes, totals.longest_wait_minutes) == (3.8, 10.0)
    categories = {c.category: c.figures.issued for c in report.categories}
    assert categories == {"general": 4, "enterprise": 1, "priority": 1, "appointment": 1}
    assert [(h.hour, h.issued, h.called) for h in report.hours] == [(10, 7, 4)]
    assert (report.windows_on_duty, report.served_per_window) == (2, 1.5)
    assert (report.appointments.booked, report.appointments.checked_in) == (1, 1)
    assert report.appointments.on_time == 1


def test_the_districts_figures_per_point_and_day(day, take):
    take(service_point="zumiao-centre")

    figures = get_hall_figures(TODAY, TODAY)

    by_point = {f.service_point: f for f in figures}
    centre = by_point[POINT]
    assert (centre.issued, centre.served, centre.windows_on_duty) == (7, 3, 2)
    assert centre.served_per_window == 1.5
    assert centre.average_wait_minutes == 3.8
    assert by_point["zumiao-centre"].served == 0


def test_an_empty_day_reports_zeroes(hall):
    report = get_hall_day_report(get_service_point(POINT), TODAY)

    assert report.totals.issued == 0
    assert report.windows == []
    assert report.served_per_window == 0.0
    assert get_board(get_service_point(POINT)).longest_wait_minutes is None
