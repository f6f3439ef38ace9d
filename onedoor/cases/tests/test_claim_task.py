"""Claiming a review task: the approver takes it, and the case is then in review."""

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import Role
from onedoor.cases.tests.applications import approver, decide, enrollment, task_of
from onedoor.core.models import AuditEvent


def claim(world, task, holder):
    return world.post(f"tasks/{task.public_id}/claim", {}, holder)


def test_an_approver_claims_a_task_and_the_case_goes_into_review(world):
    case = enrollment(world)
    task = task_of(case, "education")

    response = claim(world, task, approver(world, "education"))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["number"], body["status"]) == (
        str(task.public_id),
        case.number,
        "open",
    )
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.claimed_by == approver(world, "education")
    assert case.status == "in_review"
    assert AuditEvent.objects.filter(object_id=case.number, action="case.task_claimed").exists()


def test_claiming_again_is_harmless_for_the_same_approver(world):
    case = enrollment(world)
    task = task_of(case, "education")
    claim(world, task, approver(world, "education"))

    response = claim(world, task, approver(world, "education"))

    assert response.status_code == 200


def test_a_task_claimed_by_a_colleague_cannot_be_claimed(world):
    colleague = create_staff_user(
        actor=None, username="approver-education-2", password=None, full_name="陈老师",
        roles=[(Role.APPROVER, "education", None)],
    )  # fmt: skip
    case = enrollment(world)
    task = task_of(case, "education")
    claim(world, task, approver(world, "education"))

    response = claim(world, task, colleague)

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    task.refresh_from_db()
    assert task.claimed_by == approver(world, "education")


def test_another_departments_approver_may_not_claim(world):
    task = task_of(enrollment(world), "education")

    response = claim(world, task, approver(world, "police"))

    assert response.status_code == 403
    task.refresh_from_db()
    assert task.claimed_by is None


def test_a_citizen_may_not_claim(world):
    task = task_of(enrollment(world), "education")

    response = claim(world, task, world.persons["parent"])

    assert response.status_code == 403


def test_a_decided_task_cannot_be_claimed(world):
    case = enrollment(world)
    task = task_of(case, "education")
    decide(world, case, "education")

    response = claim(world, task, approver(world, "education"))

    assert response.status_code == 409
    assert response.json()["code"] == "task_already_decided"
