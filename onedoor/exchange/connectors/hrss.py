"""人社 (hrss): social insurance.

JSON envelope ``{"code", "msg", "data"}`` (0 success). The client trades its id and secret for a
bearer token (valid ``expires_in`` seconds), kept per process and renewed before it expires or
when the system answers 40102. ``40401``: nobody insured by that number.
"""

import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from onedoor.exchange.connectors.base import (
    Call,
    Connector,
    connectors,
    read_json,
    refused_credentials,
    rejected,
)

BAD_CLIENT, BAD_TOKEN, NOT_INSURED = 40101, 40102, 40401
# A token is renewed this long before it expires, so that none expires in flight.
TOKEN_MARGIN_SECONDS = 60.0
TOKEN_REQUEST_DIGEST = b"client credentials (redacted)"


@connectors.register("hrss")
class HrssConnector(Connector):
    verbose_name = _("人力资源和社会保障系统")
    facts = frozenset({"social_insurance.months_at_least"})
    credential_fields = ("client_id", "client_secret")
    secret_fields = frozenset({"client_secret"})

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, str, str], tuple[str, float]] = {}
        self._lock = threading.Lock()

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"client_id": client_id, "client_secret": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact != "social_insurance.months_at_least":
            raise rejected(f"hrss does not answer {fact}")
        body = self._insured(call, subject, self._token(call))
        if body.get("code") == BAD_TOKEN:  # expired or revoked early: one fresh token
            body = self._insured(call, subject, self._token(call, fresh=True))
        code = body.get("code")
        if code == NOT_INSURED:
            return False
        if code == BAD_TOKEN:
            raise refused_credentials("code 40102")
        if code != 0:
            raise rejected(f"code {code}")
        return int(body["data"]["contributionMonths"]) >= params["months"]

    def probe(self, call: Call) -> None:
        self._token(call, fresh=True)

    def forget_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    def _insured(self, call: Call, subject: str, token: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"}
        response = call.request(
            "GET", f"/api/v1/insured/{quote(subject, safe='')}", headers=headers
        )
        body = read_json(response)
        if "code" not in body:
            raise rejected(f"HTTP {response.status_code} without code")
        return body

    def _token(self, call: Call, *, fresh: bool = False) -> str:
        settings = call.settings
        key = (
            settings.base_url,
            settings.credential("client_id"),
            settings.credential("client_secret"),
        )
        with self._lock:
            held = self._tokens.get(key)
        if held is not None and not fresh and held[1] > time.monotonic():
            return held[0]
        response = call.request(
            "POST",
            "/auth/token",
            json={"client_id": key[1], "client_secret": key[2]},
            digest_as=TOKEN_REQUEST_DIGEST,
        )
        body = read_json(response)
        if response.status_code == 401 or body.get("code") == BAD_CLIENT:
            raise refused_credentials(f"HTTP {response.status_code}, code {body.get('code')}")
        if body.get("code") != 0:
            raise rejected(f"token: code {body.get('code')}")
        token = str(body["data"]["access_token"])
        lifetime = float(body["data"].get("expires_in", 0)) - TOKEN_MARGIN_SECONDS
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + max(lifetime, 0.0))
        return token
