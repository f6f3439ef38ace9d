import datetime as dt

import pytest
import time_machine

from onedoor.core.identifiers import make_id_number, make_uscc
from onedoor.registry.actions import add_relation, record_authorisation, register_organisation
from onedoor.registry.models import DataAccess


def url(id_number: str, purpose: str | None = "FS2026-000123") -> str:
    query = f"?purpose={purpose}" if purpose is not None else ""
    return f"/api/v1/persons/{id_number}{query}"


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC), tick=False)
def test_a_clerk_reads_a_person_with_relations_and_organisations(
    client, clerk, citizen, make_person, bearer, django_assert_max_num_queries
):
    spouse = make_person(name="林慧敏", birth=dt.date(1990, 9, 3), sequence=26)
    child = make_person(name="陈思远", birth=dt.date(2020, 12, 20), sequence=31)
    add_relation(actor="test", person=citizen, other=spouse, kind="spouse")
    add_relation(actor="test", person=citizen, other=child, kind="guardian")
    add_relation(actor="test", person=spouse, other=child, kind="guardian")
    own = register_organisation(
        actor="test", uscc=make_uscc(1), name="陈记餐饮", legal_representative=citizen
    )
    other = register_organisation(actor="test", uscc=make_uscc(2), name="顺记商贸")
    record_authorisation(actor="test", agent=citizen, organisation=other)
    headers = bearer(clerk)

    with django_assert_max_num_queries(7):
        response = client.get(url(citizen.id_number), headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id_number"] == citizen.id_number
    assert body["age"] == 38 and body["birth_date"] == "1988-04-12" and body["sex"] == "male"
    assert body["phone"] == "13802761234"
    assert sorted(body["relations"], key=lambda r: r["kind"]) == [
        {"kind": "spouse", "id_number": spouse.id_number, "name": "林慧敏"},
        {"kind": "ward", "id_number": child.id_number, "name": "陈思远"},
    ]
    assert body["organisations"] == [
        {"uscc": own.uscc, "name": "陈记餐饮", "role": "legal_representative"},
        {"uscc": other.uscc, "name": "顺记商贸", "role": "authorised_agent"},
    ]
    assert DataAccess.objects.get().purpose == "FS2026-000123"

    child_body = client.get(url(child.id_number), headers=headers).json()
    assert {(r["kind"], r["name"]) for r in child_body["relations"]} == {
        ("guardian", "陈志明"),
        ("guardian", "林慧敏"),
    }


@pytest.mark.django_db
def test_without_a_token_the_answer_is_401(client, citizen):
    response = client.get(url(citizen.id_number))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not DataAccess.objects.exists()


@pytest.mark.django_db
def test_a_citizen_token_is_refused_even_for_their_own_record(client, citizen, bearer):
    response = client.get(url(citizen.id_number), headers=bearer(citizen))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not DataAccess.objects.exists()


@pytest.mark.django_db
def test_a_missing_purpose_is_a_coded_422(client, clerk, citizen, bearer):
    response = client.get(url(citizen.id_number, purpose=None), headers=bearer(clerk))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert "purpose" in response.json()["details"]["fields"]


@pytest.mark.django_db
def test_an_invalid_id_number_is_a_coded_422(client, clerk, bearer):
    response = client.get(url("440604198804129131"), headers=bearer(clerk))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_id_number"


@pytest.mark.django_db
def test_an_unknown_person_is_a_coded_404(client, clerk, bearer):
    number = make_id_number("440604", dt.date(2001, 1, 1), 1)

    response = client.get(url(number), headers=bearer(clerk))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
