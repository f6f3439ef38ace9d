import pytest

from onedoor.accounts.demo import DEMO_DEPARTMENTS, seed_demo_users
from onedoor.accounts.models import StaffRole, User
from onedoor.counter.models import Window


@pytest.mark.django_db
def test_the_demo_staff_are_created_with_their_roles_and_the_clerk_is_seated(district):
    result = seed_demo_users()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("onedoor-admin")
    assert admin.has_role("catalog_admin")
    clerk = User.objects.get(username="clerk")
    assert clerk.check_password("onedoor-demo")
    assert clerk.staff_roles.get().service_point.code == "district-centre"
    assert Window.objects.get(code="dc-01").clerk == clerk
    assert User.objects.get(username="supervisor").has_role("supervisor")
    assert User.objects.get(username="hallmanager").has_role("hall_manager")
    for code in ("police", "education", "market"):
        assert User.objects.get(username=f"approver-{code}").has_role(
            "approver", department_code=code
        )
    absent = set(DEMO_DEPARTMENTS) - {"police", "education", "market"}
    assert not User.objects.filter(username__in=[f"approver-{c}" for c in absent]).exists()
    assert len(result.warnings) == len(absent)


@pytest.mark.django_db
def test_seeding_the_demo_staff_again_changes_nothing(district):
    seed_demo_users()
    users, roles = User.objects.count(), StaffRole.objects.count()

    seed_demo_users()

    assert (User.objects.count(), StaffRole.objects.count()) == (users, roles)


@pytest.mark.django_db
def test_without_the_service_point_the_window_roles_are_skipped_with_a_warning():
    result = seed_demo_users()

    assert User.objects.get(username="clerk").staff_roles.count() == 0
    assert any("district-centre" in warning for warning in result.warnings)
