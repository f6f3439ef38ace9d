"""``GET /api/v1/exchange/log``: any staff member reads one case's verifications; only
supervisors list everything."""

from typing import Any

import pytest

from onedoor.exchange.actions import verify_many
from onedoor.exchange.services.verification import FactRequest
from onedoor.exchange.tests.world import NEWCOMER, PARENT
from onedoor.registry.actions import register_person

pytestmark = pytest.mark.django_db

URL = "/api/v1/exchange/log"


@pytest.fixture
def logged(systems: Any, faults: Any) -> None:
    faults("housing", mode="down")
    verify_many(
        [
            FactRequest(PARENT, "household.in_district"),
            FactRequest(PARENT, "property.owns_in_district"),
        ],
        purpose="C-1",
        requester="staff:clerk",
        case_number="C-1",
    )
    verify_many(
        [FactRequest(NEWCOMER, "marriage.married")], purpose="咨询", requester="staff:clerk"
    )


def test_a_clerk_reads_the_verifications_of_a_case(
    client: Any, logged: None, clerk: Any, bearer: Any, django_assert_max_num_queries: Any
) -> None:
    headers = bearer(clerk)

    with django_assert_max_num_queries(5):
        response = client.get(URL, {"case": "C-1"}, headers=headers)

    assert response.status_code == 200
    payload = response.json()
    assert payload["count"] == 2
    items = sorted(payload["items"], key=lambda item: item["system"])
    assert [(i["system"], i["fact"], i["answer"], i["purpose"]) for i in items] == [
        ("housing", "property.owns_in_district", "unknown", "C-1"),
        ("police", "household.in_district", "yes", "C-1"),
    ]
    assert items[0]["error"] == "server_error"
    assert {"at", "latency_ms", "cached"} <= set(items[0])
    assert "subject" not in items[0]


def test_a_clerk_may_not_list_every_verification(
    client: Any, logged: None, clerk: Any, bearer: Any
) -> None:
    for query in ({}, {"subject": PARENT}):
        response = client.get(URL, query, headers=bearer(clerk))

        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"


def test_a_supervisor_lists_everything_newest_first_and_pages(
    client: Any, logged: None, supervisor: Any, bearer: Any, django_assert_max_num_queries: Any
) -> None:
    headers = bearer(supervisor)

    with django_assert_max_num_queries(5):
        everything = client.get(URL, {"limit": 2}, headers=headers).json()
    by_subject = client.get(URL, {"subject": NEWCOMER}, headers=headers).json()
    rest = client.get(URL, {"limit": 2, "offset": 2}, headers=headers).json()

    assert everything["count"] == 3
    assert everything["items"][0]["fact"] == "marriage.married"
    assert len(everything["items"]) == 2 and len(rest["items"]) == 1
    assert [i["purpose"] for i in by_subject["items"]] == ["咨询"]


def test_citizens_and_anonymous_callers_are_refused(client: Any, logged: None, bearer: Any) -> None:
    citizen = register_person(actor="test", id_number=PARENT, name="李家长")

    assert client.get(URL, {"case": "C-1"}).status_code == 401
    assert client.get(URL, {"case": "C-1"}, headers=bearer(citizen)).status_code == 403


def test_the_person_sees_the_verifications_in_their_access_log(
    client: Any, systems: Any, supervisor: Any, bearer: Any
) -> None:
    register_person(actor="test", id_number=PARENT, name="李家长")
    verify_many([FactRequest(PARENT, "marriage.married")], purpose="C-9", requester="staff:clerk")

    response = client.get(f"/api/v1/persons/{PARENT}/access-log", headers=bearer(supervisor))

    items = response.json()["items"]
    assert [(i["action"], i["purpose"], i["detail"], i["accessor"]) for i in items] == [
        ("verify", "C-9", "marriage.married", "staff:clerk")
    ]
