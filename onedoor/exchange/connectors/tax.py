"""税务 (tax): arrears of persons and organisations alike.

``POST /api/v1/arrears/query`` with ``{"taxpayerId"}``, signed in headers: ``X-Tax-AppId``,
``X-Tax-Timestamp`` (Unix seconds) and ``X-Tax-Signature``, the base64 HMAC-SHA256 of
``"<app id>\\n<timestamp>\\n"`` and the exact body bytes. ``TAXPAYER_NOT_FOUND``: nobody.
"""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

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

NOT_FOUND, BAD_PARAMETER = "TAXPAYER_NOT_FOUND", "PARAM_INVALID"
REFUSALS = {"APP_NOT_AUTHORIZED", "TIMESTAMP_EXPIRED", "SIGNATURE_INVALID", "TIMESTAMP_INVALID"}


def signature(secret: str, app_id: str, timestamp: str, body: bytes) -> str:
    message = f"{app_id}\n{timestamp}\n".encode() + body
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


@connectors.register("tax")
class TaxConnector(Connector):
    verbose_name = _("税务征管系统")
    facts = frozenset({"tax.no_arrears"})
    credential_fields = ("app_id", "secret")
    secret_fields = frozenset({"secret"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"app_id": client_id, "secret": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact != "tax.no_arrears":
            raise rejected(f"tax does not answer {fact}")
        response, body = self._query(call, subject)
        if body.get("errorCode") == NOT_FOUND:
            return False
        if response.status_code != 200 or body.get("success") is not True:
            raise rejected(f"HTTP {response.status_code}, {body.get('errorCode')}")
        return body["result"]["hasArrears"] is False

    def probe(self, call: Call) -> None:
        # A signed query without a taxpayer passes the signature check, then is refused.
        response, body = self._query(call, "")
        if body.get("errorCode") != BAD_PARAMETER:
            raise rejected(f"HTTP {response.status_code}, {body.get('errorCode')}")

    def _query(self, call: Call, taxpayer_id: str) -> tuple[httpx.Response, dict[str, Any]]:
        app_id = call.settings.credential("app_id")
        content = json.dumps({"taxpayerId": taxpayer_id}, separators=(",", ":")).encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Tax-AppId": app_id,
            "X-Tax-Timestamp": stamp,
            "X-Tax-Signature": signature(
                call.settings.credential("secret"), app_id, stamp, content
            ),
        }
        # The signature covers these exact bytes, so they go as content, never re-encoded.
        response = call.request("POST", "/api/v1/arrears/query", content=content, headers=headers)
        body = read_json(response)
        if response.status_code in (400, 401, 403) and body.get("errorCode") in REFUSALS:
            raise refused_credentials(f"HTTP {response.status_code}, {body.get('errorCode')}")
        return response, body
