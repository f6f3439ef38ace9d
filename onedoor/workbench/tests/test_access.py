"""Every workbench screen declares who may open it, and keeps everyone else out."""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import Role, User
from onedoor.workbench import urls
from onedoor.workbench.access import ANY_STAFF, PUBLIC, access_rule

NUMBER = "20260101-ABCDEFG"
TASK = uuid.UUID(int=1)

HALL_STAFF = (Role.HALL_MANAGER, Role.SUPERVISOR)
POINT = {"service_point": "district-centre"}

# Each screen, an example address, and the role it needs (ANY_STAFF: any staff role), or the
# roles of which it needs one.
SCREENS: list[tuple[str, dict[str, object], str | tuple[str, ...]]] = [
    ("home", {}, ANY_STAFF),
    ("window", {}, Role.CLERK),
    ("window-next", {}, Role.CLERK),
    ("window-matter", {"code": "household-certificate"}, Role.CLERK),
    ("window-bundle", {"code": "restaurant-opening"}, Role.CLERK),
    ("window-result", {"number": NUMBER}, Role.CLERK),
    ("window-open", {}, Role.CLERK),
    ("window-call", {}, Role.CLERK),
    ("window-recall", {}, Role.CLERK),
    ("window-transfer", {}, Role.CLERK),
    ("window-no-show", {}, Role.CLERK),
    ("window-pause", {}, Role.CLERK),
    ("window-close", {}, Role.CLERK),
    ("window-requeue", {}, Role.CLERK),
    ("hall", {}, HALL_STAFF),
    ("hall-figures-csv", {}, HALL_STAFF),
    ("hall-board", POINT, HALL_STAFF),
    ("hall-board-live", POINT, HALL_STAFF),
    ("hall-report", POINT, HALL_STAFF),
    ("hall-report-csv", POINT, HALL_STAFF),
    ("inbox", {}, Role.APPROVER),
    ("task-claim", {"task": TASK}, Role.APPROVER),
    ("task-decide", {"task": TASK}, Role.APPROVER),
    ("case", {"number": NUMBER}, ANY_STAFF),
    ("case-receipt", {"number": NUMBER}, ANY_STAFF),
    ("case-notice", {"number": NUMBER}, ANY_STAFF),
    ("case-refusal", {"number": NUMBER}, ANY_STAFF),
    ("case-upload", {"number": NUMBER, "upload": TASK}, ANY_STAFF),
    ("licence-pdf", {"number": "440604-HR-2026-000001"}, ANY_STAFF),
    ("systems", {}, ANY_STAFF),
    ("person-vault", {}, Role.SUPERVISOR),
]
PUBLIC_SCREENS = {"login", "logout"}


def _patterns() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern)]


def test_every_workbench_view_declares_its_access_rule() -> None:
    undeclared = [p.name for p in _patterns() if access_rule(p.callback) is None]
    assert undeclared == []


def test_every_workbench_screen_has_its_permission_paths_tested() -> None:
    names = {p.name for p in _patterns()}
    assert names == {name for name, _kwargs, _role in SCREENS} | PUBLIC_SCREENS


def test_only_the_login_and_logout_pages_are_public() -> None:
    public = {p.name for p in _patterns() if access_rule(p.callback) == (PUBLIC,)}
    assert public == PUBLIC_SCREENS


@pytest.mark.parametrize(("name", "kwargs", "role"), SCREENS)
def test_each_screen_declares_the_role_it_needs(name: str, kwargs: dict, role: object) -> None:
    [pattern] = [p for p in _patterns() if p.name == name]
    assert access_rule(pattern.callback) == _roles(role)


def _roles(role: object) -> tuple[str, ...]:
    return tuple(role) if isinstance(role, tuple) else (str(role),)


def _staff(username: str, *roles: str) -> User:
    return create_staff_user(
        actor=None,
        username=username,
        password=None,
        full_name=username,
        roles=[(role, None, None) for role in roles],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "role"), SCREENS)
def test_anonymous_visitor_is_sent_to_the_login_page(
    client: Client, name: str, kwargs: dict, role: str
) -> None:
    url = reverse(f"workbench:{name}", kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/workbench/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "role"), SCREENS)
def test_account_without_a_staff_role_is_sent_to_the_login_page(
    client: Client, name: str, kwargs: dict, role: str
) -> None:
    client.force_login(User.objects.create_user(username="citizen-like"))
    response = client.post(reverse(f"workbench:{name}", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith("/workbench/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "role"), [s for s in SCREENS if s[2] != ANY_STAFF])
def test_staff_without_the_screens_role_get_the_403_page(
    client: Client, name: str, kwargs: dict, role: str
) -> None:
    other = next(r for r in (Role.SUPERVISOR, Role.CLERK) if r not in _roles(role))
    client.force_login(_staff("someone-else", other))
    response = client.post(reverse(f"workbench:{name}", kwargs=kwargs))
    assert response.status_code == 403
    assert "text/html" in response["Content-Type"]


@pytest.mark.django_db
def test_clerk_cannot_open_the_approvers_inbox_nor_an_approver_the_window(client: Client) -> None:
    client.force_login(_staff("a-clerk", Role.CLERK))
    assert client.get(reverse("workbench:inbox")).status_code == 403
    assert client.get(reverse("workbench:window")).status_code == 200
    client.force_login(_staff("an-approver", Role.APPROVER))
    assert client.get(reverse("workbench:window")).status_code == 403
    assert client.get(reverse("workbench:inbox")).status_code == 200


@pytest.mark.django_db
def test_the_login_page_is_open_to_everyone(client: Client) -> None:
    response = client.get(reverse("workbench:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
