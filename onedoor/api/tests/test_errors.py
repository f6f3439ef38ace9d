def test_health_answers_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_api_path_is_coded_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404


def test_unknown_api_path_answers_json_with_code(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.json()["code"] == "not_found"


def test_unknown_page_answers_html_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<html" in response.content
