import pytest

from onedoor.counter.demo import seed_demo_service_points


@pytest.mark.django_db
def test_windows_of_a_service_point_are_listed_for_anyone(client, django_assert_max_num_queries):
    seed_demo_service_points()
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/service-points/district-centre/windows")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(body["items"]) > 0
    first = body["items"][0]
    assert set(first) == {"code", "name", "general", "open", "clerk"}
    assert first["code"] == "dc-01"


@pytest.mark.django_db
def test_unknown_service_point_is_a_coded_404(client):
    response = client.get("/api/v1/service-points/nowhere/windows")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
