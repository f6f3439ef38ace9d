import datetime as dt

import httpx
import pytest

from onedoor.sandbox.systems.education import enrollment_year
from onedoor.sandbox.tests.callers import education
from onedoor.sandbox.tests.conftest import CHILD, PARENT, YOUNGER_CHILD


def test_places_lists_every_school_with_its_free_places(http: httpx.Client, world: dict) -> None:
    response = education(http, "places")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert body["data"]["year"] == enrollment_year(dt.date.today())
    riverside = next(s for s in body["data"]["schools"] if s["code"] == "riverside")
    assert riverside == {
        "code": "riverside",
        "name": "江滨小学",
        "capacity": 180,
        "enrolled": 1,
        "available": 179,
    }
    assert len(body["data"]["schools"]) == 3


def test_places_of_one_school(http: httpx.Client, world: dict) -> None:
    schools = education(http, "places", {"school": "garden"}).json()["data"]["schools"]

    assert [school["code"] for school in schools] == ["garden"]


def test_an_unknown_school_is_404_fail(http: httpx.Client, world: dict) -> None:
    response = education(http, "places", {"school": "atlantis"})

    assert response.status_code == 404
    assert response.json() == {"status": "fail", "data": {"school": "no school with this code"}}


def test_student_answers_the_enrollment(http: httpx.Client, world: dict) -> None:
    pupil = education(http, f"students/{YOUNGER_CHILD}").json()["data"]["student"]
    applicant = education(http, f"students/{CHILD}").json()["data"]["student"]

    assert (pupil["enrolled"], pupil["school"]) == (True, "riverside")
    assert (applicant["enrolled"], applicant["school"], applicant["name"]) == (
        False,
        None,
        "李小一",
    )


def test_an_unknown_student_is_404_fail(http: httpx.Client, world: dict) -> None:
    response = education(http, f"students/{PARENT}")

    assert response.status_code == 404
    assert response.json()["data"] == {"id_number": "no student with this id number"}


@pytest.mark.parametrize("key", ["guess", "onedoor-market-demo-key"])
def test_wrong_basic_credentials_are_401_fail(http: httpx.Client, key: str) -> None:
    response = education(http, "places", key=key)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Basic realm="education"'
    assert response.json()["status"] == "fail"


def test_the_enrollment_year_turns_on_1_september() -> None:
    assert enrollment_year(dt.date(2026, 8, 31)) == 2026
    assert enrollment_year(dt.date(2026, 9, 1)) == 2027
