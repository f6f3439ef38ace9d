"""POST auth/code and auth/token: the app's sign-in by a one-time code, and GET me."""

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from onedoor.accounts.models import ApiToken
from onedoor.core.identifiers import make_id_number, make_uscc
from onedoor.notify.models import Message
from onedoor.registry.actions import add_relation, register_organisation, register_person
from onedoor.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident() -> Person:
    return register_person(
        actor="test",
        id_number=make_id_number("440604", dt.date(1984, 9, 9), 513),
        name="黄志强",
        phone="13922856789",
    )


def _post(client, path, body, **headers):
    return client.post(
        f"/api/v1/{path}", json.dumps(body), content_type="application/json", **headers
    )


def _sign_in(client, person: Person) -> str:
    assert _post(client, "auth/code", {"id_number": person.id_number}).status_code == 202
    code = Message.objects.filter(recipient=person).latest("created_at").context["code"]
    response = _post(client, "auth/token", {"id_number": person.id_number, "code": code})
    assert response.status_code == 200, response.json()
    return response.json()["token"]


def test_a_citizen_signs_in_with_the_code_and_gets_a_token(client, resident):
    sent = _post(client, "auth/code", {"id_number": resident.id_number})
    assert sent.status_code == 202
    assert sent.json() == {"expires_in": 300, "resend_in": 60}
    code = Message.objects.get(recipient=resident).context["code"]

    response = _post(client, "auth/token", {"id_number": resident.id_number, "code": code})

    assert response.status_code == 200
    body = response.json()
    token = ApiToken.objects.get()
    assert token.person == resident and token.user is None
    assert dt.datetime.fromisoformat(body["expires_at"]) > timezone.now() + dt.timedelta(days=29)
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert me.status_code == 200
    assert me.json()["id_number"] == resident.id_number


def test_the_answer_to_a_code_request_does_not_tell_who_is_registered(client, resident):
    stranger = make_id_number("440604", dt.date(1991, 2, 3), 417)

    known = _post(client, "auth/code", {"id_number": resident.id_number})
    unknown = _post(client, "auth/code", {"id_number": stranger})

    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    again_known = _post(client, "auth/code", {"id_number": resident.id_number})
    again_unknown = _post(client, "auth/code", {"id_number": stranger})
    assert again_known.status_code == again_unknown.status_code == 429
    assert again_known.json()["code"] == again_unknown.json()["code"] == "code_rate_limited"


def test_a_wrong_code_is_401_invalid_code_and_no_token_is_made(client, resident):
    _post(client, "auth/code", {"id_number": resident.id_number})
    code = Message.objects.get(recipient=resident).context["code"]
    wrong = f"{(int(code) + 7) % 1_000_000:06d}"

    response = _post(client, "auth/token", {"id_number": resident.id_number, "code": wrong})

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_code"
    assert response.json()["details"]["attempts_left"] == 4
    assert ApiToken.objects.count() == 0


def test_an_expired_code_is_422_code_expired(client, resident):
    _post(client, "auth/code", {"id_number": resident.id_number})
    code = Message.objects.get(recipient=resident).context["code"]

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
        response = _post(client, "auth/token", {"id_number": resident.id_number, "code": code})

    assert response.status_code == 422
    assert response.json()["code"] == "code_expired"
    assert ApiToken.objects.count() == 0


def test_bad_input_is_a_coded_422(client):
    assert _post(client, "auth/code", {"id_number": "123"}).json()["code"] == "invalid_id_number"
    assert _post(client, "auth/code", {}).json()["code"] == "invalid_input"
    response = _post(client, "auth/token", {"id_number": "440604", "code": "1"})
    assert (response.status_code, response.json()["code"]) == (422, "invalid_id_number")


def test_me_lists_whom_the_citizen_may_act_for(client, resident):
    child = register_person(
        actor="test", id_number=make_id_number("440604", dt.date(2019, 6, 1), 121), name="黄小宝"
    )
    grown = register_person(
        actor="test", id_number=make_id_number("440604", dt.date(2001, 6, 1), 131), name="黄大宝"
    )
    add_relation(actor="test", person=resident, other=child, kind="guardian")
    add_relation(actor="test", person=resident, other=grown, kind="guardian")
    company = register_organisation(
        actor="test",
        uscc=make_uscc(77),
        name="佛山市禅城区黄记餐饮有限公司",
        legal_representative=resident,
    )
    token = _sign_in(client, resident)

    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    acts_for = response.json()["acts_for"]
    assert [(a["kind"], a["name"], a["relation"]) for a in acts_for] == [
        ("person", "黄志强", "self"),
        ("person", "黄小宝", "ward"),  # the grown-up child is no longer a ward
        ("organisation", company.name, "legal_representative"),
    ]
    assert acts_for[2]["uscc"] == company.uscc and acts_for[2]["id_number"] is None


def test_me_is_for_citizens_only(client, resident):
    from onedoor.accounts.actions import create_staff_user, create_token

    user = create_staff_user(actor="test", username="sup", password=None, full_name="监察")
    staff = create_token(actor="test", user=user)
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {staff}")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
