"""Garbage in any path or query of the API answers a 4xx with a code, never a 500."""

import re

import pytest
from django.test import Client

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.accounts.models import Role
from onedoor.api.main import api

GARBAGE = ["x", "0", "-1", "../../etc/passwd", "%00", "你好", "x" * 300, "' OR 1=1 --", "1e309"]


def _get_paths() -> list[str]:
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return [path for path, ops in schema["paths"].items() if "get" in ops]


@pytest.fixture
def staff_headers(db) -> dict[str, str]:
    user = create_staff_user(
        actor=None,
        username="fuzzer",
        password="x-long-password",
        full_name="测试",
        roles=[(Role.SUPERVISOR, None, None)],
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=None, user=user)}"}


@pytest.mark.django_db
@pytest.mark.parametrize("path", _get_paths())
def test_garbage_path_and_query_values_never_cause_a_server_error(path, staff_headers):
    client = Client(raise_request_exception=False)
    for value in GARBAGE:
        url = re.sub(r"\{[^}]+\}", value.replace("/", "%2F"), path)
        query = {
            name: value
            for name in (
                "q",
                "limit",
                "offset",
                "status",
                "purpose",
                "case",
                "start",
                "days",
                "instant",
                "department",
                "subject",
            )
        }
        response = client.get(url, query, **staff_headers)
        assert response.status_code < 500, (url, value, response.status_code)
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            assert "code" in response.json(), (url, value)


@pytest.mark.django_db
def test_a_json_body_carrying_nul_is_refused_before_any_view(staff_headers):
    client = Client(raise_request_exception=False)
    body = '{"matter": "x\\u0000", "applicant": {"id_number": "1"}, "channel": "window"}'
    response = client.post("/api/v1/cases", body, content_type="application/json", **staff_headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


@pytest.mark.django_db
def test_a_page_path_carrying_nul_answers_the_400_page(client):
    response = client.get("/matters/%00")
    assert response.status_code == 400
    assert b"<html" in response.content
