"""The clock sweep of supervision (电子监察): yellow and red cards, overdue commitments."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from onedoor.cases.actions.clock import sweep_clocks
from onedoor.cases.tasks import sweep_clocks_task
from onedoor.cases.tests.applications import (
    approver,
    decide,
    enrollment,
    food_licence,
    restaurant,
    restaurant_body,
    submitted,
)
from onedoor.core.models import AuditEvent, SystemAlert
from onedoor.core.schedule import discover_jobs
from onedoor.core.services.calendar import add_working_days

SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(day: dt.date):
    """Travel to ten in the morning of ``day`` in the district, the clock standing still."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI), tick=False)


def accepted_on(case) -> dt.date:
    return timezone.localtime(case.accepted_at).date()


def alert(key: str) -> SystemAlert | None:
    return SystemAlert.objects.filter(key=key).first()


def test_a_fresh_clock_is_not_carded(world):
    case = enrollment(world)

    result = sweep_clocks()

    assert result.checked >= 1
    assert (result.yellow, result.red) == (0, 0)
    assert not SystemAlert.objects.filter(key__contains=case.number).exists()


def test_a_clock_turns_yellow_when_two_thirds_of_the_promised_days_are_used(world):
    case = enrollment(world)  # promised 10 working days: yellow from the 7th day used
    start = accepted_on(case)

    with on(add_working_days(start, 6).date):
        sweep_clocks()
    assert alert(f"case-yellow:{case.number}") is None

    with on(add_working_days(start, 7).date):
        result = sweep_clocks()

    card = alert(f"case-yellow:{case.number}")
    assert card is not None and result.yellow == 1
    assert (card.kind, card.level) == ("case_clock_yellow", "warning")
    assert case.number in card.message


def test_a_clock_turns_yellow_two_working_days_before_its_deadline(world):
    case = food_licence(world)  # promised 5 working days: 3 used leave 2, under two thirds
    deadline = case.deadline

    with on(add_working_days(accepted_on(case), 2).date):
        sweep_clocks()
    assert alert(f"case-yellow:{case.number}") is None

    with on(add_working_days(accepted_on(case), 3).date):
        sweep_clocks()
    assert alert(f"case-yellow:{case.number}") is not None
    assert deadline == add_working_days(accepted_on(case), 5).date


def test_a_clock_past_its_deadline_is_carded_red_once(world):
    case = enrollment(world)
    late = add_working_days(case.deadline, 1).date

    with on(late):
        first = sweep_clocks()
        second = sweep_clocks()

    card = alert(f"case-red:{case.number}")
    assert card is not None
    assert (card.kind, card.level) == ("case_clock_red", "critical")
    assert (first.red, second.red) == (1, 0)
    raised = AuditEvent.objects.filter(action="core.alert_raised", object_id=card.key)
    assert raised.count() == 1


def test_a_yellow_card_is_followed_by_a_red_one(world):
    case = enrollment(world)

    with on(case.deadline):
        sweep_clocks()
    with on(add_working_days(case.deadline, 1).date):
        sweep_clocks()

    assert alert(f"case-yellow:{case.number}") is not None
    assert alert(f"case-red:{case.number}") is not None


def test_an_extended_deadline_keeps_the_clock_green_longer(world):
    case = food_licence(world)
    world.post(
        f"cases/{case.number}/extend", {"days": 5, "reason": "现场核查"}, approver(world, "market")
    )

    with on(add_working_days(accepted_on(case), 6).date):
        sweep_clocks()

    assert not SystemAlert.objects.filter(key__contains=case.number).exists()


def test_paused_decided_and_withdrawn_clocks_are_not_carded(world):
    returned = food_licence(world)
    decide(world, returned, "market", "return", opinion="请补充材料")
    decided = enrollment(world)
    decide(world, decided, "education")
    withdrawn = restaurant(world)
    world.post(f"cases/{withdrawn.number}/withdraw", {}, world.staff("clerk"))

    with on(add_working_days(decided.deadline, 10).date):
        result = sweep_clocks()

    assert (result.checked, result.yellow, result.red) == (0, 0, 0)
    assert not SystemAlert.objects.filter(kind__startswith="case_").exists()


def test_a_tolerant_commitment_past_its_due_date_is_alerted_once(world):
    case = submitted(world, restaurant_body(world, commitments=("food-safety-rules",)))
    assert case.outcome == "tolerant", case.trace
    due = case.materials.get(code="food-safety-rules").due
    assert due == case.deadline

    with on(due):
        sweep_clocks()
    key = f"case-commitment-overdue:{case.number}:food-safety-rules"
    assert alert(key) is None

    with on(due + dt.timedelta(days=1)):
        first = sweep_clocks()
        second = sweep_clocks()

    card = alert(key)
    assert card is not None and card.kind == "case_commitment_overdue"
    assert (first.commitments, second.commitments) == (1, 0)


def test_a_second_sweep_over_carded_cases_costs_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    cases = [enrollment(world), food_licence(world)]
    late = add_working_days(max(c.deadline for c in cases), 1).date
    with on(late):
        assert sweep_clocks().red == 2

        with django_assert_max_num_queries(2):
            result = sweep_clocks()

    assert (result.checked, result.red) == (0, 0)


def test_the_sweep_runs_every_minute_as_a_periodic_task(world):
    case = enrollment(world)
    jobs = {job.name: job.every for job in discover_jobs()}

    with on(add_working_days(case.deadline, 1).date):
        answer = sweep_clocks_task.call()

    assert jobs["onedoor.cases.tasks.sweep_clocks_task"] == 60
    assert answer["red"] == 1


@pytest.mark.parametrize("holder", ["clerk", "approver-education"])
def test_only_supervisors_read_the_alerts(world, holder):
    response = world.get("alerts", world.staff(holder))

    assert response.status_code == 403


def test_a_citizen_may_not_read_the_alerts(world):
    assert world.get("alerts", world.persons["parent"]).status_code == 403


def test_the_supervisor_reads_the_cards_newest_first(world, django_assert_max_num_queries):
    cases = [enrollment(world), food_licence(world)]
    with on(add_working_days(max(c.deadline for c in cases), 1).date):
        sweep_clocks()
    headers = world.headers(world.staff("supervisor"))

    with django_assert_max_num_queries(5):
        response = world.client.get("/api/v1/alerts?open=true&limit=1", **headers)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == SystemAlert.objects.filter(resolved_at__isnull=True).count() >= 2
    [item] = body["items"]
    assert set(item) == {"key", "kind", "level", "message", "created_at", "resolved_at"}
    assert item["key"] == SystemAlert.objects.order_by("-created_at", "-id").first().key
