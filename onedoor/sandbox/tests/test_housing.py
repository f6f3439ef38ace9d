import time

import httpx

from onedoor.sandbox.tests.callers import housing, housing_sign, xml
from onedoor.sandbox.tests.conftest import NEWCOMER, PARENT, STRANGER


def test_ownership_query_answers_exists_with_the_certificate(
    http: httpx.Client, world: dict
) -> None:
    response = housing(http, PARENT, "ownership")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = xml(response)
    assert root.findtext("code") == "0"
    assert root.findtext("data/idNo") == PARENT
    assert root.findtext("data/queryType") == "ownership"
    assert root.findtext("data/exists") == "true"
    assert root.findtext("data/count") == "1"
    assert "不动产权第" in (root.findtext("data/records/record/certNo") or "")


def test_lease_query_answers_the_lease_filing(http: httpx.Client, world: dict) -> None:
    owner, tenant = xml(housing(http, PARENT, "lease")), xml(housing(http, NEWCOMER, "lease"))

    assert owner.findtext("data/exists") == "false"
    assert owner.find("data/records/record") is None
    assert tenant.findtext("data/exists") == "true"
    assert (tenant.findtext("data/records/record/filingNo") or "").startswith("ZL440604")


def test_unknown_owner_is_code_2004(http: httpx.Client, world: dict) -> None:
    root = xml(housing(http, STRANGER, "ownership"))

    assert root.findtext("code") == "2004"
    assert root.find("data") is None


def test_a_signature_made_with_another_secret_is_403_code_1003(
    http: httpx.Client, world: dict
) -> None:
    response = housing(http, PARENT, "ownership", secret="onedoor-police-demo-key")

    assert response.status_code == 403
    assert xml(response).findtext("code") == "1003"


def test_a_tampered_parameter_breaks_the_signature(http: httpx.Client, world: dict) -> None:
    params = {
        "appKey": "onedoor",
        "timestamp": str(int(time.time() * 1000)),
        "idNo": PARENT,
        "queryType": "ownership",
    }
    params["sign"] = housing_sign(params, "onedoor-housing-demo-key")
    params["idNo"] = NEWCOMER

    response = http.post("/housing/query", data=params)

    assert response.status_code == 403
    assert xml(response).findtext("code") == "1003"


def test_an_unknown_app_key_is_403_code_1001(http: httpx.Client, world: dict) -> None:
    response = housing(http, PARENT, "ownership", app_key="intruder")

    assert response.status_code == 403
    assert xml(response).findtext("code") == "1001"


def test_a_timestamp_older_than_five_minutes_is_403_code_1002(
    http: httpx.Client, world: dict
) -> None:
    stale = int((time.time() - 301) * 1000)

    response = housing(http, PARENT, "ownership", timestamp_ms=stale)

    assert response.status_code == 403
    assert xml(response).findtext("code") == "1002"


def test_an_unknown_query_type_is_400_code_1000(http: httpx.Client, world: dict) -> None:
    response = housing(http, PARENT, "mortgage")

    assert response.status_code == 400
    assert xml(response).findtext("code") == "1000"


def test_the_query_takes_only_post(http: httpx.Client, world: dict) -> None:
    response = http.get("/housing/query")

    assert response.status_code == 404
    assert xml(response).findtext("code") == "1404"
