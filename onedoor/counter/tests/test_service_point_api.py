"""The board, the day's report, window performance and the district's figures over HTTP."""

import datetime as dt

import pytest

from onedoor.counter.tests.conftest import POINT

pytestmark = pytest.mark.usefixtures("clock")
TODAY = "2026-12-07"


@pytest.fixture
def morning(hall, clock):
    for category in ("general", "general", "enterprise", "priority"):
        hall.post("tickets", {"service_point": POINT, "category": category})
    hall.post("windows/dc-01/call-next", holder=hall.clerk)
    hall.post("windows/dc-02/call-next", holder=hall.clerk2)
    clock.shift(dt.timedelta(minutes=6))
    hall.post("windows/dc-01/call-next", holder=hall.clerk)
    return hall


def test_anyone_sees_the_board_without_the_clerks_load(morning):
    response = morning.get(f"service-points/{POINT}/board")

    assert response.status_code == 200
    body = response.json()
    assert [c["number"] for c in body["recent_calls"]] == ["A002", "P001", "A001"]
    assert body["waiting"] == 1
    assert body["windows_open"] == 2
    queues = {q["category"]: q["waiting"] for q in body["queues"]}
    assert (queues["general"], queues["enterprise"]) == (0, 1)
    dc01 = next(w for w in body["windows"] if w["code"] == "dc-01")
    assert (dc01["current"], dc01["served_today"]) == ("A002", 1)
    assert body["clerks"] == []


def test_the_points_staff_see_the_clerks_load(morning):
    body = morning.get(f"service-points/{POINT}/board", morning.manager).json()

    clerks = {c["username"]: c for c in body["clerks"]}
    assert clerks["hall-clerk"]["served_today"] == 1
    assert clerks["hall-clerk"]["average_handling_minutes"] == 6.0


def test_the_days_report_for_the_points_staff(morning):
    response = morning.get(f"service-points/{POINT}/report", morning.manager, date=TODAY)

    assert response.status_code == 200
    body = response.json()
    assert (body["date"], body["totals"]["issued"], body["totals"]["served"]) == (TODAY, 4, 1)
    assert body["windows_on_duty"] == 1
    assert [w["code"] for w in body["windows"]] == ["dc-01", "dc-02"]


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other_clerk", 403), ("supervisor", 200)]
)
def test_the_report_is_for_the_points_staff_and_supervisors(morning, who, status):
    holder = None if who == "anonymous" else getattr(morning, who)

    response = morning.get(f"service-points/{POINT}/report", holder)

    assert response.status_code == status


def test_window_stats_over_days_with_stars(morning):
    response = morning.get(
        f"service-points/{POINT}/window-stats", morning.manager, **{"from": TODAY, "to": TODAY}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"], body["served_per_window_day"]) == (TODAY, TODAY, 1.0)
    dc01 = next(w for w in body["windows"] if w["code"] == "dc-01")
    assert (dc01["figures"]["served"], dc01["stars"]) == (1, 3)


def test_a_reversed_or_too_long_period_is_refused(morning):
    reversed_ = morning.get(
        f"service-points/{POINT}/window-stats",
        morning.manager,
        **{"from": TODAY, "to": "2026-12-01"},
    )
    too_long = morning.get(
        "service-points/figures", morning.manager, **{"from": "2020-01-01", "to": TODAY}
    )
    a_year = morning.get(
        "service-points/figures", morning.manager, **{"from": "2026-01-01", "to": TODAY}
    )

    assert (reversed_.status_code, reversed_.json()["code"]) == (422, "invalid_input")
    assert (too_long.status_code, too_long.json()["code"]) == (422, "invalid_input")
    assert a_year.status_code == 200


def test_the_districts_figures(morning):
    response = morning.get("service-points/figures", morning.supervisor, **{"from": TODAY})
    refused = morning.get("service-points/figures", morning.clerk, **{"from": TODAY})

    assert response.status_code == 200
    [centre] = response.json()["items"]
    assert (centre["service_point"], centre["issued"], centre["served"]) == (POINT, 4, 1)
    assert (centre["windows_on_duty"], centre["served_per_window"]) == (1, 1.0)
    assert refused.status_code == 403


def test_unknown_points_are_not_found(hall):
    for path in ("board", "slots"):
        response = hall.get(f"service-points/nowhere/{path}")
        assert (response.status_code, response.json()["code"]) == (404, "not_found")
