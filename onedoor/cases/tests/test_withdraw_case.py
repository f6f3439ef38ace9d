"""Withdrawing an application: the applicant, their agent or a clerk; undecided cases only."""

from onedoor.cases.actions.withdraw import withdraw_case
from onedoor.cases.tests.applications import approver, decide, enrollment, enrollment_body
from onedoor.core.models import AuditEvent


def withdraw(world, case, holder, reason="家长改变主意"):
    return world.post(f"cases/{case.number}/withdraw", {"reason": reason}, holder)


def test_the_guardian_withdraws_and_the_child_may_apply_again(world):
    case = enrollment(world)

    response = withdraw(world, case, world.persons["parent"])

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    assert response.json()["clock"]["state"] == "stopped"
    case.refresh_from_db()
    assert (case.status, case.clock_state, case.duplicate_key) == ("withdrawn", "stopped", None)
    assert case.closed_at is not None
    assert list(case.tasks.values_list("status", flat=True)) == ["closed"]
    event = AuditEvent.objects.get(object_id=case.number, action="case.withdrawn")
    assert event.payload["reason"] == "家长改变主意"
    again = world.post(
        "cases", {"channel": "online", **enrollment_body(world)}, world.persons["parent"]
    )
    assert again.status_code == 201, again.json()
    assert again.json()["status"] == "accepted"


def test_while_open_the_application_blocks_a_second_one(world):
    enrollment(world)

    again = world.post(
        "cases", {"channel": "online", **enrollment_body(world)}, world.persons["parent"]
    )

    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_application"


def test_the_applicant_withdraws_their_own_case(world):
    case = enrollment(world)

    withdrawn = withdraw_case(case.number, actor=world.persons["child_eligible"])

    assert withdrawn.status == "withdrawn"


def test_a_clerk_withdraws_at_the_window(world):
    case = enrollment(world)

    response = withdraw(world, case, world.staff("clerk"))

    assert response.status_code == 200, response.json()
    event = AuditEvent.objects.get(object_id=case.number, action="case.withdrawn")
    assert event.actor == "staff:clerk"


def test_a_stranger_is_told_the_case_does_not_exist(world):
    case = enrollment(world)

    response = withdraw(world, case, world.persons["newcomer"])

    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == "accepted"


def test_staff_without_the_clerk_role_may_not_withdraw(world):
    case = enrollment(world)

    response = withdraw(world, case, approver(world, "education"))

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "accepted"


def test_a_decided_case_cannot_be_withdrawn(world):
    case = enrollment(world)
    decide(world, case, "education")

    response = withdraw(world, case, world.persons["parent"])

    assert response.status_code == 409
    assert response.json()["code"] == "case_not_open"
    case.refresh_from_db()
    assert case.status == "decided"


def test_a_returned_case_can_be_withdrawn(world):
    case = enrollment(world)
    decide(world, case, "education", "return", opinion="请补充材料")

    response = withdraw(world, case, world.persons["parent"])

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert (case.status, case.clock_state) == ("withdrawn", "stopped")


def test_an_unknown_case_is_not_found(world):
    response = world.post("cases/20990101-XXXXXXX/withdraw", {}, world.staff("clerk"))

    assert response.status_code == 404
