import httpx
import pytest

from onedoor.sandbox.tests.callers import health
from onedoor.sandbox.tests.conftest import CHILD, NEWCOMER_CHILD, PARENT, YOUNGER_CHILD

BIRTH = "urn:onedoor:sandbox:health:birth-registered"


def _parameters(response: httpx.Response) -> dict[str, object]:
    return {
        p["name"]: next(v for k, v in p.items() if k != "name")
        for p in response.json()["parameter"]
    }


def test_patient_search_carries_the_birth_registration(http: httpx.Client, world: dict) -> None:
    response = health(http, "Patient", {"identifier": CHILD})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = response.json()
    assert (bundle["resourceType"], bundle["type"], bundle["total"]) == ("Bundle", "searchset", 1)
    patient = bundle["entry"][0]["resource"]
    assert patient["resourceType"] == "Patient"
    assert patient["identifier"] == [{"system": "urn:onedoor:sandbox:resident-id", "value": CHILD}]
    assert patient["birthDate"] == "2019-06-01"
    assert patient["gender"] == "female"
    assert patient["extension"] == [{"url": BIRTH, "valueBoolean": True}]
    assert CHILD not in patient["id"]


def test_a_birth_not_registered_has_the_extension_false(http: httpx.Client, world: dict) -> None:
    bundle = health(http, "Patient", {"identifier": YOUNGER_CHILD}).json()

    assert bundle["entry"][0]["resource"]["extension"] == [{"url": BIRTH, "valueBoolean": False}]


def test_a_patient_known_only_by_vaccinations_has_no_birth_extension(
    http: httpx.Client, world: dict
) -> None:
    bundle = health(http, "Patient", {"identifier": NEWCOMER_CHILD}).json()

    assert bundle["total"] == 1
    assert "extension" not in bundle["entry"][0]["resource"]


def test_the_identifier_may_name_its_system(http: httpx.Client, world: dict) -> None:
    token = f"urn:onedoor:sandbox:resident-id|{CHILD}"

    assert health(http, "Patient", {"identifier": token}).json()["total"] == 1


def test_an_unknown_patient_is_an_empty_bundle(http: httpx.Client, world: dict) -> None:
    bundle = health(http, "Patient", {"identifier": PARENT}).json()

    assert (bundle["resourceType"], bundle["total"], bundle["entry"]) == ("Bundle", 0, [])


def test_vaccination_status_answers_complete(http: httpx.Client, world: dict) -> None:
    response = health(http, "Patient/$vaccination-status", {"identifier": CHILD})

    assert response.status_code == 200
    assert response.json()["resourceType"] == "Parameters"
    assert _parameters(response) == {
        "identifier": CHILD,
        "complete": True,
        "dosesGiven": 21,
        "dosesDue": 21,
    }


def test_vaccination_status_answers_incomplete(http: httpx.Client, world: dict) -> None:
    response = health(http, "Patient/$vaccination-status", {"identifier": NEWCOMER_CHILD})

    assert _parameters(response)["complete"] is False
    assert _parameters(response)["dosesGiven"] == 19


def test_vaccination_status_of_an_unknown_patient_is_404(http: httpx.Client, world: dict) -> None:
    response = health(http, "Patient/$vaccination-status", {"identifier": PARENT})

    assert response.status_code == 404
    assert response.json()["resourceType"] == "OperationOutcome"
    assert response.json()["issue"][0]["code"] == "not-found"


def test_immunization_search_lists_every_dose_given(http: httpx.Client, world: dict) -> None:
    complete = health(http, "Immunization", {"patient.identifier": CHILD}).json()
    partial = health(http, "Immunization", {"patient.identifier": NEWCOMER_CHILD}).json()
    nobody = health(http, "Immunization", {"patient.identifier": PARENT}).json()

    assert (complete["total"], partial["total"], nobody["total"]) == (21, 19, 0)
    dose = complete["entry"][0]["resource"]
    assert dose["resourceType"] == "Immunization"
    assert dose["status"] == "completed"
    assert dose["vaccineCode"] == {"text": "乙肝疫苗"}


def test_a_search_without_identifier_is_400(http: httpx.Client, world: dict) -> None:
    response = health(http, "Patient", {})

    assert response.status_code == 400
    assert response.json()["issue"][0]["code"] == "required"


@pytest.mark.parametrize("key", ["guess", "onedoor-hrss-demo-key"])
def test_a_wrong_bearer_token_is_401_operation_outcome(
    http: httpx.Client, world: dict, key: str
) -> None:
    response = health(http, "Patient", {"identifier": CHILD}, key=key)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="health"'
    assert response.json()["issue"][0]["code"] == "login"
