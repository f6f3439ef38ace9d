"""Review tasks carry their case's deadline, so the inbox is ordered from the tasks' own index.

Every action that sets or moves the case's deadline keeps its tasks in step: acceptance, the
opening of a later stage, an extension, and the end of a return (paused days added).
"""

import datetime as dt
import importlib

from django.apps import apps
from django.db import connection
from django.utils import timezone

from onedoor.cases.actions.stages import open_stage
from onedoor.cases.models import Case, ReviewTask
from onedoor.cases.queries import get_inbox
from onedoor.cases.tests.applications import (
    approver,
    decide,
    enrollment,
    food_licence,
    restaurant,
    task_of,
)
from onedoor.core.services.calendar import add_working_days

DEADLINE_MIGRATION = importlib.import_module(
    "onedoor.cases.migrations.0002_reviewtask_add_deadline_inbox_index"
)


def task_deadlines(case: Case) -> set[dt.date | None]:
    return set(ReviewTask.objects.filter(case=case).values_list("deadline", flat=True))


def test_tasks_opened_at_acceptance_carry_the_case_deadline(world):
    case = restaurant(world)

    assert case.deadline is not None
    assert task_deadlines(case) == {case.deadline}
    assert ReviewTask.objects.filter(case=case).count() == 3


def test_a_later_stage_opens_with_the_case_deadline(world):
    case = restaurant(world)
    case.stages = [*case.stages, {"name": "复核", "rule": "all", "reviews": ["market"]}]

    [task] = open_stage(case, len(case.stages) - 1)

    assert task.deadline == case.deadline
    assert ReviewTask.objects.get(pk=task.pk).deadline == case.deadline


def test_an_extension_moves_the_tasks_deadline_with_the_case(world):
    case = food_licence(world)

    response = world.post(
        f"cases/{case.number}/extend", {"days": 4, "reason": "现场核查"}, approver(world, "market")
    )

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert task_deadlines(case) == {case.deadline}


def test_the_end_of_a_return_moves_the_tasks_deadline_by_the_paused_days(world):
    case = enrollment(world)
    returned = decide(world, case, "education", "return", opinion="请补充户口簿原件")
    assert returned.status_code == 200, returned.json()
    # Returned a fortnight ago: ten working days or so were paused.
    paused_since = timezone.localdate() - dt.timedelta(days=14)
    Case.objects.filter(pk=case.pk).update(paused_since=paused_since)
    before = case.deadline

    response = world.post(
        f"cases/{case.number}/supplement",
        {"materials": [{"code": "child-household-register", "paper": True}]},
        world.staff("clerk"),
    )

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.paused_days > 0
    assert case.deadline == add_working_days(before, case.paused_days).date
    assert task_deadlines(case) == {case.deadline}
    assert response.json()["tasks"][0]["status"] == "open"


def test_the_inbox_follows_the_tasks_deadlines_nulls_last_then_age(world):
    older, newer = food_licence(world), restaurant(world)
    market = approver(world, "market")
    day = timezone.localdate()

    def numbers(**page: int) -> list[str]:
        return [t.case.number for t in get_inbox(market, **page)[1]]

    ReviewTask.objects.filter(case=older).update(deadline=None)
    ReviewTask.objects.filter(case=newer).update(deadline=day + dt.timedelta(days=2))
    assert numbers() == [newer.number, older.number]
    ReviewTask.objects.filter(case=older).update(deadline=day + dt.timedelta(days=1))
    assert numbers() == [older.number, newer.number]
    ReviewTask.objects.update(deadline=day)
    assert numbers() == [older.number, newer.number]
    assert get_inbox(market, limit=1, offset=1) == (2, [task_of(newer, "market")])


def test_the_migration_copies_every_case_deadline_to_its_tasks(world):
    case, other = restaurant(world), enrollment(world)
    ReviewTask.objects.update(deadline=None)

    DEADLINE_MIGRATION.copy_case_deadlines(apps, connection.schema_editor())

    assert task_deadlines(case) == {case.deadline}
    assert task_deadlines(other) == {other.deadline}


def test_an_approver_of_two_departments_sees_both_with_their_own_codes(world):
    from onedoor.accounts.actions import create_staff_user

    enrollment(world)
    food_licence(world)
    both = create_staff_user(
        actor=None,
        username="approver-two",
        password=None,
        full_name="两部门审批",
        roles=[("approver", "education", None), ("approver", "market", None)],
    )

    count, page = get_inbox(both)

    assert count == 2
    assert sorted((t.department.code, t.case.code) for t in page) == [
        ("education", "new-student-enrollment"),
        ("market", "food-business-licence"),
    ]
