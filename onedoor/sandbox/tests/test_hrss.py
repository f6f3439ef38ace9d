import httpx
import pytest

from onedoor.sandbox.systems.system import Context
from onedoor.sandbox.tests.callers import hrss, hrss_token
from onedoor.sandbox.tests.conftest import NEWCOMER, PARENT, STRANGER, RunningSandbox


def test_a_client_trades_its_secret_for_a_two_hour_bearer_token(http: httpx.Client) -> None:
    response = hrss_token(http)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0
    assert body["msg"] == "ok"
    assert body["data"]["token_type"] == "Bearer"
    assert body["data"]["expires_in"] == 7200
    assert body["data"]["access_token"]


def test_insured_answers_the_contribution_months(http: httpx.Client, world: dict) -> None:
    response = hrss(http, PARENT)

    assert response.status_code == 200
    assert response.json() == {
        "code": 0,
        "msg": "ok",
        "data": {
            "idNo": PARENT,
            "name": "李家长",
            "insuranceType": "城镇职工基本养老保险",
            "contributionMonths": 96,
            "status": "active",
        },
    }
    assert hrss(http, NEWCOMER).json()["data"]["contributionMonths"] == 10


def test_unknown_insured_person_is_404_code_40401(http: httpx.Client, world: dict) -> None:
    response = hrss(http, STRANGER)

    assert response.status_code == 404
    assert response.json() == {"code": 40401, "msg": "insured person not found", "data": None}


def test_a_wrong_secret_gets_no_token(http: httpx.Client) -> None:
    response = hrss_token(http, secret="guess")

    assert response.status_code == 401
    assert response.json()["code"] == 40101


def test_a_token_endpoint_body_that_is_not_json_is_400(http: httpx.Client) -> None:
    response = http.post("/hrss/auth/token", content=b"client_id=onedoor")

    assert response.status_code == 400
    assert response.json()["code"] == 40001


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer forged.token", "Basic b25lZG9vcjpvbmVkb29yLWhyc3MtZGVtby1rZXk=", "Bearer !!!"],
)
def test_a_call_without_a_valid_token_is_401_code_40102(
    http: httpx.Client, world: dict, authorization: str
) -> None:
    response = http.get(f"/hrss/api/v1/insured/{PARENT}", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.json()["code"] == 40102


def test_a_token_is_refused_once_expired(
    http: httpx.Client, world: dict, sandbox: RunningSandbox
) -> None:
    token = hrss_token(http).json()["data"]["access_token"]
    app = sandbox.app
    app.context = Context(app.store, app.clients, clock=lambda: 4_000_000_000.0)

    response = hrss(http, PARENT, token=token)

    assert response.status_code == 401
    assert response.json()["code"] == 40102
