"""Calling each system the way docs/sandbox.md tells a connector to, independently of the code
under test: signatures and tokens are computed here from the documented recipes."""

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from xml.etree import ElementTree

import httpx

CLIENT = "onedoor"


def demo_key(system: str) -> str:
    return f"onedoor-{system}-demo-key"


def police(
    http: httpx.Client, endpoint: str, id_no: str, *, key: str | None = None
) -> httpx.Response:
    headers = {"X-App-Id": CLIENT, "X-App-Key": key or demo_key("police")}
    return http.get(f"/police/api/v2/{endpoint}", params={"idNo": id_no}, headers=headers)


def housing_sign(params: dict[str, str], secret: str) -> str:
    text = "&".join(f"{name}={params[name]}" for name in sorted(params))
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def housing(
    http: httpx.Client,
    id_no: str,
    query_type: str,
    *,
    app_key: str = CLIENT,
    secret: str | None = None,
    timestamp_ms: int | None = None,
) -> httpx.Response:
    params = {
        "appKey": app_key,
        "timestamp": str(timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)),
        "nonce": "n0nce",
        "idNo": id_no,
        "queryType": query_type,
    }
    params["sign"] = housing_sign(params, secret or demo_key("housing"))
    return http.post("/housing/query", data=params)


def hrss_token(http: httpx.Client, *, secret: str | None = None) -> httpx.Response:
    body = {"client_id": CLIENT, "client_secret": secret or demo_key("hrss")}
    return http.post("/hrss/auth/token", json=body)


def hrss(http: httpx.Client, id_no: str, *, token: str | None = None) -> httpx.Response:
    if token is None:
        token = hrss_token(http).json()["data"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    return http.get(f"/hrss/api/v1/insured/{id_no}", headers=headers)


CIVIL_REQUEST = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:mar="urn:onedoor:sandbox:civil:marriage">
  <soap:Header><mar:Auth><mar:ClientId>{client}</mar:ClientId><mar:ClientKey>{key}</mar:ClientKey></mar:Auth></soap:Header>
  <soap:Body><mar:QueryMarriageStatus><mar:IdNumber>{id_no}</mar:IdNumber></mar:QueryMarriageStatus></soap:Body>
</soap:Envelope>"""
SOAP = "{http://schemas.xmlsoap.org/soap/envelope/}"
MAR = "{urn:onedoor:sandbox:civil:marriage}"


def civil(http: httpx.Client, id_no: str, *, key: str | None = None) -> httpx.Response:
    body = CIVIL_REQUEST.format(client=CLIENT, key=key or demo_key("civil"), id_no=id_no)
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "QueryMarriageStatus"}
    return http.post("/civil/ws/MarriageService", content=body.encode(), headers=headers)


def xml(response: httpx.Response) -> ElementTree.Element:
    return ElementTree.fromstring(response.content)  # noqa: S314 (the sandbox's own answer)


def health(
    http: httpx.Client, path: str, params: dict[str, str], *, key: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {key or demo_key('health')}"}
    return http.get(f"/health/fhir/{path}", params=params, headers=headers)


def market(http: httpx.Client, uscc: str, *, key: str | None = None) -> httpx.Response:
    return http.get(
        f"/market/v1/enterprises/{uscc}", headers={"X-Api-Key": key or demo_key("market")}
    )


def tax_signature(secret: str, app_id: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{app_id}\n{timestamp}\n".encode() + body, hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def tax(
    http: httpx.Client,
    taxpayer_id: str,
    *,
    app_id: str = CLIENT,
    secret: str | None = None,
    timestamp: int | None = None,
) -> httpx.Response:
    body = json.dumps({"taxpayerId": taxpayer_id}).encode()
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Tax-AppId": app_id,
        "X-Tax-Timestamp": stamp,
        "X-Tax-Signature": tax_signature(secret or demo_key("tax"), app_id, stamp, body),
    }
    return http.post("/tax/api/v1/arrears/query", content=body, headers=headers)


def education(
    http: httpx.Client, path: str, params: dict[str, str] | None = None, *, key: str | None = None
) -> httpx.Response:
    return http.get(
        f"/education/{path}", params=params, auth=(CLIENT, key or demo_key("education"))
    )


# The translation docs/sandbox.md gives for each fact: "yes" / "no" from each system's answer.


def answer_fact(http: httpx.Client, fact: str, subject: str, params: dict[str, Any]) -> str:
    return "yes" if FACTS[fact](http, subject, params) else "no"


def _household(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    body = police(http, "household", subject).json()
    return body["resultCode"] == "0000" and body["data"]["inDistrict"] is True


def _permit(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    body = police(http, "residence-permit", subject).json()
    return body["resultCode"] == "0000" and body["data"]["holdingYears"] >= params["years"]


def _property(query_type: str) -> Any:
    def check(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
        root = xml(housing(http, subject, query_type))
        return root.findtext("code") == "0" and root.findtext("data/exists") == "true"

    return check


def _insurance(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    body = hrss(http, subject).json()
    return body["code"] == 0 and body["data"]["contributionMonths"] >= params["months"]


def _married(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    answer = xml(civil(http, subject)).find(f"{SOAP}Body/{MAR}QueryMarriageStatusResponse")
    assert answer is not None
    status = answer.findtext(f"{MAR}Record/{MAR}MaritalStatus") or ""
    return answer.findtext(f"{MAR}ResultCode") == "0" and status.startswith("2")


def _birth(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    bundle = health(http, "Patient", {"identifier": subject}).json()
    extensions = [
        extension
        for entry in bundle["entry"]
        for extension in entry["resource"].get("extension", [])
        if extension["url"] == "urn:onedoor:sandbox:health:birth-registered"
    ]
    return any(extension["valueBoolean"] for extension in extensions)


def _vaccination(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    response = health(http, "Patient/$vaccination-status", {"identifier": subject})
    if response.status_code == 404:
        return False
    values = {p["name"]: p for p in response.json()["parameter"]}
    return values["complete"]["valueBoolean"] is True


def _business(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    response = market(http, subject)
    return response.status_code == 200 and response.json()["status"] == "active"


def _no_arrears(http: httpx.Client, subject: str, params: dict[str, Any]) -> bool:
    body = tax(http, subject).json()
    return body["success"] is True and body["result"]["hasArrears"] is False


FACTS = {
    "household.in_district": _household,
    "residence_permit.years_at_least": _permit,
    "property.owns_in_district": _property("ownership"),
    "property.rents_in_district": _property("lease"),
    "social_insurance.months_at_least": _insurance,
    "marriage.married": _married,
    "birth.registered": _birth,
    "vaccination.complete": _vaccination,
    "business.registered": _business,
    "tax.no_arrears": _no_arrears,
}
