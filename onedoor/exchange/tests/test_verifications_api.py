"""``POST /api/v1/verifications``: staff ask a yes/no question with a case or a purpose."""

from typing import Any

import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.exchange.models import ExchangeLog
from onedoor.exchange.tests.world import PARENT
from onedoor.registry.actions import register_person
from onedoor.registry.models import DataAccess

pytestmark = pytest.mark.django_db

URL = "/api/v1/verifications"


def _post(client: Any, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return client.post(URL, body, content_type="application/json", headers=headers or {})


def test_a_clerk_gets_the_answer_and_its_source(
    client: Any, systems: Any, clerk: Any, bearer: Any, django_assert_max_num_queries: Any
) -> None:
    headers = bearer(clerk)
    body = {"subject": PARENT, "fact": "household.in_district", "case": "C-2026-000001"}

    with django_assert_max_num_queries(10):
        response = _post(client, body, headers)

    assert response.status_code == 200, response.content
    payload = response.json()
    assert (payload["answer"], payload["source"]) == ("yes", "police")
    assert set(payload) == {"answer", "source", "at"}
    entry = ExchangeLog.objects.get()
    assert (entry.case_number, entry.purpose, entry.requester) == (
        "C-2026-000001", "C-2026-000001", "staff:clerk",
    )  # fmt: skip


def test_a_verification_with_params_and_a_stated_purpose(
    client: Any, systems: Any, clerk: Any, bearer: Any
) -> None:
    person = register_person(actor="test", id_number=PARENT, name="李家长")
    body = {
        "subject": PARENT,
        "fact": "social_insurance.months_at_least",
        "params": {"months": 120},
        "purpose": "咨询社保缴费年限",
    }

    response = _post(client, body, bearer(clerk))

    assert response.json()["answer"] == "no"
    access = DataAccess.objects.get(person=person)
    assert (access.action, access.purpose) == ("verify", "咨询社保缴费年限")


def test_an_unreachable_system_answers_unknown_not_an_error(
    client: Any, systems: Any, clerk: Any, bearer: Any, faults: Any
) -> None:
    faults("police", mode="error")

    response = _post(
        client, {"subject": PARENT, "fact": "household.in_district", "purpose": "t"}, bearer(clerk)
    )

    assert response.status_code == 200
    assert response.json()["answer"] == "unknown"


def test_anonymous_callers_are_refused(client: Any, systems: Any) -> None:
    response = _post(client, {"subject": PARENT, "fact": "household.in_district", "purpose": "t"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not ExchangeLog.objects.exists()


def test_citizens_are_refused(client: Any, systems: Any, bearer: Any) -> None:
    citizen = register_person(actor="test", id_number=PARENT, name="李家长")

    response = _post(
        client,
        {"subject": PARENT, "fact": "household.in_district", "purpose": "t"},
        bearer(citizen),
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not ExchangeLog.objects.exists()


def test_a_staff_user_without_a_role_is_refused(client: Any, systems: Any, bearer: Any) -> None:
    nobody = create_staff_user(actor="test", username="nobody", password=None, full_name="无角色")

    response = _post(
        client, {"subject": PARENT, "fact": "household.in_district", "purpose": "t"}, bearer(nobody)
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"subject": PARENT, "fact": "household.haunted", "purpose": "t"}, "unknown_fact"),
        ({"subject": "440604198503150025", "fact": "household.in_district", "purpose": "t"},
         "invalid_id_number"),
        ({"subject": PARENT, "fact": "business.registered", "purpose": "t"}, "invalid_uscc"),
        ({"subject": PARENT, "fact": "household.in_district"}, "invalid_input"),
        ({"subject": PARENT, "fact": "residence_permit.years_at_least", "purpose": "t"},
         "invalid_input"),
        ({"fact": "household.in_district", "purpose": "t"}, "invalid_input"),
    ],
)  # fmt: skip
def test_a_bad_question_answers_422_with_its_code(
    client: Any, systems: Any, clerk: Any, bearer: Any, body: dict[str, Any], code: str
) -> None:
    response = _post(client, body, bearer(clerk))

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert not ExchangeLog.objects.exists()
