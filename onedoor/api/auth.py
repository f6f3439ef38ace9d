"""Bearer-token authentication for staff users and citizens."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from onedoor.accounts.models import ApiToken, StaffRole, User, hash_token
from onedoor.catalog.models import Department
from onedoor.core.db import columns_of, from_row, repeating_cursor
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.counter.models import ServicePoint
from onedoor.registry.models import Person

# last_used_at is refreshed at most this often, so that reads do not each cost a write.
_TOUCH_EVERY = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a staff user or a citizen (a person in the registry)."""

    user: User | None = None
    person: Person | None = None

    @property
    def is_staff(self) -> bool:
        return self.user is not None

    @property
    def is_citizen(self) -> bool:
        return self.person is not None

    @property
    def actor(self) -> User | Person:
        actor = self.user or self.person
        assert actor is not None
        return actor

    @property
    def scope(self) -> str:
        """A key that scopes idempotency keys and rate limits to the caller."""
        return self.actor.audit_label


def principal_for_token(raw: str) -> Principal | None:
    token = find_token(hash_token(raw))
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.user is not None and not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Principal(user=token.user, person=token.person)


def find_token(key_hash: str) -> ApiToken | None:
    """The live token with this hash, its user (with the user's role grants) or person.

    Every API request starts here; on PostgreSQL it is one prepared statement that also
    brings the staff user's role grants (a row per grant), where the ORM built two queries."""
    if connection.vendor != "postgresql":
        return (
            ApiToken.objects.select_related("user", "person")
            .filter(key_hash=key_hash, revoked_at__isnull=True)
            .first()
        )
    with repeating_cursor() as cursor:
        cursor.execute(_TOKEN_SQL, [key_hash])
        rows = cursor.fetchall()
    if not rows:
        return None
    token, user, person = from_row(rows[0], ApiToken, User, Person)
    assert isinstance(token, ApiToken)
    token.user = user  # type: ignore[assignment]  # None or the User
    token.person = person  # type: ignore[assignment]  # None or the Person
    if isinstance(user, User):
        grants = []
        for row in rows:
            grant, department, point = from_row(
                row[_GRANT_START:], StaffRole, Department, ServicePoint
            )
            if isinstance(grant, StaffRole):
                grant.department = department  # type: ignore[assignment]
                grant.service_point = point  # type: ignore[assignment]
                grant.user = user
                grants.append(grant)
        user._role_grants = sorted(grants, key=lambda g: (g.role, g.pk))
    return token


def _token_sql() -> tuple[str, int]:
    parts = [(ApiToken, "t"), (User, "u"), (Person, "p")]
    grant_parts = [(StaffRole, "r"), (Department, "d"), (ServicePoint, "s")]
    start = sum(len(model._meta.concrete_fields) for model, _alias in parts)
    columns = ", ".join(columns_of(model, alias) for model, alias in [*parts, *grant_parts])
    sql = (
        f"SELECT {columns} FROM {ApiToken._meta.db_table} t "  # noqa: S608 (fixed names)
        f"LEFT JOIN {User._meta.db_table} u ON u.id = t.user_id "
        f"LEFT JOIN {Person._meta.db_table} p ON p.id = t.person_id "
        f"LEFT JOIN {StaffRole._meta.db_table} r ON r.user_id = u.id "
        f"LEFT JOIN {Department._meta.db_table} d ON d.id = r.department_id "
        f"LEFT JOIN {ServicePoint._meta.db_table} s ON s.id = r.service_point_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL"
    )
    return sql, start


_TOKEN_SQL, _GRANT_START = _token_sql()


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Principal | None:
        principal = principal_for_token(token)
        if principal is not None:
            request.principal = principal  # type: ignore[attr-defined]  # read by optional-auth views
        return principal


bearer = BearerAuth()


def optional_principal(request: HttpRequest) -> Principal | None:
    """The caller on an endpoint open to everyone, when a valid token came with the request."""
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return principal_for_token(raw.strip())


def require_staff(request: HttpRequest) -> User:
    principal: Any = getattr(request, "auth", None)
    if not isinstance(principal, Principal):
        raise DomainError(ErrorCode.NOT_AUTHENTICATED, "authentication required", status=401)
    if principal.user is None:
        raise DomainError(ErrorCode.PERMISSION_DENIED, "staff only", status=403)
    return principal.user
