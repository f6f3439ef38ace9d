"""教育 (education): school places and pupils' enrollment, JSend JSON with HTTP Basic.

``{"status": "success", "data": …}`` or ``{"status": "fail", "data": {"<what>": "<why>"}}``;
a 404 ``fail`` on ``id_number`` is nobody by that number. The catalog lists no education fact
yet; ``school.enrolled`` answers as soon as it does.
"""

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx
from django.utils.translation import gettext_lazy as _

from onedoor.exchange.connectors.base import (
    Call,
    Connector,
    connectors,
    read_json,
    refused_credentials,
    rejected,
)


@connectors.register("education")
class EducationConnector(Connector):
    verbose_name = _("教育入学管理系统")
    facts = frozenset({"school.enrolled"})
    credential_fields = ("username", "password")
    secret_fields = frozenset({"password"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"username": client_id, "password": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact != "school.enrolled":
            raise rejected(f"education does not answer {fact}")
        response, body = self._get(call, f"/students/{quote(subject, safe='')}")
        if response.status_code == 404 and "id_number" in (body.get("data") or {}):
            return False
        if response.status_code != 200 or body.get("status") != "success":
            raise rejected(f"HTTP {response.status_code}, {body.get('status')}")
        return body["data"]["student"]["enrolled"] is True

    def probe(self, call: Call) -> None:
        response, body = self._get(call, "/places")
        if response.status_code != 200 or body.get("status") != "success":
            raise rejected(f"HTTP {response.status_code}, {body.get('status')}")

    def _get(self, call: Call, path: str) -> tuple[httpx.Response, dict[str, Any]]:
        pair = f"{call.settings.credential('username')}:{call.settings.credential('password')}"
        headers = {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}
        response = call.request("GET", path, headers=headers)
        body = read_json(response)
        if response.status_code == 401:
            raise refused_credentials("HTTP 401")
        return response, body
