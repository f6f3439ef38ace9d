import pytest

from onedoor.core.identifiers import make_uscc
from onedoor.registry.actions import register_organisation
from onedoor.registry.models import DataAccess


@pytest.fixture
def company(citizen):
    return register_organisation(
        actor="test",
        uscc=make_uscc(20190615),
        name="佛山市禅城区陈记餐饮管理有限公司",
        org_type="有限责任公司",
        legal_representative=citizen,
        address="广东省佛山市禅城区亲仁路18号首层",
    )


@pytest.mark.django_db
def test_a_clerk_reads_an_organisation_with_its_legal_representative(
    client, clerk, company, citizen, bearer, django_assert_max_num_queries
):
    headers = bearer(clerk)

    with django_assert_max_num_queries(5):
        response = client.get(f"/api/v1/organisations/{company.uscc}?purpose=核对", headers=headers)

    assert response.status_code == 200
    assert response.json() == {
        "uscc": company.uscc,
        "name": "佛山市禅城区陈记餐饮管理有限公司",
        "org_type": "有限责任公司",
        "legal_representative": {"id_number": citizen.id_number, "name": citizen.name},
        "address": "广东省佛山市禅城区亲仁路18号首层",
    }
    entry = DataAccess.objects.get()
    assert (entry.organisation, entry.purpose) == (company, "核对")


@pytest.mark.django_db
def test_a_citizen_cannot_read_an_organisation(client, citizen, company, bearer):
    response = client.get(f"/api/v1/organisations/{company.uscc}", headers=bearer(citizen))

    assert response.status_code == 403


@pytest.mark.django_db
def test_anonymous_reads_are_401(client, company):
    assert client.get(f"/api/v1/organisations/{company.uscc}").status_code == 401


@pytest.mark.django_db
def test_an_invalid_credit_code_is_a_coded_422(client, clerk, bearer):
    response = client.get("/api/v1/organisations/914406040000000000", headers=bearer(clerk))

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_uscc"


@pytest.mark.django_db
def test_an_unknown_organisation_is_a_coded_404(client, clerk, bearer):
    response = client.get(f"/api/v1/organisations/{make_uscc(7)}", headers=bearer(clerk))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
