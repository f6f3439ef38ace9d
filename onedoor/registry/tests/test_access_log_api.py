import pytest

from onedoor.registry.queries import access_person


def log_url(id_number: str, query: str = "") -> str:
    return f"/api/v1/persons/{id_number}/access-log{query}"


@pytest.mark.django_db
def test_a_supervisor_sees_who_read_a_person_and_why_newest_first(
    client, clerk, supervisor, citizen, bearer, django_assert_max_num_queries
):
    for purpose in ("FS2026-000001", "FS2026-000002", "FS2026-000003"):
        access_person(clerk, citizen.id_number, purpose=purpose)
    headers = bearer(supervisor)

    with django_assert_max_num_queries(6):
        response = client.get(log_url(citizen.id_number, "?limit=2&offset=0"), headers=headers)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [item["purpose"] for item in body["items"]] == ["FS2026-000003", "FS2026-000002"]
    assert body["items"][0]["accessor"] == "staff:clerk"
    assert body["items"][0]["action"] == "read"
    assert set(body["items"][0]) == {"accessor", "action", "purpose", "detail", "at"}
    rest = client.get(log_url(citizen.id_number, "?limit=2&offset=2"), headers=headers).json()
    assert [item["purpose"] for item in rest["items"]] == ["FS2026-000001"]


@pytest.mark.django_db
def test_a_clerk_may_not_see_the_access_log(client, clerk, citizen, bearer):
    response = client.get(log_url(citizen.id_number), headers=bearer(clerk))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.django_db
def test_a_citizen_token_may_not_see_the_access_log_here(client, citizen, bearer):
    assert client.get(log_url(citizen.id_number), headers=bearer(citizen)).status_code == 403


@pytest.mark.django_db
def test_the_access_log_of_an_invalid_number_is_a_coded_422(client, supervisor, bearer):
    response = client.get(log_url("440604198804129131"), headers=bearer(supervisor))

    assert response.json()["code"] == "invalid_id_number"
