"""Bearer tokens through the API, on the staff-only person endpoint."""

import datetime as dt

import pytest
import time_machine

from onedoor.accounts.actions import create_token, revoke_token
from onedoor.accounts.models import ApiToken


def person_url(citizen) -> str:
    return f"/api/v1/persons/{citizen.id_number}?purpose=token-test"


@pytest.mark.django_db
def test_a_valid_staff_token_is_let_in_and_its_use_noted(client, clerk, citizen):
    raw = create_token(actor="test", user=clerk)

    response = client.get(person_url(citizen), headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.django_db
def test_a_citizen_token_authenticates_but_is_not_staff(client, citizen):
    raw = create_token(actor="test", person=citizen)

    response = client.get(person_url(citizen), headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.django_db
def test_a_revoked_token_is_401(client, clerk, citizen):
    raw = create_token(actor="test", user=clerk)
    revoke_token(actor="test", token=ApiToken.objects.get())

    response = client.get(person_url(citizen), headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_an_expired_token_is_401(client, clerk, citizen):
    with time_machine.travel(dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC), tick=False):
        raw = create_token(
            actor="test", user=clerk, expires_at=dt.datetime(2026, 11, 28, 12, tzinfo=dt.UTC)
        )
        before = client.get(person_url(citizen), headers={"Authorization": f"Bearer {raw}"})
    with time_machine.travel(dt.datetime(2026, 11, 28, 12, 1, tzinfo=dt.UTC), tick=False):
        after = client.get(person_url(citizen), headers={"Authorization": f"Bearer {raw}"})

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json()["code"] == "not_authenticated"


@pytest.mark.django_db
def test_an_inactive_users_token_is_401(client, clerk, citizen):
    raw = create_token(actor="test", user=clerk)
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])

    response = client.get(person_url(citizen), headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["Bearer od_not-a-token", "Bearer ", "Basic Y2xlcms6b25lZG9vcg==", "garbage"]
)
def test_a_garbage_header_is_a_coded_401(client, citizen, header):
    response = client.get(person_url(citizen), headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
