"""Rating a finished case (好差评): POST cases/{number}/rating and the rate_case action."""

import pytest

from onedoor.cases.models import Case
from onedoor.cases.tests.applications import ENROLLMENT_FORM
from onedoor.cases.tests.conftest import world
from onedoor.core.models import AuditEvent
from onedoor.ratings.models import Rating

pytestmark = pytest.mark.django_db

__all__ = ["world"]


def _certificate(world) -> Case:
    """An instant matter the parent applies for in the app: decided on the spot."""
    body = {
        "matter": "household-certificate",
        "applicant": {"id_number": world.persons["parent"].id_number},
        "channel": "app",
        "form": {"purpose": "kinship"},
    }
    response = world.post("cases", body, world.persons["parent"])
    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert case.status == "decided", (case.outcome, case.unmet_conditions)
    return case


def test_the_applicant_rates_a_decided_case_once(world):
    case = _certificate(world)
    parent = world.persons["parent"]

    response = world.post(
        f"cases/{case.number}/rating", {"grade": 5, "comment": "很快，不用跑"}, parent
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["grade"], body["grade_name"], body["label"]) == (5, "very_satisfied", "非常满意")
    rating = Rating.objects.get()
    assert (rating.case, rating.rater, rating.comment) == (case, parent, "很快，不用跑")
    event = AuditEvent.objects.get(action="ratings.case_rated")
    assert event.payload == {"case": case.number, "grade": 5, "bad": False}
    assert world.get(f"cases/{case.number}/rating", parent).json()["grade"] == 5


def test_a_retry_returns_the_same_rating_and_another_grade_is_refused(world):
    case = _certificate(world)
    parent = world.persons["parent"]
    world.post(f"cases/{case.number}/rating", {"grade": "dissatisfied"}, parent)

    retry = world.post(f"cases/{case.number}/rating", {"grade": 2}, parent)
    other = world.post(f"cases/{case.number}/rating", {"grade": 5}, parent)

    assert retry.status_code == 200
    assert (other.status_code, other.json()["code"]) == (409, "already_rated")
    assert Rating.objects.get().grade == 2


def test_an_open_case_cannot_be_rated_yet(world):
    body = {
        "matter": "new-student-enrollment",
        "applicant": {"id_number": world.persons["child_eligible"].id_number},
        "channel": "app",
        "form": ENROLLMENT_FORM,
    }
    number = world.post("cases", body, world.persons["parent"]).json()["number"]

    response = world.post(f"cases/{number}/rating", {"grade": 4}, world.persons["parent"])

    assert (response.status_code, response.json()["code"]) == (409, "case_not_finished")
    assert Rating.objects.count() == 0


def test_only_the_applicant_side_may_rate(world):
    case = _certificate(world)

    stranger = world.post(f"cases/{case.number}/rating", {"grade": 1}, world.persons["newcomer"])
    staff = world.post(f"cases/{case.number}/rating", {"grade": 1}, world.staff("clerk"))
    anonymous = world.client.post(f"/api/v1/cases/{case.number}/rating", {"grade": 1})

    assert stranger.status_code == 404
    assert staff.status_code == 403
    assert anonymous.status_code == 401
    assert Rating.objects.count() == 0


@pytest.mark.parametrize("grade", [0, 6, "excellent", None])
def test_a_grade_outside_the_five_is_422(world, grade):
    case = _certificate(world)

    response = world.post(f"cases/{case.number}/rating", {"grade": grade}, world.persons["parent"])

    assert response.status_code == 422
    assert Rating.objects.count() == 0
