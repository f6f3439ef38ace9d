"""卫健 (health): births and vaccinations, a FHIR R4-flavoured JSON API.

``Authorization: Bearer <key>``. A Patient search answers a ``Bundle`` (``total`` 0 for nobody);
``$vaccination-status`` answers ``Parameters``, or a 404 ``OperationOutcome`` ``not-found``
without a record. Refused credentials: 401 with issue code ``login``.
"""

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

ID_SYSTEM = "urn:onedoor:sandbox:resident-id"
BIRTH_REGISTERED = "urn:onedoor:sandbox:health:birth-registered"


def _issue_codes(body: Any) -> set[str]:
    if not isinstance(body, dict) or body.get("resourceType") != "OperationOutcome":
        return set()
    return {str(issue.get("code")) for issue in body.get("issue") or []}


@connectors.register("health")
class HealthConnector(Connector):
    verbose_name = _("卫生健康信息系统")
    facts = frozenset({"birth.registered", "vaccination.complete"})
    credential_fields = ("token",)
    secret_fields = frozenset({"token"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"token": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        identifier = {"identifier": f"{ID_SYSTEM}|{subject}"}
        if fact == "birth.registered":
            response, body = self._get(call, "/fhir/Patient", identifier)
            if response.status_code != 200 or body.get("resourceType") != "Bundle":
                raise rejected(f"HTTP {response.status_code}")
            return any(self._birth_registered(entry) for entry in body.get("entry") or [])
        if fact == "vaccination.complete":
            response, body = self._get(call, "/fhir/Patient/$vaccination-status", identifier)
            if response.status_code == 404 and "not-found" in _issue_codes(body):
                return False
            if response.status_code != 200 or body.get("resourceType") != "Parameters":
                raise rejected(f"HTTP {response.status_code}")
            values = {p.get("name"): p for p in body.get("parameter") or []}
            return values.get("complete", {}).get("valueBoolean") is True
        raise rejected(f"health does not answer {fact}")

    def probe(self, call: Call) -> None:
        # A search without its parameter: authenticated first, then refused as incomplete.
        response, body = self._get(call, "/fhir/Patient", {})
        if response.status_code != 400 or "required" not in _issue_codes(body):
            raise rejected(f"HTTP {response.status_code}")

    @staticmethod
    def _birth_registered(entry: dict[str, Any]) -> bool:
        extensions = entry["resource"].get("extension") or []
        return any(
            e.get("url") == BIRTH_REGISTERED and e.get("valueBoolean") is True for e in extensions
        )

    def _get(
        self, call: Call, path: str, query: dict[str, str]
    ) -> tuple[httpx.Response, dict[str, Any]]:
        headers = {
            "Authorization": f"Bearer {call.settings.credential('token')}",
            "Accept": "application/fhir+json",
        }
        response = call.request("GET", path, params=query, headers=headers)
        body = read_json(response)
        if response.status_code == 401 or "login" in _issue_codes(body):
            raise refused_credentials(f"HTTP {response.status_code}")
        return response, body
