"""Architecture rules of the API: the committed OpenAPI file and an access rule per endpoint."""

from onedoor.api.main import api
from onedoor.core.management.commands.openapi import DEFAULT_PATH, current_schema_text

# Endpoints anyone may call without a token. Every other endpoint needs a bearer token.
PUBLIC_OPERATIONS = {
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/matters"),
    ("GET", "/api/v1/matters/{code}"),
    ("GET", "/api/v1/bundles/{code}"),
    ("GET", "/api/v1/calendar/add"),
    ("GET", "/api/v1/licences/{number}/verification"),
    ("GET", "/api/v1/service-points/{code}/windows"),
    ("GET", "/api/v1/service-points/{code}/slots"),
    ("GET", "/api/v1/service-points/{code}/board"),
    ("POST", "/api/v1/tickets"),
    ("GET", "/api/v1/tickets/{ticket_id}"),
    ("POST", "/api/v1/tickets/{ticket_id}/cancel"),
    ("POST", "/api/v1/appointments/{appointment_id}/check-in"),
    ("POST", "/api/v1/auth/code"),
    ("POST", "/api/v1/auth/token"),
}


def _operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_committed_openapi_document_matches_the_code():
    assert DEFAULT_PATH.read_text("utf-8") == current_schema_text(), (
        "docs/openapi.json is out of date: run `.venv/bin/onedoor openapi`"
    )


def test_every_endpoint_is_public_by_list_or_needs_a_token():
    for method, path, operation in _operations():
        secured = bool(operation.get("security"))
        if (method, path) in PUBLIC_OPERATIONS:
            assert not secured, f"{method} {path} is listed public but asks for a token"
        else:
            assert secured, f"{method} {path} is open to anyone but not listed as public"
