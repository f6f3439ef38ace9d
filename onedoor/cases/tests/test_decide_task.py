"""Deciding review tasks (并联审批): approve, reject (不予许可), return (补正), over HTTP."""

import copy
import threading

import pytest
from django.db import connection

from onedoor.cases.actions.review import decide_task
from onedoor.cases.models import Case, CaseResult, ReviewTask
from onedoor.cases.tests.applications import (
    approver,
    decide,
    enrollment,
    restaurant,
    submitted,
    task_of,
)
from onedoor.cases.tests.conftest import catalog_subset
from onedoor.catalog.actions import import_catalog
from onedoor.core.models import AuditEvent
from onedoor.licences.queries import verify_licence


def events(case: Case, action: str) -> int:
    return AuditEvent.objects.filter(object_id=case.number, action=action).count()


def test_education_approves_the_eligible_child_and_the_enrollment_notice_is_issued(world):
    case = enrollment(world)

    response = decide(world, case, "education", opinion="符合条件")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["number"], body["status"], body["decision"]) == (case.number, "decided", "approve")
    case.refresh_from_db()
    assert (case.status, case.decision, case.clock_state) == ("decided", "approved", "stopped")
    [result] = case.results.select_related("licence__licence_type", "licence__holder_person")
    assert result.licence.licence_type.code == "enrollment-notice"
    assert result.licence.holder_person == world.persons["child_eligible"]
    assert verify_licence(result.licence.number).valid
    assert events(case, "case.task_decided") == 1
    assert events(case, "case.decided") == 1


def test_restaurant_bundle_is_decided_once_with_three_licences_after_three_approvals(world):
    case = restaurant(world)

    assert decide(world, case, "market").status_code == 200
    assert decide(world, case, "urban").status_code == 200
    case.refresh_from_db()
    assert case.status == "in_review"
    assert not case.results.exists()

    assert decide(world, case, "fire").status_code == 200

    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "approved")
    results = {r.matter_code: r.licence for r in case.results.select_related("licence")}
    assert set(results) == {"food-business-licence", "outdoor-signboard", "fire-safety-check"}
    assert all(
        licence is not None and verify_licence(licence.number).valid for licence in results.values()
    )
    assert {licence.holder_organisation for licence in results.values()} == {world.company}
    assert events(case, "case.decided") == 1


def test_one_departments_rejection_decides_the_case_rejected_and_closes_the_others(world):
    case = restaurant(world)
    decide(world, case, "market")

    response = decide(world, case, "urban", "reject", opinion="招牌尺寸超出设置规范")

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "rejected")
    assert case.reasons == "招牌尺寸超出设置规范"
    assert case.duplicate_key is None
    results = list(case.results.all())
    assert len(results) == 3
    assert all(r.licence_id is None and "招牌尺寸超出设置规范" in r.document for r in results)
    statuses = dict(case.tasks.values_list("department__code", "status"))
    assert statuses == {"market": "decided", "urban": "decided", "fire": "closed"}
    detail = world.get(f"cases/{case.number}", world.staff("clerk")).json()
    assert detail["decision"] == "rejected"
    assert all(r["licence"] is None for r in detail["results"])


def test_rejection_and_return_need_an_opinion(world):
    case = enrollment(world)

    response = decide(world, case, "education", "reject", opinion="  ")

    assert response.status_code == 422
    assert "opinion" in response.json()["details"]["fields"]
    assert task_of(case, "education").status == "open"


def test_return_pauses_the_clock_until_a_supplement(world):
    case = enrollment(world)

    response = decide(world, case, "education", "return", opinion="请补充预防接种证明原件")

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert (case.status, case.clock_state) == ("returned", "paused")
    assert case.paused_since is not None
    assert case.decision == ""
    clock = world.get(f"cases/{case.number}", world.staff("clerk")).json()["clock"]
    assert clock["state"] == "paused"
    assert events(case, "case.returned") == 1


def test_a_decided_task_answers_task_already_decided(world):
    case = restaurant(world)
    decide(world, case, "market")
    task = ReviewTask.objects.get(case=case, department__code="market")

    response = world.post(
        f"tasks/{task.public_id}/decide", {"decision": "reject", "opinion": "改主意"},
        approver(world, "market"),
    )  # fmt: skip

    assert response.status_code == 409
    assert response.json()["code"] == "task_already_decided"
    task.refresh_from_db()
    assert task.decision == "approve"


def test_another_departments_approver_may_not_decide(world):
    case = enrollment(world)

    response = decide(world, case, "education", holder=approver(world, "market"))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert task_of(case, "education").status == "open"


def test_a_clerk_may_not_decide(world):
    case = enrollment(world)

    response = decide(world, case, "education", holder=world.staff("clerk"))

    assert response.status_code == 403


def test_a_citizen_token_may_not_decide(world):
    case = enrollment(world)

    response = decide(world, case, "education", holder=world.persons["parent"])

    assert response.status_code == 403
    assert task_of(case, "education").status == "open"


@pytest.mark.parametrize("task_id", ["3f2c1d9e-0000-4000-8000-000000000000", "not-a-uuid"])
def test_an_unknown_task_is_not_found(world, task_id):
    response = world.post(
        f"tasks/{task_id}/decide", {"decision": "approve"}, approver(world, "education")
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_decision_is_refused(world):
    case = enrollment(world)

    response = decide(world, case, "education", "maybe")

    assert response.status_code == 422
    assert task_of(case, "education").status == "open"


def test_anonymous_callers_are_asked_to_authenticate(world):
    case = enrollment(world)
    task = task_of(case, "education")

    response = world.client.post(
        f"/api/v1/tasks/{task.public_id}/decide", {"decision": "approve"},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 401


def _signboard_with_any_review() -> dict:
    """A matter whose one stage passes on the first approval of urban or market."""
    document = catalog_subset(matters=("outdoor-signboard",), bundles=())
    [matter] = document["matters"]
    matter = copy.deepcopy(matter)
    matter.update(code="signboard-any-review", name="户外招牌设置（任一部门审查）")
    matter["stages"] = [{"name": "任一部门审查", "rule": "any", "reviews": ["urban", "market"]}]
    document["matters"] = [matter]
    return document


def test_under_the_any_rule_the_first_approval_passes_the_stage_and_closes_the_others(world):
    import_catalog(_signboard_with_any_review(), actor="staff:admin")
    case = submitted(
        world,
        {
            "matter": "signboard-any-review",
            "applicant": {"uscc": world.company.uscc},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": {"premises_address": "禅城区汾江中路1号", "signboard_width": 4,
                     "signboard_height": 1.2},
            "materials": [
                {"code": code, "paper": True}
                for code in ("signboard-application", "signboard-design", "premises-proof",
                             "signboard-safety-commitment")
            ],
        },
    )  # fmt: skip
    assert case.status == "accepted", case.trace
    assert sorted(case.tasks.values_list("department__code", flat=True)) == ["market", "urban"]

    response = decide(world, case, "urban")

    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "approved")
    assert dict(case.tasks.values_list("department__code", "status")) == {
        "urban": "decided",
        "market": "closed",
    }
    late = world.post(
        f"tasks/{ReviewTask.objects.get(case=case, department__code='market').public_id}/decide",
        {"decision": "approve"}, approver(world, "market"),
    )  # fmt: skip
    assert late.status_code == 409


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two connections writing at once: SQLite's in-memory test database is one "
    "connection shared by every thread, so it cannot show a race (run with DATABASE_URL "
    "pointing at PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_two_last_approvals_at_the_same_moment_decide_the_case_exactly_once(world):
    case = restaurant(world)
    decide(world, case, "market")
    tasks = {t.department.code: t.public_id for t in case.tasks.filter(status="open")}
    users = {code: approver(world, code) for code in tasks}
    start = threading.Barrier(len(tasks))
    errors: list[BaseException] = []

    def approve(code: str) -> None:
        try:
            start.wait(timeout=10)
            decide_task(tasks[code], actor=users[code], decision="approve")
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(code,)) for code in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "approved")
    assert CaseResult.objects.filter(case=case, licence__isnull=False).count() == 3
    assert events(case, "case.decided") == 1
