"""Applications the review tests start from, submitted through the API like any window does."""

from typing import Any

from onedoor.accounts.models import User
from onedoor.cases.models import Case, ReviewTask
from onedoor.cases.tests.conftest import World

ENROLLMENT_FORM = {"school_preference": "zumiao-central", "guardian_phone": "13800000000"}
RESTAURANT_FORM = {
    "business_type": "catering",
    "venue_type": "restaurant",
    "premises_address": "禅城区汾江中路1号",
    "premises_area": 120.5,
    "signboard_width": 4,
    "signboard_height": 1.2,
}
RESTAURANT_PAPERS = (
    "food-licence-application",
    "layout-and-process",
    "food-safety-rules",
    "food-safety-manager",
    "signboard-application",
    "signboard-design",
    "premises-proof",
    "signboard-safety-commitment",
    "fire-check-application",
    "fire-plans",
    "fire-safety-rules",
)
FOOD_PAPERS = (
    "food-licence-application",
    "layout-and-process",
    "food-safety-rules",
    "food-safety-manager",
)


def submitted(world: World, body: dict[str, Any], holder: Any = None) -> Case:
    """Submit at the district centre's window (as the clerk unless told) and return the case."""
    body = {"channel": "window", "service_point": "district-centre", **body}
    response = world.post("cases", body, holder or world.staff("clerk"))
    assert response.status_code == 201, response.json()
    return Case.objects.get(number=response.json()["number"])


def accepted(case: Case) -> Case:
    assert case.status == "accepted", (case.outcome, case.unmet_conditions, case.trace)
    return case


def enrollment_body(world: World, child: str = "child_eligible", guardian: str = "parent") -> dict:
    return {
        "matter": "new-student-enrollment",
        "applicant": {"id_number": world.persons[child].id_number},
        "agent": {"id_number": world.persons[guardian].id_number},
        "form": ENROLLMENT_FORM,
    }


def enrollment(world: World) -> Case:
    """The eligible child's enrollment, accepted, in the education department's inbox."""
    return accepted(submitted(world, enrollment_body(world)))


def restaurant_body(world: World, commitments: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "bundle": "restaurant-opening",
        "applicant": {"uscc": world.company.uscc},
        "agent": {"id_number": world.persons["parent"].id_number},
        "form": RESTAURANT_FORM,
        "materials": [
            {"code": code, "commitment": True}
            if code in commitments
            else {"code": code, "paper": True}
            for code in RESTAURANT_PAPERS
        ],
    }


def restaurant(world: World) -> Case:
    """The restaurant bundle with every paper seen at the window: market, urban and fire review."""
    return accepted(submitted(world, restaurant_body(world)))


def food_licence(world: World) -> Case:
    """The food business licence alone (statutory 10 working days, extendable by 5)."""
    body = {
        "matter": "food-business-licence",
        "applicant": {"uscc": world.company.uscc},
        "agent": {"id_number": world.persons["parent"].id_number},
        "form": {
            k: RESTAURANT_FORM[k] for k in ("business_type", "premises_address", "premises_area")
        },
        "materials": [{"code": code, "paper": True} for code in FOOD_PAPERS],
    }
    return accepted(submitted(world, body))


def approver(world: World, department: str) -> User:
    return world.staff(f"approver-{department}")


def task_of(case: Case, department: str) -> ReviewTask:
    return ReviewTask.objects.get(case=case, department__code=department, status="open")


def decide(world: World, case: Case, department: str, decision: str = "approve", **extra: Any):
    """An approver of ``department`` decides that department's open task of the case."""
    task = task_of(case, department)
    body = {"decision": decision, "opinion": extra.pop("opinion", "")}
    holder = extra.pop("holder", None) or approver(world, department)
    return world.post(f"tasks/{task.public_id}/decide", body, holder)
