"""Writes to staff accounts, their roles and API tokens."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.accounts.models import ApiToken, Role, StaffRole, User, hash_token
from onedoor.catalog.models import Department
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode, NotFound
from onedoor.counter.models import ServicePoint
from onedoor.registry.models import Person

# A role grant: (role, department code or None, service point code or None).
RoleGrant = tuple[str, str | None, str | None]

TOKEN_PREFIX_LENGTH = 10


def create_staff_user(
    *,
    actor: Any,
    username: str,
    password: str | None,
    full_name: str,
    roles: Iterable[RoleGrant] = (),
    is_superuser: bool = False,
    password_is_hashed: bool = False,
) -> User:
    """Create a staff user with roles, or complete an existing one (idempotent).

    The password is set only when the user is created (``None`` leaves it unusable); roles are
    added when missing and never removed. An unknown department or service point raises
    ``not_found`` and nothing is written.
    """
    grants = [_resolve_grant(role, dept, point) for role, dept, point in roles]
    with transaction.atomic():
        user, created = User.objects.select_for_update().get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
            },
        )
        if created:
            if password and password_is_hashed:
                user.password = password
            elif password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        elif full_name and user.full_name != full_name:
            user.full_name = full_name
            user.save(update_fields=["full_name"])
        added = [
            role
            for role, department, point in grants
            if StaffRole.objects.get_or_create(
                user=user, role=role, department=department, service_point=point
            )[1]
        ]
        if created or added:
            record_event(
                actor=actor,
                action="accounts.staff_user_created" if created else "accounts.staff_roles_added",
                obj=user,
                object_id=user.username,
                payload={"roles": added, "superuser": user.is_superuser},
            )
    user.__dict__.pop("_role_grants", None)  # roles may have changed since they were cached
    return user


def _resolve_grant(
    role: str, department_code: str | None, service_point_code: str | None
) -> tuple[str, Department | None, ServicePoint | None]:
    if role not in Role.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("未知的角色。"),
            details={"fields": {"role": f"one of {', '.join(Role.values)}"}},
        )
    department = None
    if department_code:
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            raise NotFound(_("没有这个部门。"), department=department_code)
    point = None
    if service_point_code:
        point = ServicePoint.objects.filter(code=service_point_code).first()
        if point is None:
            raise NotFound(_("没有这个服务网点。"), service_point=service_point_code)
    return role, department, point


def create_token(
    *,
    actor: Any,
    user: User | None = None,
    person: Person | None = None,
    name: str = "",
    expires_at: dt.datetime | None = None,
) -> str:
    """Issue a bearer token for a staff user or a citizen; returns the raw token, once.

    Only its SHA-256 and a short prefix are stored.
    """
    if (user is None) == (person is None):
        raise DomainError(ErrorCode.INVALID_INPUT, _("令牌须属于一名工作人员或一名自然人。"))
    raw = ApiToken.generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            key_hash=hash_token(raw),
            prefix=raw[:TOKEN_PREFIX_LENGTH],
            user=user,
            person=person,
            name=name.strip()[:100],
            expires_at=expires_at,
        )
        record_event(
            actor=actor,
            action="accounts.token_created",
            obj=token,
            object_id=token.prefix,
            payload={
                "holder": (user or person).audit_label,  # type: ignore[union-attr]  # one is set
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return raw


def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token; revoking it again changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            record_event(
                actor=actor, action="accounts.token_revoked", obj=token, object_id=token.prefix
            )
    return token
