import httpx

from onedoor.sandbox.tests.callers import market
from onedoor.sandbox.tests.conftest import CLOSED_COMPANY, COMPANY, PARENT


def test_a_registered_enterprise_is_active_with_its_representative(
    http: httpx.Client, world: dict
) -> None:
    response = market(http, COMPANY)

    assert response.status_code == 200
    assert response.json() == {
        "uscc": COMPANY,
        "name": "佛山市禅城区好味餐饮有限公司",
        "status": "active",
        "statusName": "存续（在营、开业、在册）",
        "legalRepresentative": {"name": "李家长", "idNumber": PARENT},
    }


def test_a_deregistered_enterprise_is_found_with_its_status(
    http: httpx.Client, world: dict
) -> None:
    body = market(http, CLOSED_COMPANY).json()

    assert (body["status"], body["statusName"]) == ("deregistered", "注销")
    assert body["legalRepresentative"] == {"name": None, "idNumber": None}


def test_an_unknown_enterprise_is_404(http: httpx.Client, world: dict) -> None:
    response = market(http, "91440604MA4W0000X9")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "ENTERPRISE_NOT_FOUND"


def test_a_missing_key_is_401_and_a_wrong_key_403(http: httpx.Client, world: dict) -> None:
    missing = http.get(f"/market/v1/enterprises/{COMPANY}")
    wrong = market(http, COMPANY, key="onedoor-police-demo-key")

    assert (missing.status_code, missing.json()["error"]["code"]) == (401, "API_KEY_MISSING")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (403, "API_KEY_INVALID")
