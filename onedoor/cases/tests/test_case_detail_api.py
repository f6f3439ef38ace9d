"""GET cases/{number}: who may read a case, the read's trail, and the clock as days pass."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from onedoor.cases.tests.applications import enrollment
from onedoor.core.services.calendar import add_working_days
from onedoor.registry.models import DataAccess

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_applicant_reads_their_case_with_its_clock_tasks_and_trail(world):
    case = enrollment(world)

    response = world.get(f"cases/{case.number}", world.persons["child_eligible"])

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["number"], body["status"], body["matter"]) == (
        case.number,
        "accepted",
        "new-student-enrollment",
    )
    assert body["clock"] == {
        "state": "running",
        "used_days": 0,
        "remaining_days": 10,
        "color": "green",
    }
    [task] = body["tasks"]
    assert (task["department"], task["status"]) == ("education", "open")
    assert [e["type"] for e in body["events"]][:2] == ["case.submitted", "case.accepted"]


def test_the_guardian_reads_the_childs_case(world):
    case = enrollment(world)

    response = world.get(f"cases/{case.number}", world.persons["parent"])

    assert response.status_code == 200


def test_a_stranger_is_told_the_case_does_not_exist(world):
    case = enrollment(world)

    response = world.get(f"cases/{case.number}", world.persons["newcomer"])

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_anonymous_caller_is_asked_to_authenticate(world):
    case = enrollment(world)

    assert world.client.get(f"/api/v1/cases/{case.number}").status_code == 401


def test_a_clerks_read_is_in_the_applicants_access_log(world):
    case = enrollment(world)
    child = world.persons["child_eligible"]
    before = DataAccess.objects.filter(person=child).count()

    response = world.get(f"cases/{case.number}", world.staff("clerk"))

    assert response.status_code == 200
    entry = DataAccess.objects.filter(person=child).order_by("-at", "-id").first()
    assert DataAccess.objects.filter(person=child).count() == before + 1
    assert (entry.accessor, entry.action, entry.purpose) == ("staff:clerk", "read", case.number)
    log = world.get("me/access-log", child).json()
    assert log["items"][0]["purpose"] == case.number


def test_a_citizens_read_is_not_logged_as_a_staff_read(world):
    case = enrollment(world)
    child = world.persons["child_eligible"]
    before = DataAccess.objects.filter(person=child).count()

    world.get(f"cases/{case.number}", world.persons["parent"])

    assert DataAccess.objects.filter(person=child).count() == before


def test_the_detail_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    case = enrollment(world)
    headers = world.headers(world.persons["parent"])
    world.client.get(f"/api/v1/cases/{case.number}", **headers)  # the token's first use

    # The token, the case with its parties, its checklist, its tasks, its trail; a case not
    # decided has no results to read.
    with django_assert_max_num_queries(5):
        response = world.client.get(f"/api/v1/cases/{case.number}", **headers)

    assert response.status_code == 200


def test_a_staff_read_adds_only_its_access_log_row(world, django_assert_max_num_queries):
    case = enrollment(world)
    headers = world.headers(world.staff("clerk"))
    world.client.get(f"/api/v1/cases/{case.number}", **headers)  # the token's first use

    # As for the applicant, and the access-log row: one statement, whatever the database.
    with django_assert_max_num_queries(6):
        response = world.client.get(f"/api/v1/cases/{case.number}", **headers)

    assert response.status_code == 200
    assert len(response.json()["tasks"]) == 1


def test_a_decided_case_reads_its_results_and_no_tasks_it_never_had(
    world, submit, django_assert_max_num_queries
):
    body = {
        "matter": "household-certificate",
        "applicant": {"id_number": world.persons["parent"].id_number},
        "form": {"purpose": "kinship"},
        "materials": [{"code": "id-card", "paper": True}],
    }
    created = submit(body)
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    headers = world.headers(world.persons["parent"])
    world.client.get(f"/api/v1/cases/{number}", **headers)

    with django_assert_max_num_queries(5):
        detail = world.client.get(f"/api/v1/cases/{number}", **headers).json()

    assert detail["status"] == "decided"
    assert detail["tasks"] == []
    [result] = detail["results"]
    assert result["matter"] == "household-certificate" and result["licence"]


def test_the_clock_turns_yellow_then_red_as_the_days_pass(world):
    case = enrollment(world)  # promised 10 working days
    accepted_on = timezone.localtime(case.accepted_at).date()
    headers = world.headers(world.staff("clerk"))

    def clock_on(day: dt.date) -> dict:
        moment = dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)
        with time_machine.travel(moment, tick=False):
            return world.client.get(f"/api/v1/cases/{case.number}", **headers).json()["clock"]

    early = clock_on(add_working_days(accepted_on, 3).date)
    late = clock_on(add_working_days(accepted_on, 8).date)
    over = clock_on(add_working_days(case.deadline, 2).date)

    assert (early["color"], early["used_days"], early["remaining_days"]) == ("green", 3, 7)
    assert (late["color"], late["used_days"], late["remaining_days"]) == ("yellow", 8, 2)
    assert (over["color"], over["used_days"], over["remaining_days"]) == ("red", 12, -2)
