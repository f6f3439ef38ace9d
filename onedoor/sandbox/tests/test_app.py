import dataclasses
import io
from typing import Any

import httpx
import pytest

from onedoor.sandbox.server import redact
from onedoor.sandbox.systems import SYSTEMS
from onedoor.sandbox.tests.conftest import PARENT, RunningSandbox


def test_the_root_lists_the_systems_and_the_drill_endpoints(http: httpx.Client) -> None:
    body = http.get("/").json()

    assert list(body["systems"]) == list(SYSTEMS)
    assert body["systems"]["police"] == {"name": "公安户籍系统", "path": "/police/"}
    assert "POST /_faults" in body["control"]


def test_an_unknown_system_is_404_naming_the_systems(http: httpx.Client) -> None:
    response = http.get("/weather/today")

    assert response.status_code == 404
    assert "police" in response.json()["error"]


def test_a_body_larger_than_the_limit_is_413(sandbox: RunningSandbox) -> None:
    environ = _environ("POST", "/_seed", CONTENT_LENGTH=str(10**9))

    response = sandbox.app.answer(environ)

    assert response.status == 413


def test_a_failure_inside_a_system_is_a_logged_500(
    sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("bug")

    monkeypatch.setitem(SYSTEMS, "police", dataclasses.replace(SYSTEMS["police"], handle=broken))

    response = sandbox.app.answer(_environ("GET", f"/police/api/v2/household?idNo={PARENT}"))

    assert response.status == 500
    assert "the sandbox failed on GET police" in caplog.text
    assert PARENT not in caplog.text


def test_the_request_log_cuts_identity_numbers_and_credit_codes() -> None:
    line = f'"GET /hrss/api/v1/insured/{PARENT}" "GET /market/v1/enterprises/91440604MA4W000017"'

    assert redact(line) == '"GET /hrss/api/v1/insured/440604…" "GET /market/v1/enterprises/914406…"'
    assert redact("POST /civil/ws/MarriageService") == "POST /civil/ws/MarriageService"


def _environ(method: str, target: str, **extra: str) -> dict[str, Any]:
    path, _, query = target.partition("?")
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "wsgi.input": io.BytesIO(b""),
        **extra,
    }
