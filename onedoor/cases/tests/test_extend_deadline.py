"""Extending a case's time limit (延期) within the statutory extension of its matter."""

from onedoor.cases.actions.clock import extend_deadline
from onedoor.cases.tests.applications import (
    approver,
    decide,
    enrollment,
    food_licence,
    restaurant,
)
from onedoor.core.models import AuditEvent
from onedoor.core.services.calendar import add_working_days


def extend(world, case, holder, days=3, reason="需现场核查经营场所"):
    return world.post(f"cases/{case.number}/extend", {"days": days, "reason": reason}, holder)


def test_the_market_approver_extends_the_food_licence_by_working_days(world):
    case = food_licence(world)
    deadline, statutory = case.deadline, case.statutory_deadline

    response = extend(world, case, approver(world, "market"), days=3)

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.extended_days == 3
    assert case.deadline == add_working_days(deadline, 3).date
    assert case.statutory_deadline == add_working_days(statutory, 3).date
    assert response.json()["deadline"] == case.deadline.isoformat()
    event = AuditEvent.objects.get(object_id=case.number, action="case.deadline_extended")
    assert event.payload["days"] == 3
    assert event.payload["reason"] == "需现场核查经营场所"


def test_extensions_add_up_to_the_statutory_extension_and_no_further(world):
    case = food_licence(world)
    assert extend(world, case, approver(world, "market"), days=3).status_code == 200
    assert extend(world, case, approver(world, "market"), days=2).status_code == 200
    case.refresh_from_db()
    deadline = case.deadline

    response = extend(world, case, approver(world, "market"), days=1)

    assert response.status_code == 409
    assert response.json()["code"] == "extension_not_allowed"
    assert response.json()["details"]["limit"] == 5
    case.refresh_from_db()
    assert (case.extended_days, case.deadline) == (5, deadline)


def test_a_matter_without_a_statutory_extension_cannot_be_extended(world):
    case = enrollment(world)

    response = extend(world, case, approver(world, "education"), days=1)

    assert response.status_code == 409
    assert response.json()["details"]["limit"] == 0


def test_a_bundle_extends_only_as_far_as_every_one_of_its_matters_allows(world):
    # The fire safety check has no statutory extension, so the one clock of the bundle has none.
    case = restaurant(world)

    response = extend(world, case, approver(world, "market"), days=1)

    assert response.status_code == 409
    assert response.json()["details"]["limit"] == 0


def test_a_reason_is_required(world):
    case = food_licence(world)

    response = extend(world, case, approver(world, "market"), reason="   ")

    assert response.status_code == 422
    case.refresh_from_db()
    assert case.extended_days == 0


def test_days_must_be_positive(world):
    case = food_licence(world)

    response = extend(world, case, approver(world, "market"), days=0)

    assert response.status_code == 422


def test_a_supervisor_may_extend(world):
    case = food_licence(world)

    extended = extend_deadline(
        case.number, actor=world.staff("supervisor"), days=5, reason="跨部门会商"
    )

    assert extended.extended_days == 5


def test_a_clerk_or_another_department_may_not_extend(world):
    case = food_licence(world)

    assert extend(world, case, world.staff("clerk")).status_code == 403
    assert extend(world, case, approver(world, "education")).status_code == 403
    assert extend(world, case, world.persons["parent"]).status_code == 403
    case.refresh_from_db()
    assert case.extended_days == 0


def test_a_paused_clock_may_be_extended(world):
    case = food_licence(world)
    decide(world, case, "market", "return", opinion="请补充布局图")

    response = extend(world, case, approver(world, "market"), days=2)

    assert response.status_code == 200, response.json()


def test_a_decided_case_cannot_be_extended(world):
    case = food_licence(world)
    decide(world, case, "market")

    response = extend(world, case, approver(world, "market"), days=1)

    assert response.status_code == 409
    assert response.json()["code"] == "extension_not_allowed"
