"""The signed-in citizen's own: GET me/cases, me/licences, me/access-log."""

import pytest

from onedoor.cases.tests.applications import enrollment, restaurant
from onedoor.licences.queries import get_wallet


@pytest.fixture
def parent_headers(world):
    headers = world.headers(world.persons["parent"])
    world.client.get("/api/v1/me/cases", **headers)  # the token's first use is recorded once
    return headers


def me(world, what, headers, query=""):
    return world.client.get(f"/api/v1/me/{what}{query}", **headers)


def test_a_parent_sees_their_childs_enrollment_and_their_companys_bundle(world, parent_headers):
    child = enrollment(world)
    company = restaurant(world)

    response = me(world, "cases", parent_headers)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 2
    assert [i["number"] for i in body["items"]] == [company.number, child.number]
    item = body["items"][1]
    assert item == {
        "number": child.number,
        "matter": "new-student-enrollment",
        "name": "小学新生入学报名",
        "status": "accepted",
        "outcome": "accepted",
        "decision": None,
        "deadline": child.deadline.isoformat(),
        "submitted_at": item["submitted_at"],
    }


def test_a_citizen_sees_only_their_own_cases(world):
    enrollment(world)

    body = world.get("me/cases", world.persons["newcomer"]).json()

    assert body == {"count": 0, "items": []}


def test_my_cases_are_paged_in_a_fixed_number_of_queries(
    world, parent_headers, django_assert_max_num_queries
):
    enrollment(world)
    restaurant(world)

    with django_assert_max_num_queries(3):
        body = me(world, "cases", parent_headers, "?limit=1&offset=1").json()

    assert body["count"] == 2
    assert len(body["items"]) == 1


def test_my_licences_are_my_wallet(world, parent_headers, django_assert_max_num_queries):
    wallet = get_wallet(world.persons["parent"]).order_by("-issued_at", "-id")
    assert wallet.count() >= 2

    with django_assert_max_num_queries(4):
        response = me(world, "licences", parent_headers)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == wallet.count()
    assert [i["number"] for i in body["items"]] == [licence.number for licence in wallet]
    first = body["items"][0]
    assert set(first) == {"number", "type", "type_name", "issued_at", "valid_until", "status"}
    assert first["type"] == wallet[0].licence_type.code
    assert first["type_name"] == wallet[0].licence_type.name
    companys = {i["type"] for i in body["items"]}
    assert "business-licence" in companys  # held by the company they represent


def test_my_access_log_shows_who_read_my_data_and_why(
    world, parent_headers, django_assert_max_num_queries
):
    parent = world.persons["parent"]
    clerk = world.headers(world.staff("clerk"))
    read = world.client.get(f"/api/v1/persons/{parent.id_number}?purpose=核对申请人身份", **clerk)
    assert read.status_code == 200

    with django_assert_max_num_queries(3):
        response = me(world, "access-log", parent_headers, "?limit=10")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] >= 1
    newest = body["items"][0]
    assert (newest["accessor"], newest["action"], newest["purpose"]) == (
        "staff:clerk",
        "read",
        "核对申请人身份",
    )
    assert set(newest) == {"accessor", "action", "purpose", "detail", "at"}


@pytest.mark.parametrize("what", ["cases", "licences", "access-log"])
def test_staff_tokens_are_refused(world, what):
    response = world.get(f"me/{what}", world.staff("clerk"))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("what", ["cases", "licences", "access-log"])
def test_anonymous_callers_are_asked_to_authenticate(world, what):
    assert world.client.get(f"/api/v1/me/{what}").status_code == 401
