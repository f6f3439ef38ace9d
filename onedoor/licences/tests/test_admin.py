import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.licences.queries import verify_licence
from onedoor.licences.tests.factories import make_licence

pytestmark = pytest.mark.django_db


def _admin(client, roles=()):
    user = create_staff_user(
        actor="system",
        username="admin",
        password=None,
        full_name="管理员",
        roles=roles,
        is_superuser=True,
    )
    client.force_login(user)
    return user


def test_the_revoke_action_asks_for_a_reason_first(client):
    licence = make_licence()
    _admin(client, roles=[("approver", "market", None)])

    response = client.post(
        "/admin/licences/licence/",
        {"action": "revoke_selected", "_selected_action": [licence.pk]},
    )

    assert response.status_code == 200
    assert "撤销原因" in response.content.decode()
    licence.refresh_from_db()
    assert licence.status == "valid"


def test_the_revoke_action_revokes_through_the_action(client):
    licence = make_licence()
    _admin(client, roles=[("approver", "market", None)])

    client.post(
        "/admin/licences/licence/",
        {"action": "revoke_selected", "_selected_action": [licence.pk], "reason": "吊销"},
    )

    licence.refresh_from_db()
    assert (licence.status, licence.revoked_reason) == ("revoked", "吊销")


def test_an_administrator_who_is_not_the_issuers_approver_cannot_revoke(client):
    licence = make_licence()
    _admin(client)

    client.post(
        "/admin/licences/licence/",
        {"action": "revoke_selected", "_selected_action": [licence.pk], "reason": "吊销"},
    )

    licence.refresh_from_db()
    assert licence.status == "valid"


def test_licence_pages_in_the_admin_are_read_only(client):
    licence = make_licence()
    _admin(client)

    change = client.get(f"/admin/licences/licence/{licence.pk}/change/")
    add = client.get("/admin/licences/licence/add/")

    assert change.status_code == 200
    assert 'name="signature"' not in change.content.decode()
    assert add.status_code == 403


def test_the_rotate_action_gives_the_department_a_new_key(client):
    licence = make_licence()
    _admin(client)

    client.post(
        "/admin/licences/signingkey/",
        {
            "action": "rotate_departments_keys",
            "_selected_action": [licence.issuer.signing_keys.get().pk],
        },
    )

    keys = licence.issuer.signing_keys.order_by("created_at")
    assert [key.active for key in keys] == [False, True]
    assert verify_licence(licence.number).valid
