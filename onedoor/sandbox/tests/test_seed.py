import time
from typing import Any

import httpx
import pytest

from onedoor.sandbox.tests.callers import education, market, police
from onedoor.sandbox.tests.conftest import COMPANY, PARENT, WORLD


def test_seed_answers_how_many_persons_and_organisations_it_wrote(http: httpx.Client) -> None:
    response = http.post("/_seed", json=WORLD)

    assert response.status_code == 200
    assert response.json() == {"persons": 5, "organisations": 2}
    assert police(http, "household", PARENT).json()["resultCode"] == "0000"
    assert market(http, COMPANY).status_code == 200


def test_seeding_a_person_again_replaces_every_record_of_theirs(
    http: httpx.Client, world: dict
) -> None:
    http.post("/_seed", json={"persons": [{"id_number": PARENT, "name": "李家长"}]})

    assert police(http, "household", PARENT).json()["resultCode"] == "1001"
    assert http.get(f"/hrss/api/v1/insured/{PARENT}").status_code == 401  # still guarded
    assert market(http, COMPANY).json()["legalRepresentative"]["name"] == "李家长"


def test_an_upsert_changes_a_fact(http: httpx.Client, world: dict) -> None:
    person = {"id_number": PARENT, "name": "李家长", "household": {"in_district": False}}

    http.post("/_seed", json={"persons": [person]})

    assert police(http, "household", PARENT).json()["data"]["inDistrict"] is False


def test_ten_thousand_persons_seed_in_one_quick_batch(http: httpx.Client) -> None:
    persons = [_synthetic_person(n) for n in range(10_000)]

    started = time.perf_counter()
    response = http.post("/_seed", json={"persons": persons}, timeout=60)
    elapsed = time.perf_counter() - started

    assert response.json() == {"persons": 10_000, "organisations": 0}
    assert elapsed < 5, f"10,000 persons took {elapsed:.1f} s"
    last = persons[-1]["id_number"]
    assert police(http, "household", last).json()["data"]["inDistrict"] is True


def _synthetic_person(n: int) -> dict[str, Any]:
    return {
        "id_number": f"44060419900101{n:04d}",
        "name": f"测试{n}",
        "birth_date": "1990-01-01",
        "sex": "male" if n % 2 else "female",
        "household": {"in_district": True, "address": f"禅城区{n}号"},
        "property": {"owns_in_district": n % 3 == 0, "rents_in_district": n % 3 == 1},
        "residence_permit": {"years": n % 4},
        "vaccination": {"complete": True},
        "marriage": {"married": n % 2 == 0},
        "social_insurance": {"months": n % 200},
        "birth": {"registered": True},
        "tax": {"arrears": n % 50 == 0},
        "school": {"enrolled": False},
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "JSON object"),
        ({"people": []}, "unknown key 'people'"),
        ({"persons": {}}, "persons: must be a list"),
        ({"persons": [{"name": "无号"}]}, "persons[0].id_number: must be a non-empty string"),
        ({"persons": [{"id_number": PARENT}]}, "persons[0].name"),
        (
            {"persons": [{"id_number": PARENT, "name": "甲", "birth_date": "1985/03/15"}]},
            "persons[0].birth_date: must be a date YYYY-MM-DD",
        ),
        ({"persons": [{"id_number": PARENT, "name": "甲", "sex": "m"}]}, "persons[0].sex"),
        (
            {"persons": [{"id_number": PARENT, "name": "甲", "household": {"in_district": "yes"}}]},
            "persons[0].household.in_district: must be true or false",
        ),
        (
            {"persons": [{"id_number": PARENT, "name": "甲", "social_insurance": {"months": 1.5}}]},
            "persons[0].social_insurance.months: must be a whole number",
        ),
        (
            {"persons": [{"id_number": PARENT, "name": "甲", "residence_permit": {"years": -1}}]},
            "persons[0].residence_permit.years: must be a number",
        ),
        ({"organisations": [{"uscc": COMPANY}]}, "organisations[0].name"),
        (
            {"organisations": [{"uscc": COMPANY, "name": "公司", "tax": {}}]},
            "organisations[0].tax.arrears: is required",
        ),
    ],
)
def test_an_invalid_seed_body_is_400_naming_the_bad_value(
    http: httpx.Client, body: Any, message: str
) -> None:
    response = http.post("/_seed", json=body)

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_body_that_is_not_json_is_400(http: httpx.Client) -> None:
    response = http.post("/_seed", content=b"persons=1")

    assert response.status_code == 400
    assert response.json() == {"error": "the body is not JSON"}


def test_an_invalid_batch_writes_nothing(http: httpx.Client) -> None:
    good = {"id_number": PARENT, "name": "李家长", "household": {"in_district": True}}
    bad = {"id_number": "X", "name": ""}

    http.post("/_seed", json={"persons": [good, bad]})

    assert police(http, "household", PARENT).json()["resultCode"] == "1001"


def test_seed_takes_schools_too(http: httpx.Client) -> None:
    school = {"code": "hill", "name": "山景小学", "capacity": 45}

    response = http.post("/_seed", json={"schools": [school]})

    assert response.json() == {"persons": 0, "organisations": 0, "schools": 1}
    places = education(http, "places", {"school": "hill"}).json()["data"]["schools"]
    assert places == [school | {"enrolled": 0, "available": 45}]


def test_reset_forgets_every_record_and_fault(http: httpx.Client, world: dict) -> None:
    http.post("/_faults", json={"system": "police", "mode": "down"})

    response = http.post("/_reset")

    assert response.status_code == 200
    assert police(http, "household", PARENT).json()["resultCode"] == "1001"
    assert http.get("/_health").json()["systems"]["police"] == "ok"


def test_seed_only_takes_post(http: httpx.Client) -> None:
    response = http.get("/_seed")

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"
