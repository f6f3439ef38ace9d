import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.licences.actions import revoke_licence
from onedoor.licences.queries import verify_licence
from onedoor.licences.tests.factories import (
    bearer,
    make_approver,
    make_department,
    make_licence,
    make_person,
)

pytestmark = pytest.mark.django_db


def _revoke(client, licence, headers, reason="经营场所已不存在"):
    return client.post(
        f"/api/v1/licences/{licence.number}/revoke",
        {"reason": reason},
        content_type="application/json",
        headers=headers,
    )


def test_an_approver_of_the_issuing_department_revokes_a_licence(client):
    licence = make_licence()

    response = _revoke(client, licence, bearer(user=make_approver(licence.issuer)))

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    licence.refresh_from_db()
    assert licence.status == "revoked"
    assert licence.revoked_reason == "经营场所已不存在"
    assert licence.revoked_at is not None
    event = AuditEvent.objects.get(action="licences.licence_revoked")
    assert (event.actor, event.object_id) == ("staff:approver-market", licence.number)
    assert verify_licence(licence.number).reason == "revoked"


def test_an_approver_of_another_department_may_not_revoke(client):
    licence = make_licence()
    other = make_approver(make_department("fire", "禅城区消防救援大队"))

    response = _revoke(client, licence, bearer(user=other))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    licence.refresh_from_db()
    assert licence.status == "valid"


def test_revoking_twice_is_a_conflict(client):
    licence = make_licence()
    headers = bearer(user=make_approver(licence.issuer))
    _revoke(client, licence, headers)

    response = _revoke(client, licence, headers, reason="再次撤销")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    licence.refresh_from_db()
    assert licence.revoked_reason == "经营场所已不存在"


def test_a_citizen_may_not_revoke_even_their_own_licence(client):
    boss = make_person()
    licence = make_licence()

    response = _revoke(client, licence, bearer(person=boss))

    assert response.status_code == 403


def test_an_anonymous_caller_must_authenticate_to_revoke(client):
    licence = make_licence()

    response = _revoke(client, licence, {})

    assert response.status_code == 401


def test_revoking_an_unknown_licence_is_not_found(client):
    headers = bearer(user=make_approver(make_department()))

    response = client.post(
        "/api/v1/licences/440604-FBL-2026-999999/revoke",
        {"reason": "无"},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 404


def test_a_revocation_needs_a_reason():
    licence = make_licence()

    with pytest.raises(DomainError) as caught:
        revoke_licence(actor=make_approver(licence.issuer), licence=licence, reason="  ")

    assert caught.value.code == "invalid_input"
    licence.refresh_from_db()
    assert licence.status == "valid"
