"""Ratings (好差评) of the cases handled at a window, in its performance figures and stars."""

import datetime as dt

import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import Role
from onedoor.counter.actions import call_next, issue_ticket, link_case_to_ticket
from onedoor.counter.queries import get_service_point, get_window_stats
from onedoor.counter.tests.conftest import POINT, Hall
from onedoor.ratings.actions import rate_case

pytestmark = pytest.mark.usefixtures("clock")
TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def rated_day(world, submit, clock):
    """dc-01 (the demo clerk) serves two tickets, ten minutes each: the first with cases rated
    5 and 4, the second (the same applicant back) with the first case again; dc-02 serves one
    ticket with cases rated 2 (a bad rating) and 5; dc-03 serves one ticket, nothing rated.

    Stars before ratings: the hall serves 4 / 3 windows a day; dc-01's 2 is ≥ 1.2 × that
    (+2), dc-02's and dc-03's 1 is under 0.8 × (0); every handling takes the hall's average
    (+1). So dc-01 4, dc-02 and dc-03 2 — then dc-01 averages 4.5 (+1 → 5), dc-02 has a bad
    rating (-1 → 1), dc-03 has no rating (2).
    """
    clerk = world.staff("clerk")
    clerk2, clerk3 = (_clerk(f"rated-clerk-{n}") for n in (2, 3))
    for _ in range(4):
        issue_ticket(actor=None, service_point=POINT, channel="kiosk")
    first = call_next(actor=clerk, window="dc-01")
    third = call_next(actor=clerk2, window="dc-02")
    call_next(actor=clerk3, window="dc-03")
    cases = {grade: _decided_case(world, submit) for grade in ("5", "4", "2", "5b")}
    for grade in ("5", "4"):
        link_case_to_ticket(actor=clerk, ticket=first, case_number=cases[grade])
    for grade in ("2", "5b"):
        link_case_to_ticket(actor=clerk2, ticket=third, case_number=cases[grade])
    clock.shift(dt.timedelta(minutes=10))
    second = call_next(actor=clerk, window="dc-01")
    link_case_to_ticket(actor=clerk, ticket=second, case_number=cases["5"])
    call_next(actor=clerk2, window="dc-02")
    call_next(actor=clerk3, window="dc-03")
    clock.shift(dt.timedelta(minutes=10))
    call_next(actor=clerk, window="dc-01")
    parent = world.persons["parent"]
    for key, number in cases.items():
        rate_case(number, actor=parent, grade=int(key[0]))
    return Hall(world.client)


def _clerk(username: str):
    return create_staff_user(
        actor=None, username=username, password=None, full_name=username,
        roles=[(Role.CLERK, None, POINT)],
    )  # fmt: skip


def _decided_case(world, submit) -> str:
    response = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": world.persons["parent"].id_number},
            "form": {"purpose": "kinship"},
        }
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "decided", response.json()
    return response.json()["number"]


def test_each_window_shows_the_ratings_of_the_cases_it_handled(
    rated_day, django_assert_num_queries
):
    point = get_service_point(POINT)

    with django_assert_num_queries(5):
        stats = get_window_stats(point, TODAY)

    rows = {row.code: row for row in stats.windows}
    dc01, dc02, dc03 = rows["dc-01"], rows["dc-02"], rows["dc-03"]
    # the first case, linked to both of dc-01's tickets, counts once
    assert (dc01.ratings, dc01.average_grade, dc01.bad_ratings) == (2, 4.5, 0)
    assert (dc02.ratings, dc02.average_grade, dc02.bad_ratings) == (2, 3.5, 1)
    assert (dc03.ratings, dc03.average_grade, dc03.bad_ratings) == (0, None, 0)
    assert (dc01.figures.served, dc02.figures.served, dc03.figures.served) == (2, 1, 1)


def test_ratings_move_the_stars_one_up_or_down(rated_day):
    stats = get_window_stats(get_service_point(POINT), TODAY)

    stars = {row.code: row.stars for row in stats.windows}
    assert stars == {"dc-01": 5, "dc-02": 1, "dc-03": 2}
    clerks = {row.code: (row.ratings, row.bad_ratings, row.stars) for row in stats.clerks}
    assert clerks == {
        "clerk": (2, 0, 5),
        "rated-clerk-2": (2, 1, 1),
        "rated-clerk-3": (0, 0, 2),
    }


def test_ratings_of_tickets_outside_the_period_are_left_out(rated_day):
    stats = get_window_stats(get_service_point(POINT), TODAY + dt.timedelta(days=1))

    assert stats.windows == []


def test_the_window_stats_endpoint_answers_the_ratings(rated_day, world):
    response = rated_day.get(
        f"service-points/{POINT}/window-stats",
        world.staff("clerk"),
        **{"from": TODAY.isoformat()},
    )

    assert response.status_code == 200, response.content
    windows = {w["code"]: w for w in response.json()["windows"]}
    assert (windows["dc-02"]["ratings"], windows["dc-02"]["average_grade"]) == (2, 3.5)
    assert (windows["dc-02"]["bad_ratings"], windows["dc-02"]["stars"]) == (1, 1)
    assert windows["dc-03"]["average_grade"] is None
