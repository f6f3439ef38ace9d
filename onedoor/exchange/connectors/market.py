"""市场监管 (market): the business register, plain REST with HTTP status codes.

``GET /v1/enterprises/{uscc}`` with ``X-Api-Key``; 404 ``ENTERPRISE_NOT_FOUND`` for no such
enterprise; 401 / 403 for a missing or wrong key. ``status`` "active" is 存续.
"""

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

NOT_FOUND = "ENTERPRISE_NOT_FOUND"
# A credit code no enterprise can hold (its check character is wrong): the probe's question.
PROBE_CODE = "000000000000000000"


def _error_code(body: Any) -> str | None:
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code")) if isinstance(error, dict) else None


@connectors.register("market")
class MarketConnector(Connector):
    verbose_name = _("市场主体登记系统")
    facts = frozenset({"business.registered"})
    credential_fields = ("api_key",)
    secret_fields = frozenset({"api_key"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"api_key": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact != "business.registered":
            raise rejected(f"market does not answer {fact}")
        response, body = self._enterprise(call, subject)
        if response.status_code == 404 and _error_code(body) == NOT_FOUND:
            return False
        if response.status_code != 200:
            raise rejected(f"HTTP {response.status_code}, {_error_code(body)}")
        return body["status"] == "active"

    def probe(self, call: Call) -> None:
        response, body = self._enterprise(call, PROBE_CODE)
        if response.status_code != 404 or _error_code(body) != NOT_FOUND:
            raise rejected(f"HTTP {response.status_code}, {_error_code(body)}")

    def _enterprise(self, call: Call, uscc: str) -> tuple[httpx.Response, dict[str, Any]]:
        headers = {"X-Api-Key": call.settings.credential("api_key")}
        response = call.request("GET", f"/v1/enterprises/{quote(uscc, safe='')}", headers=headers)
        body = read_json(response)
        if response.status_code in (401, 403):
            raise refused_credentials(f"HTTP {response.status_code}, {_error_code(body)}")
        return response, body
