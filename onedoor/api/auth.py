"""Bearer-token authentication for staff users and citizens."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from onedoor.accounts.models import ApiToken, User, hash_token
from onedoor.core.errors import DomainError, ErrorCode
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
    try:
        token = ApiToken.objects.select_related("user", "person").get(
            key_hash=hash_token(raw), revoked_at__isnull=True
        )
    except ApiToken.DoesNotExist:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.user is not None and not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Principal(user=token.user, person=token.person)


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
