"""The approver's inbox and the case page: claim, decide, and what everyone may see."""

from typing import Any

import pytest

from onedoor.cases.models import Case, ReviewTask
from onedoor.registry.models import DataAccess

SIGNBOARD_FORM = {
    "premises_address": "禅城区汾江中路1号",
    "signboard_width": 4,
    "signboard_height": 1.2,
}
PAPER = ("signboard-application", "signboard-design", "premises-proof")


def signboard(world: Any, submit: Any) -> Case:
    """An accepted outdoor signboard case of the restaurant company, with an urban review task."""
    response = submit(
        {
            "matter": "outdoor-signboard",
            "applicant": {"uscc": world.company.uscc},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": SIGNBOARD_FORM,
            "materials": [{"code": code, "paper": True} for code in PAPER]
            + [{"code": "signboard-safety-commitment", "commitment": True}],
        }
    )
    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert case.outcome in ("accepted", "tolerant"), case.outcome
    return case


def restaurant(world: Any, submit: Any) -> Case:
    """The restaurant-opening bundle of the company: one case reviewed by three departments."""
    paper = (
        "food-licence-application", "layout-and-process", "signboard-application",
        "signboard-design", "premises-proof", "fire-check-application", "fire-plans",
    )  # fmt: skip
    promised = (
        "food-safety-rules", "food-safety-manager", "signboard-safety-commitment",
        "fire-safety-rules",
    )  # fmt: skip
    response = submit(
        {
            "bundle": "restaurant-opening",
            "applicant": {"uscc": world.company.uscc},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": {
                **SIGNBOARD_FORM,
                "business_type": "catering",
                "venue_type": "restaurant",
                "premises_area": 120.5,
            },
            "materials": [{"code": code, "paper": True} for code in paper]
            + [{"code": code, "commitment": True} for code in promised],
        }
    )
    assert response.status_code == 201, response.json()
    return Case.objects.get(number=response.json()["number"])


def enrollment(world: Any, submit: Any, child: str) -> Case:
    response = submit(
        {
            "matter": "new-student-enrollment",
            "applicant": {"id_number": world.persons[child].id_number},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": {"school_preference": "zumiao-central", "guardian_phone": "13800000000"},
            "materials": [{"code": "residence-permit", "paper": True}],
        }
    )
    assert response.status_code == 201, response.json()
    return Case.objects.get(number=response.json()["number"])


def test_approver_sees_the_departments_open_tasks_with_clock_and_masked_applicant(
    world, submit, signed_in
):
    case = signboard(world, submit)
    client = signed_in("approver-urban")
    page = client.get("/workbench/inbox/")
    assert page.status_code == 200
    [row] = page.context["rows"]
    assert row.case == case
    text = page.content.decode()
    assert case.number in text
    assert "wb-clock--green" in text
    assert "正常" in text, "the clock's colour is said in words too"


def test_approver_of_another_department_sees_none_of_its_tasks(world, submit, signed_in):
    signboard(world, submit)
    page = signed_in("approver-fire").get("/workbench/inbox/")
    assert page.context["rows"] == []


def test_inbox_filters_by_matter_status_and_clock_colour(world, submit, signed_in):
    signboard(world, submit)
    client = signed_in("approver-urban")
    assert len(client.get("/workbench/inbox/", {"matter": "outdoor-signboard"}).context["rows"])
    assert (
        client.get("/workbench/inbox/", {"matter": "food-business-licence"}).context["rows"] == []
    )
    assert client.get("/workbench/inbox/", {"colour": "red"}).context["rows"] == []
    assert len(client.get("/workbench/inbox/", {"colour": "green"}).context["rows"]) == 1
    assert client.get("/workbench/inbox/", {"status": "decided"}).context["rows"] == []


def test_inbox_is_sorted_by_deadline_and_paged(world, submit, signed_in, monkeypatch):
    from onedoor.workbench.views import review

    monkeypatch.setattr(review, "PAGE_SIZE", 1)
    first = signboard(world, submit)
    enrollment(world, submit, "child_eligible")  # an education task, not urban's
    client = signed_in("approver-urban")
    page = client.get("/workbench/inbox/")
    assert [r.case for r in page.context["rows"]] == [first]
    assert page.context["page"].paginator.count == 1


def test_inbox_runs_a_fixed_number_of_queries(
    world, submit, signed_in, django_assert_max_num_queries
):
    signboard(world, submit)
    restaurant(world, submit)
    client = signed_in("approver-urban")
    client.get("/workbench/inbox/")
    with django_assert_max_num_queries(7):
        page = client.get("/workbench/inbox/")
    assert len(page.context["rows"]) == 2


def test_case_page_shows_the_checklist_trail_and_masked_ids_and_logs_the_read(
    world, submit, signed_in, django_assert_max_num_queries
):
    case = signboard(world, submit)
    client = signed_in("approver-urban")
    client.get(f"/workbench/cases/{case.number}/")
    with django_assert_max_num_queries(12):
        page = client.get(f"/workbench/cases/{case.number}/")
    assert page.status_code == 200
    text = page.content.decode()
    parent = world.persons["parent"]
    assert parent.masked_id_number in text
    assert parent.id_number not in text
    assert "纸质原件已核" in text
    assert "提交申请" in text and "受理" in text
    assert "招牌宽度" in text, "form values are shown with their labels"
    assert DataAccess.objects.filter(
        organisation=world.company, accessor="staff:approver-urban", purpose=case.number
    ).exists()


def test_a_licence_on_the_checklist_links_to_its_verification_page(world, submit, signed_in):
    case = signboard(world, submit)
    reused = case.materials.get(code="business-licence")
    assert reused.state == "reused"
    page = signed_in("clerk").get(f"/workbench/cases/{case.number}/")
    assert f"/licences/{reused.source}/verify" in page.content.decode()


def test_approver_claims_and_approves_from_the_case_page(world, submit, signed_in):
    case = signboard(world, submit)
    client = signed_in("approver-urban")
    page = client.get(f"/workbench/cases/{case.number}/")
    [(task, _form)] = page.context["my_tasks"]
    claimed = client.post(f"/workbench/tasks/{task.public_id}/claim/", follow=True)
    assert "已认领" in claimed.content.decode()
    task.refresh_from_db()
    assert task.claimed_by == world.staff("approver-urban")
    prefix = str(task.public_id)
    decided = client.post(
        f"/workbench/tasks/{task.public_id}/decide/",
        {f"{prefix}-decision": "approve", f"{prefix}-opinion": ""},
        follow=True,
    )
    assert decided.redirect_chain[-1][0] == f"/workbench/cases/{case.number}/"
    task.refresh_from_db()
    case.refresh_from_db()
    assert task.decision == "approve"
    # The promised (tolerant) material is still due: review passed, the result waits for it.
    assert case.status == "in_review"
    assert "等待容缺材料" in decided.content.decode()
    assert "审查决定已保存" in decided.content.decode()


def test_reject_without_an_opinion_is_refused_with_a_message(world, submit, signed_in):
    case = signboard(world, submit)
    task = case.tasks.get()
    client = signed_in("approver-urban")
    prefix = str(task.public_id)
    response = client.post(
        f"/workbench/tasks/{task.public_id}/decide/",
        {f"{prefix}-decision": "reject", f"{prefix}-opinion": " "},
        follow=True,
    )
    assert "须写明意见" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "open"


def test_a_task_already_decided_answers_with_a_clear_message(world, submit, signed_in):
    case = signboard(world, submit)
    task = case.tasks.get()
    client = signed_in("approver-urban")
    prefix = str(task.public_id)
    body = {f"{prefix}-decision": "return", f"{prefix}-opinion": "招牌设计图不清晰"}
    client.post(f"/workbench/tasks/{task.public_id}/decide/", body)
    again = client.post(f"/workbench/tasks/{task.public_id}/decide/", body, follow=True)
    assert "已经处理过了" in again.content.decode()
    case.refresh_from_db()
    assert case.status == "returned"


def test_approver_of_another_department_gets_403_on_deciding(world, submit, signed_in):
    case = signboard(world, submit)
    task = case.tasks.get()
    prefix = str(task.public_id)
    response = signed_in("approver-fire").post(
        f"/workbench/tasks/{task.public_id}/decide/",
        {f"{prefix}-decision": "approve", f"{prefix}-opinion": ""},
    )
    assert response.status_code == 403
    assert ReviewTask.objects.get(pk=task.pk).status == "open"


def test_the_case_page_offers_decisions_only_to_the_departments_approvers(world, submit, signed_in):
    case = signboard(world, submit)
    assert (
        signed_in("approver-fire").get(f"/workbench/cases/{case.number}/").context["my_tasks"] == []
    )
    assert signed_in("clerk").get(f"/workbench/cases/{case.number}/").context["my_tasks"] == []


def test_a_clerk_cannot_decide(world, submit, signed_in):
    case = signboard(world, submit)
    task = case.tasks.get()
    response = signed_in("clerk").post(f"/workbench/tasks/{task.public_id}/decide/", {})
    assert response.status_code == 403


@pytest.mark.parametrize("number", ["20990101-NOSUCH1", "x" * 40])
def test_an_unknown_case_is_a_404_page(world, signed_in, number):
    assert signed_in("clerk").get(f"/workbench/cases/{number}/").status_code == 404
