import httpx

from onedoor.sandbox.tests.callers import police
from onedoor.sandbox.tests.conftest import CHILD, NEWCOMER, PARENT, STRANGER


def test_household_answers_the_seeded_record_in_camel_case(http: httpx.Client, world: dict) -> None:
    response = police(http, "household", PARENT)

    assert response.status_code == 200
    assert response.json() == {
        "resultCode": "0000",
        "resultMsg": "成功",
        "data": {
            "idNo": PARENT,
            "name": "李家长",
            "sex": "2",
            "sexName": "女",
            "birthDate": "19850315",
            "inDistrict": True,
            "householdAddress": "禅城区祖庙路1号",
        },
    }


def test_household_elsewhere_answers_in_district_false(http: httpx.Client, world: dict) -> None:
    assert police(http, "household", NEWCOMER).json()["data"]["inDistrict"] is False


def test_a_lower_case_check_letter_finds_the_same_person(http: httpx.Client, world: dict) -> None:
    assert police(http, "household", CHILD.lower()).json()["data"]["idNo"] == CHILD


def test_unknown_person_is_result_code_1001(http: httpx.Client, world: dict) -> None:
    response = police(http, "household", STRANGER)

    assert response.status_code == 200
    assert response.json() == {"resultCode": "1001", "resultMsg": "查无此人", "data": None}


def test_residence_permit_answers_the_years_held(http: httpx.Client, world: dict) -> None:
    data = police(http, "residence-permit", NEWCOMER).json()["data"]

    assert data["holdingYears"] == 0.5
    assert data["status"] == "valid"
    assert len(data["firstIssueDate"]) == 8


def test_a_null_residence_permit_means_no_record(http: httpx.Client, world: dict) -> None:
    assert police(http, "residence-permit", PARENT).json()["resultCode"] == "1001"


def test_wrong_key_is_401_with_result_code_4010(http: httpx.Client, world: dict) -> None:
    response = police(http, "household", PARENT, key="onedoor-market-demo-key")

    assert response.status_code == 401
    assert response.json()["resultCode"] == "4010"
    assert response.json()["data"] is None


def test_missing_id_number_is_400(http: httpx.Client, world: dict) -> None:
    response = police(http, "household", "")

    assert response.status_code == 400
    assert response.json()["resultCode"] == "4000"


def test_unknown_endpoint_is_404_in_the_police_style(http: httpx.Client, world: dict) -> None:
    response = police(http, "vehicles", PARENT)

    assert response.status_code == 404
    assert response.json()["resultCode"] == "4040"
