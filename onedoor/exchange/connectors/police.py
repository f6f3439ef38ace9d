"""公安户籍 (police): household register and residence permits.

JSON in camelCase; every answer carries a ``resultCode``: "0000" found, "1001" nobody by that
number (HTTP 200 both), "4010" credentials refused. Credentials in ``X-App-Id`` / ``X-App-Key``.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from onedoor.exchange.connectors.base import (
    Call,
    Connector,
    connectors,
    read_json,
    refused_credentials,
    rejected,
)

FOUND, NOT_FOUND, MISSING_PARAMETER, BAD_CREDENTIALS = "0000", "1001", "4000", "4010"


@connectors.register("police")
class PoliceConnector(Connector):
    verbose_name = _("公安户籍系统")
    facts = frozenset({"household.in_district", "residence_permit.years_at_least"})
    credential_fields = ("app_id", "app_key")
    secret_fields = frozenset({"app_key"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"app_id": client_id, "app_key": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact == "household.in_district":
            data = self._record(call, "household", subject)
            return data is not None and data["inDistrict"] is True
        if fact == "residence_permit.years_at_least":
            data = self._record(call, "residence-permit", subject)
            return data is not None and float(data["holdingYears"]) >= params["years"]
        raise rejected(f"police does not answer {fact}")

    def probe(self, call: Call) -> None:
        # Without idNo the system checks the credentials, then refuses the missing parameter.
        code = self._get(call, "household", {})["resultCode"]
        if code != MISSING_PARAMETER:
            raise rejected(f"resultCode {code}")

    def _record(self, call: Call, endpoint: str, subject: str) -> dict[str, Any] | None:
        body = self._get(call, endpoint, {"idNo": subject})
        if body["resultCode"] == NOT_FOUND:
            return None
        if body["resultCode"] != FOUND:
            raise rejected(f"resultCode {body['resultCode']}")
        data: dict[str, Any] = body["data"]
        return data

    def _get(self, call: Call, endpoint: str, query: dict[str, str]) -> dict[str, Any]:
        headers = {
            "X-App-Id": call.settings.credential("app_id"),
            "X-App-Key": call.settings.credential("app_key"),
        }
        response = call.request("GET", f"/api/v2/{endpoint}", params=query, headers=headers)
        body = read_json(response)
        if response.status_code == 401 or body.get("resultCode") == BAD_CREDENTIALS:
            raise refused_credentials(f"HTTP {response.status_code}, resultCode 4010")
        if not isinstance(body.get("resultCode"), str):
            raise rejected(f"HTTP {response.status_code} without resultCode")
        return body
