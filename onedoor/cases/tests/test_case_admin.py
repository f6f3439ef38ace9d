"""Cases in the admin: listed, filtered, searched and shown, never edited."""

import pytest
from django.contrib.auth import get_user_model

from onedoor.cases.tests.applications import enrollment, restaurant


@pytest.fixture
def admin_client(world):
    user = get_user_model().objects.create_superuser("root", "root@example.org", None)
    world.client.force_login(user)
    return world.client


def test_cases_are_listed_filtered_and_searched(world, admin_client):
    child, company = enrollment(world), restaurant(world)

    listed = admin_client.get("/admin/cases/case/", {"status": "accepted", "q": child.number})

    assert listed.status_code == 200
    page = listed.content.decode()
    assert child.number in page
    assert company.number not in page


def test_a_case_shows_its_checklist_tasks_and_results_without_the_applicant(world, admin_client):
    case = enrollment(world)

    response = admin_client.get(f"/admin/cases/case/{case.pk}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "child-household-register" in page
    assert "入学资格审核" in page
    assert world.persons["child_eligible"].id_number not in page
    assert 'name="_save"' not in page


def test_cases_cannot_be_added_or_deleted(world, admin_client):
    case = enrollment(world)

    assert admin_client.get("/admin/cases/case/add/").status_code == 403
    assert admin_client.post(f"/admin/cases/case/{case.pk}/delete/").status_code == 403


def test_review_tasks_are_listed_by_case_number(world, admin_client):
    case = restaurant(world)

    response = admin_client.get("/admin/cases/reviewtask/", {"q": case.number})

    assert response.status_code == 200
    assert response.content.decode().count(case.number) >= 3
