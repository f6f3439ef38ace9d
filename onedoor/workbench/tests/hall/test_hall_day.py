"""``onedoor hall-day``: a day at the hall played through the queue's real actions."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from onedoor.core.models import AuditEvent
from onedoor.counter.choices import TicketStatus
from onedoor.counter.models import Ticket, TicketCase, Window
from onedoor.workbench.hall_queries import get_hall_report

pytestmark = pytest.mark.usefixtures("clock")

FRIDAY = dt.date(2026, 12, 4)  # the working day before the clock's Monday


def _play(*args: str) -> str:
    out = StringIO()
    call_command("hall_day", *args, "--no-progress", "--cases", "0", stdout=out)
    return out.getvalue()


def test_a_past_day_is_played_from_opening_to_closing(hall_staff):
    out = _play("--date", "2026-12-04", "--tickets", "40", "--windows", "3", "--seed", "3")

    assert "hall day played" in out and "tickets 40" in out
    tickets = Ticket.objects.filter(service_point__code="district-centre", day=FRIDAY)
    assert tickets.count() == 40
    assert not tickets.filter(status__in=[TicketStatus.WAITING, TicketStatus.CALLED]).exists()
    for ticket in tickets:
        local = timezone.localtime(ticket.issued_at)
        assert local.date() == FRIDAY
        assert dt.time(9) <= local.time() <= dt.time(11, 45) or (
            dt.time(14) <= local.time() <= dt.time(17, 15)
        )
        assert ticket.first_called_at is not None and ticket.first_called_at >= ticket.issued_at
    assert not Window.objects.filter(service_point__code="district-centre", is_open=True).exists()
    calls = AuditEvent.objects.filter(action="counter.ticket_called")
    assert calls.count() >= 40
    assert {timezone.localtime(e.at).date() for e in calls} == {FRIDAY}


def test_the_played_day_shows_in_the_report(hall_staff):
    _play("--date", "2026-12-04", "--tickets", "60", "--windows", "4", "--seed", "5")

    report = get_hall_report(_point(), FRIDAY).report

    assert report.totals.issued == 60
    assert report.totals.served + report.totals.no_shows == 60
    assert report.windows_on_duty == 4
    assert 0 < report.totals.average_wait_minutes < 60
    assert 1 < report.totals.average_handling_minutes < 30
    assert len(report.clerks) == 4
    assert {c.code for c in report.clerks} == {f"district-centre-clerk-0{i}" for i in range(1, 5)}


def test_a_day_already_played_is_left_alone(hall_staff):
    _play("--date", "2026-12-04", "--tickets", "10", "--windows", "2")

    with pytest.raises(CommandError, match="already has 10 tickets"):
        _play("--date", "2026-12-04", "--tickets", "10")
    quiet = _play("--date", "2026-12-04", "--tickets", "10", "--if-empty")

    assert "not played" in quiet
    assert Ticket.objects.filter(day=FRIDAY).count() == 10


def test_previous_means_the_last_working_day(hall_staff):
    out = _play("--date", "previous", "--tickets", "6", "--windows", "1")

    assert "day 2026-12-04" in out
    assert Ticket.objects.filter(day=FRIDAY).count() == 6


def test_today_is_played_up_to_now_and_left_as_it_stands(hall_staff, clock):
    clock.shift(dt.timedelta(hours=1, minutes=30))  # 10:30

    _play("--date", "today", "--tickets", "80", "--windows", "2", "--seed", "11")

    today = Ticket.objects.filter(day=dt.date(2026, 12, 7))
    assert 0 < today.count() < 80
    assert all(t.issued_at <= timezone.now() for t in today)
    assert Window.objects.filter(service_point__code="district-centre", is_open=True).count() == 2


def test_a_day_ahead_and_an_unknown_point_are_refused(hall_staff):
    with pytest.raises(CommandError, match="still ahead"):
        _play("--date", "2026-12-08")
    with pytest.raises(CommandError, match="没有这个服务网点"):
        _play("--service-point", "nowhere", "--date", "2026-12-04")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _play("--date", "last tuesday")
    assert not Ticket.objects.exists()


def test_visits_end_with_cases_linked_to_their_tickets(hall_staff):
    from onedoor.cases.tests.conftest import catalog_subset
    from onedoor.catalog.actions import import_catalog
    from onedoor.core.identifiers import make_id_number
    from onedoor.registry.actions import register_person

    import_catalog(catalog_subset(("property-records-query",), ()), actor=None)
    for serial in range(3):
        register_person(
            actor=None, id_number=make_id_number("440604", dt.date(1980, 1, 1), serial), name="甲"
        )
    out = StringIO()

    call_command(
        *("hall_day", "--date", "2026-12-04", "--tickets", "40", "--windows", "2"),
        *("--cases", "2", "--seed", "2", "--no-progress"),
        stdout=out,
    )

    links = TicketCase.objects.select_related("case", "ticket")
    assert links.count() == 2
    for link in links:
        assert link.case.code == "property-records-query"
        assert link.case.outcome == "decided"
        assert link.ticket.day == FRIDAY
    assert "cases 2" in out.getvalue()


def _point():
    from onedoor.counter.queries import get_service_point

    return get_service_point("district-centre")
