import json
import time

import httpx

from onedoor.sandbox.tests.callers import tax, tax_signature
from onedoor.sandbox.tests.conftest import CLOSED_COMPANY, COMPANY, NEWCOMER, PARENT, STRANGER


def test_a_person_without_arrears(http: httpx.Client, world: dict) -> None:
    response = tax(http, PARENT)

    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "errorCode": None,
        "errorMessage": None,
        "result": {
            "taxpayerId": PARENT,
            "taxpayerName": "李家长",
            "taxpayerType": "individual",
            "hasArrears": False,
            "arrearsAmount": "0.00",
        },
    }


def test_persons_and_organisations_with_arrears(http: httpx.Client, world: dict) -> None:
    person = tax(http, NEWCOMER).json()["result"]
    company = tax(http, CLOSED_COMPANY).json()["result"]
    clean_company = tax(http, COMPANY).json()["result"]

    assert (person["hasArrears"], person["arrearsAmount"]) == (True, "12800.00")
    assert (company["taxpayerType"], company["hasArrears"]) == ("enterprise", True)
    assert clean_company["hasArrears"] is False


def test_an_unknown_taxpayer_is_success_false(http: httpx.Client, world: dict) -> None:
    response = tax(http, STRANGER)

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert response.json()["errorCode"] == "TAXPAYER_NOT_FOUND"
    assert response.json()["result"] is None


def test_a_wrong_secret_is_403_signature_invalid(http: httpx.Client, world: dict) -> None:
    response = tax(http, PARENT, secret="guess")

    assert response.status_code == 403
    assert response.json()["errorCode"] == "SIGNATURE_INVALID"


def test_a_body_changed_after_signing_is_refused(http: httpx.Client, world: dict) -> None:
    stamp = str(int(time.time()))
    signed = json.dumps({"taxpayerId": PARENT}).encode()
    headers = {
        "X-Tax-AppId": "onedoor",
        "X-Tax-Timestamp": stamp,
        "X-Tax-Signature": tax_signature("onedoor-tax-demo-key", "onedoor", stamp, signed),
    }

    response = http.post(
        "/tax/api/v1/arrears/query", content=json.dumps({"taxpayerId": NEWCOMER}), headers=headers
    )

    assert response.json()["errorCode"] == "SIGNATURE_INVALID"


def test_an_unknown_app_is_401(http: httpx.Client, world: dict) -> None:
    response = tax(http, PARENT, app_id="intruder")

    assert response.status_code == 401
    assert response.json()["errorCode"] == "APP_NOT_AUTHORIZED"


def test_an_old_timestamp_is_403_timestamp_expired(http: httpx.Client, world: dict) -> None:
    response = tax(http, PARENT, timestamp=int(time.time()) - 400)

    assert response.status_code == 403
    assert response.json()["errorCode"] == "TIMESTAMP_EXPIRED"


def test_a_body_without_taxpayer_id_is_400(http: httpx.Client, world: dict) -> None:
    stamp = str(int(time.time()))
    body = b"[]"
    headers = {
        "X-Tax-AppId": "onedoor",
        "X-Tax-Timestamp": stamp,
        "X-Tax-Signature": tax_signature("onedoor-tax-demo-key", "onedoor", stamp, body),
    }

    response = http.post("/tax/api/v1/arrears/query", content=body, headers=headers)

    assert response.status_code == 400
    assert response.json()["errorCode"] == "PARAM_INVALID"
