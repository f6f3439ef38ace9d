"""Delivering a decided case's result (出件): at a window, by mail, or by download."""

import pytest

from onedoor.cases.actions.delivery import deliver_case
from onedoor.cases.tests.applications import approver, decide, enrollment, submitted
from onedoor.core.models import AuditEvent


def deliver(world, case, holder, method="window"):
    return world.post(f"cases/{case.number}/deliver", {"method": method}, holder)


@pytest.fixture
def decided(world):
    case = enrollment(world)
    assert decide(world, case, "education").status_code == 200
    return case


def test_a_clerk_hands_the_result_over_at_the_window(world, decided):
    response = deliver(world, decided, world.staff("clerk"))

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "delivered"
    decided.refresh_from_db()
    assert (decided.status, decided.delivery_method) == ("delivered", "window")
    assert decided.delivered_at is not None
    assert decided.decision == "approved"
    event = AuditEvent.objects.get(object_id=decided.number, action="case.delivered")
    assert (event.actor, event.payload) == ("staff:clerk", {"method": "window"})


def test_delivering_twice_changes_nothing(world, decided):
    deliver(world, decided, world.staff("clerk"))
    decided.refresh_from_db()
    first = decided.delivered_at

    response = deliver(world, decided, approver(world, "education"), method="mail")

    assert response.status_code == 200
    decided.refresh_from_db()
    assert (decided.delivered_at, decided.delivery_method) == (first, "window")
    assert AuditEvent.objects.filter(object_id=decided.number, action="case.delivered").count() == 1


def test_the_guardian_downloads_the_result(world, decided):
    response = deliver(world, decided, world.persons["parent"], method="download")

    assert response.status_code == 200, response.json()
    decided.refresh_from_db()
    assert (decided.status, decided.delivery_method) == ("delivered", "download")


def test_a_citizen_cannot_record_a_collection_at_the_window(world, decided):
    response = deliver(world, decided, world.persons["parent"], method="window")

    assert response.status_code == 403
    decided.refresh_from_db()
    assert decided.status == "decided"


def test_a_stranger_is_told_the_case_does_not_exist(world, decided):
    response = deliver(world, decided, world.persons["newcomer"], method="download")

    assert response.status_code == 404


def test_another_departments_approver_may_not_deliver(world, decided):
    response = deliver(world, decided, approver(world, "market"))

    assert response.status_code == 403


def test_an_undecided_case_has_nothing_to_deliver(world):
    case = enrollment(world)

    response = deliver(world, case, world.staff("clerk"))

    assert response.status_code == 409
    assert response.json()["code"] == "case_not_decided"


def test_an_unknown_method_is_refused(world, decided):
    response = deliver(world, decided, world.staff("clerk"), method="pigeon")

    assert response.status_code == 422
    decided.refresh_from_db()
    assert decided.status == "decided"


def test_an_instant_case_decided_at_the_window_is_delivered_there(world):
    case = submitted(
        world,
        {
            "matter": "household-certificate",
            "applicant": {"id_number": world.persons["parent"].id_number},
            "form": {"purpose": "kinship"},
        },
    )
    assert case.status == "decided"

    delivered = deliver_case(case.number, actor=world.staff("clerk"), method="window")

    assert delivered.status == "delivered"
