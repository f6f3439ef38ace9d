import pytest

from onedoor.licences.tests.factories import (
    bearer,
    make_approver,
    make_department,
    make_licence,
    make_licence_type,
    make_organisation,
    make_person,
)
from onedoor.registry.models import DataAccess

pytestmark = pytest.mark.django_db


def _person_licence(holder=None):
    licence_type = make_licence_type("resident-id-card", holder_kind="person", name="居民身份证")
    return make_licence(licence_type=licence_type, holder=holder or make_person(), fields={})


def test_staff_read_a_licence_and_the_read_is_logged(client, django_assert_max_num_queries):
    licence = make_licence()
    headers = bearer(user=make_approver(make_department("urban", "禅城区城市管理局")))

    # token, its last use, the user's roles, the licence with its relations, the access log
    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/licences/{licence.number}?purpose=C-77", headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == licence.number
    assert body["type"] == {"code": "food-business-licence", "name": "食品经营许可证"}
    assert body["holder"]["kind"] == "organisation"
    assert body["holder"]["uscc"] == licence.holder_organisation.uscc
    assert body["fields"] == licence.fields
    assert body["status"] == "valid"
    assert body["issuer"] == {"code": "market", "name": "禅城区市场监督管理局"}
    assert body["key_id"] == licence.key_id
    assert body["signature"] == licence.signature
    access = DataAccess.objects.get(organisation=licence.holder_organisation)
    assert (access.purpose, access.detail) == ("C-77", f"licence {licence.number}")


def test_the_citizen_holder_reads_their_own_licence(client, django_assert_max_num_queries):
    holder = make_person()
    licence = _person_licence(holder)
    headers = bearer(person=holder)

    # token, its last use, the licence with its relations (acting for oneself needs no query)
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/licences/{licence.number}", headers=headers)

    assert response.status_code == 200
    assert response.json()["holder"] == {
        "kind": "person",
        "id_number": holder.id_number,
        "uscc": None,
        "name": holder.name,
    }
    assert not DataAccess.objects.exists()


def test_the_legal_representative_reads_the_companys_licence(client):
    boss = make_person()
    licence = make_licence(holder=make_organisation(legal_representative=boss))

    response = client.get(f"/api/v1/licences/{licence.number}", headers=bearer(person=boss))

    assert response.status_code == 200


def test_another_citizen_gets_not_found(client):
    licence = _person_licence()

    response = client.get(
        f"/api/v1/licences/{licence.number}", headers=bearer(person=make_person(name="李四"))
    )

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_number_is_not_found_for_staff(client):
    headers = bearer(user=make_approver(make_department()))

    response = client.get("/api/v1/licences/440604-FBL-2026-424242", headers=headers)

    assert response.status_code == 404


def test_anonymous_callers_must_authenticate(client):
    licence = make_licence()

    response = client.get(f"/api/v1/licences/{licence.number}")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_public_verification_needs_no_token(client, django_assert_max_num_queries):
    licence = make_licence()

    with django_assert_max_num_queries(2):
        response = client.get(f"/api/v1/licences/{licence.number}/verification")

    assert response.status_code == 200
    assert response.json() == {"valid": True, "reason": "ok"}


def test_public_verification_of_an_unknown_number_answers_not_found_in_the_body(client):
    response = client.get("/api/v1/licences/NO-SUCH-LICENCE/verification")

    assert response.status_code == 200
    assert response.json() == {"valid": False, "reason": "not_found"}
