"""The hall's report on a known day: every figure worked out by hand from the day below."""

import csv
import datetime as dt
import io

import pytest

from onedoor.counter.actions import link_case_to_ticket, mark_no_show
from onedoor.counter.models import Ticket
from onedoor.ratings.actions import rate_case

pytestmark = pytest.mark.usefixtures("clock")

REPORT = "/workbench/hall/district-centre/report/"
DAY = "2026-12-07"


@pytest.fixture
def known_day(hall_staff, take, call, clock):
    """Five general tickets from 09:00, a minute apart; dc-01 serves three in four minutes each,
    dc-02 one in twelve and then a no-show.

        ticket  taken  called  window  wait  handling
        A001    09:00  09:05   dc-01   5     4
        A002    09:01  09:05   dc-02   4     12
        A003    09:02  09:09   dc-01   7     4
        A004    09:03  09:13   dc-01   10    4
        A005    09:04  09:17   dc-02   13    no-show at 09:20
    """
    for _minute in range(5):
        take("general")
        clock.shift(dt.timedelta(minutes=1))
    # 09:05
    call("dc-01")
    call("dc-02", hall_staff.clerk2)
    clock.shift(dt.timedelta(minutes=4))  # 09:09
    call("dc-01")
    clock.shift(dt.timedelta(minutes=4))  # 09:13
    call("dc-01")
    clock.shift(dt.timedelta(minutes=4))  # 09:17
    call("dc-02", hall_staff.clerk2)
    assert call("dc-01") is None
    clock.shift(dt.timedelta(minutes=3))  # 09:20
    mark_no_show(actor=hall_staff.clerk2, window="dc-02")
    return hall_staff


def test_the_days_figures(client, known_day):
    client.force_login(known_day.manager)

    page = client.get(REPORT, {"date": DAY})

    report = page.context["report"]
    t = report.totals
    assert (t.issued, t.served, t.no_shows) == (5, 4, 1)
    assert t.average_wait_minutes == 7.8  # (5 + 4 + 7 + 10 + 13) / 5
    assert t.longest_wait_minutes == 13.0
    assert t.average_handling_minutes == 6.0  # (4 + 12 + 4 + 4) / 4
    assert report.windows_on_duty == 2
    assert report.served_per_window == 2.0


def test_volume_per_window_and_clerk_and_the_star_window(client, known_day):
    client.force_login(known_day.manager)

    page = client.get(REPORT, {"date": DAY})

    windows = {row.code: row for row in page.context["report"].windows}
    dc01, dc02 = windows["dc-01"], windows["dc-02"]
    assert (dc01.figures.served, dc01.figures.average_handling_minutes) == (3, 4.0)
    assert dc01.figures.average_wait_minutes == 7.3  # (5 + 7 + 10) / 3
    assert (dc02.figures.served, dc02.figures.no_shows) == (1, 1)
    assert dc02.figures.average_handling_minutes == 12.0
    # dc-01: 3 served against the hall's 2 per window (1.5), 6 ÷ 4 minutes as fast (1.5): 5 stars
    assert (dc01.stars, dc02.stars) == (5, 1)
    assert page.context["hall"].star_windows == ["dc-01"]
    clerks = {row.code: row.figures.served for row in page.context["report"].clerks}
    assert clerks == {"hall-clerk": 3, "hall-clerk-2": 1}
    assert "星级窗口" in page.content.decode()


def test_the_ratings_of_the_cases_handled_show_and_cost_a_star(client, known_day, world, submit):
    parent = world.persons["parent"]
    response = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": parent.id_number},
            "form": {"purpose": "kinship"},
        }
    )
    number = response.json()["number"]
    served = Ticket.objects.get(number="A001")  # dc-01's first ticket
    link_case_to_ticket(actor=known_day.clerk, ticket=served, case_number=number)
    rate_case(number, actor=parent, grade=2)
    client.force_login(known_day.manager)

    page = client.get(REPORT, {"date": DAY})
    export = client.get("/workbench/hall/district-centre/report.csv", {"date": DAY})

    dc01 = next(row for row in page.context["report"].windows if row.code == "dc-01")
    assert (dc01.ratings, dc01.average_grade, dc01.bad_ratings) == (1, 2.0, 1)
    assert dc01.stars == 4  # 5 for volume and speed, one less for the bad rating
    assert page.context["hall"].star_windows == ["dc-01"]
    assert "差评" in page.content.decode()
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8").lstrip("\ufeff"))))
    window = next(r for r in rows if r["kind"] == "window" and r["code"] == "dc-01")
    assert (window["ratings"], window["average_grade"], window["bad_ratings"]) == ("1", "2.0", "1")
    assert window["stars"] == "4"
    clerk = next(r for r in rows if r["kind"] == "clerk" and r["code"] == "hall-clerk")
    assert (clerk["ratings"], clerk["bad_ratings"]) == ("1", "1")


def test_the_wait_by_hour_and_the_two_charts(client, known_day):
    client.force_login(known_day.manager)

    page = client.get(REPORT, {"date": DAY})

    [hour] = page.context["hall"].waits_by_hour
    assert (hour.hour, hour.issued, hour.average_wait_minutes) == (9, 5, 7.8)
    bars = {g.label: g.total for g in page.context["windows_chart"].groups}
    assert bars == {"1": 3, "2": 2}  # served and no-shows stacked per window
    assert page.context["hours_chart"].points[0].value == 7.8
    text = page.content.decode()
    assert text.count('<svg class="hc-svg"') == 2
    assert 'role="img"' in text


def test_the_csv_export_holds_the_same_figures(client, known_day):
    client.force_login(known_day.manager)

    response = client.get("/workbench/hall/district-centre/report.csv", {"date": DAY})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "hall-district-centre-2026-12-07.csv" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    hall = rows[0]
    assert (hall["kind"], hall["issued"], hall["served"]) == ("service_point", "5", "4")
    assert hall["average_wait_minutes"] == "7.8"
    window = next(r for r in rows if r["kind"] == "window" and r["code"] == "dc-01")
    assert (window["served"], window["stars"], window["star_window"]) == ("3", "5", "1")
    clerk = next(r for r in rows if r["kind"] == "clerk" and r["code"] == "hall-clerk-2")
    assert (clerk["served"], clerk["no_shows"]) == ("1", "1")
    hour = next(r for r in rows if r["kind"] == "hour")
    assert (hour["code"], hour["issued"], hour["average_wait_minutes"]) == ("09", "5", "7.8")


def test_the_district_figures_across_service_points(client, known_day):
    client.force_login(known_day.supervisor)

    page = client.get("/workbench/hall/", {"from": DAY, "to": DAY})

    figures = {f.code: f for f in page.context["figures"]}
    centre = figures["district-centre"]
    assert (centre.issued, centre.served, centre.average_wait_minutes) == (5, 4, 7.8)
    assert (centre.window_days, centre.served_per_window_day) == (2, 2.0)
    assert figures["zumiao-centre"].issued == 0
    [day] = page.context["days"]
    assert (day.service_point, day.average_wait_minutes, day.served_per_window) == (
        "district-centre",
        7.8,
        2.0,
    )

    response = client.get("/workbench/hall/figures.csv", {"from": DAY, "to": DAY})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows == [
        {
            "service_point": "district-centre",
            "name": "禅城区行政服务中心",
            "date": DAY,
            "issued": "5",
            "served": "4",
            "average_wait_minutes": "7.8",
            "windows_on_duty": "2",
            "served_per_window": "2.0",
        }
    ]


def test_a_day_without_tickets_says_so(client, hall_staff):
    client.force_login(hall_staff.manager)

    page = client.get(REPORT, {"date": "2026-12-01"})

    assert page.status_code == 200
    assert "这一天没有取号记录" in page.content.decode()


def test_the_report_defaults_to_today(client, known_day):
    client.force_login(known_day.manager)

    page = client.get(REPORT)

    assert page.context["day"] == dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        (REPORT, {"date": "7 Dec"}),
        ("/workbench/hall/district-centre/report.csv", {"date": "2026-13-40"}),
        ("/workbench/hall/", {"from": "2026-12-07", "to": "2026-12-01"}),
        ("/workbench/hall/", {"from": "2025-01-01", "to": "2026-12-01"}),
        ("/workbench/hall/figures.csv", {"to": "yesterday"}),
    ],
)
def test_a_bad_date_is_refused_in_words(client, hall_staff, path, query):
    client.force_login(hall_staff.supervisor)

    response = client.get(path, query)

    assert response.status_code == 422
    assert "日期" in response.content.decode() or "天" in response.content.decode()


def test_the_report_reads_a_fixed_number_of_queries(
    client, known_day, django_assert_max_num_queries
):
    client.force_login(known_day.manager)
    client.get(REPORT, {"date": DAY})

    with django_assert_max_num_queries(17):
        assert client.get(REPORT, {"date": DAY}).status_code == 200


def test_the_district_page_reads_a_fixed_number_of_queries(
    client, known_day, django_assert_max_num_queries
):
    client.force_login(known_day.supervisor)
    client.get("/workbench/hall/")

    with django_assert_max_num_queries(11):
        assert client.get("/workbench/hall/").status_code == 200
