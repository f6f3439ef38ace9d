import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import StaffRole, User
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent


@pytest.mark.django_db
def test_a_staff_user_is_created_with_scoped_roles_and_an_event(district):
    user = create_staff_user(
        actor="test",
        username="approver-police",
        password="onedoor-demo",
        full_name="黄志强",
        roles=[("approver", "police", None)],
    )

    user.refresh_from_db()
    assert user.check_password("onedoor-demo")
    assert user.get_full_name() == "黄志强"
    assert user.has_role("approver", department_code="police")
    assert not user.has_role("approver", department_code="market")
    event = AuditEvent.objects.get(action="accounts.staff_user_created")
    assert event.object_id == "approver-police"


@pytest.mark.django_db
def test_creating_again_adds_missing_roles_keeps_the_password_and_duplicates_nothing(district):
    create_staff_user(actor="test", username="li", password="first-pass", full_name="李", roles=[])
    user = create_staff_user(
        actor="test",
        username="li",
        password="other-pass",
        full_name="李晓红",
        roles=[("clerk", None, "district-centre"), ("clerk", None, "district-centre")],
    )
    create_staff_user(
        actor="test",
        username="li",
        password="other-pass",
        full_name="李晓红",
        roles=[("clerk", None, "district-centre")],
    )

    assert User.objects.count() == 1
    assert StaffRole.objects.count() == 1
    user.refresh_from_db()
    assert user.check_password("first-pass")
    assert user.full_name == "李晓红"
    assert AuditEvent.objects.filter(action="accounts.staff_roles_added").count() == 1


@pytest.mark.django_db
def test_an_unknown_department_writes_nothing(district):
    with pytest.raises(DomainError) as error:
        create_staff_user(
            actor="test",
            username="x",
            password=None,
            full_name="",
            roles=[("approver", "nowhere", None)],
        )

    assert error.value.code == "not_found"
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_unknown_role_is_refused():
    with pytest.raises(DomainError) as error:
        create_staff_user(
            actor="test", username="x", password=None, full_name="", roles=[("king", None, None)]
        )

    assert error.value.code == "invalid_input"
