"""The demo district's staff: an administrator, a clerk, a supervisor, a hall manager, approvers.

Departments and service points come from the catalog and counter seeding; a user whose
department or service point is absent is created without that role, with a warning.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from onedoor.accounts.actions import RoleGrant, create_staff_user
from onedoor.accounts.models import Role, User
from onedoor.catalog.models import Department
from onedoor.core.audit import record_event
from onedoor.counter.models import ServicePoint, Window

logger = logging.getLogger(__name__)

ADMIN_PASSWORD = "onedoor-admin"  # noqa: S105  # published demo password (README)
DEMO_PASSWORD = "onedoor-demo"  # noqa: S105  # published demo password (README)
DEMO_SERVICE_POINT = "district-centre"
DEMO_CLERK_WINDOW = "dc-01"
DEMO_DEPARTMENTS = (
    "police",
    "education",
    "housing",
    "hrss",
    "health",
    "civil",
    "market",
    "tax",
    "fire",
    "urban",
)
_APPROVER_NAMES = {
    "police": "黄志强",
    "education": "梁嘉欣",
    "housing": "陈国栋",
    "hrss": "何丽华",
    "health": "罗晓峰",
    "civil": "冯淑仪",
    "market": "邓伟明",
    "tax": "谭美玲",
    "fire": "关耀祖",
    "urban": "麦颖珊",
}


@dataclass
class DemoUsers:
    users: dict[str, User] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def seed_demo_users(*, actor: object = "system:seed") -> DemoUsers:
    """Create (or complete) the demo staff; safe to run again."""
    result = DemoUsers()
    departments = set(
        Department.objects.filter(code__in=DEMO_DEPARTMENTS).values_list("code", flat=True)
    )
    has_point = ServicePoint.objects.filter(code=DEMO_SERVICE_POINT).exists()
    point_grant = (DEMO_SERVICE_POINT,) if has_point else ()
    if not has_point:
        result.warnings.append(f"service point {DEMO_SERVICE_POINT} is absent: no window roles")

    specs: list[tuple[str, str, str, list[RoleGrant], bool]] = [
        ("admin", ADMIN_PASSWORD, "系统管理员", [(Role.CATALOG_ADMIN, None, None)], True),
        ("clerk", DEMO_PASSWORD, "李晓红", [(Role.CLERK, None, p) for p in point_grant], False),
        ("supervisor", DEMO_PASSWORD, "张建华", [(Role.SUPERVISOR, None, None)], False),
        (
            "hallmanager",
            DEMO_PASSWORD,
            "周文彬",
            [(Role.HALL_MANAGER, None, p) for p in point_grant],
            False,
        ),
    ]
    for code in DEMO_DEPARTMENTS:
        if code not in departments:
            result.warnings.append(f"department {code} is absent: approver-{code} not created")
            continue
        specs.append(
            (
                f"approver-{code}",
                DEMO_PASSWORD,
                _APPROVER_NAMES[code],
                [(Role.APPROVER, code, None)],
                False,
            )
        )
    # Hash each published password once: the slow hash costs seconds per user otherwise.
    hashes = {pw: make_password(pw) for pw in {spec[1] for spec in specs}}
    for username, password, full_name, roles, superuser in specs:
        result.users[username] = create_staff_user(
            actor=actor,
            username=username,
            password=hashes[password],
            password_is_hashed=True,
            full_name=full_name,
            roles=roles,
            is_superuser=superuser,
        )
    _seat_clerk(result.users["clerk"], actor=actor)
    for warning in result.warnings:
        logger.warning("demo users: %s", warning)
    return result


def _seat_clerk(clerk: User, *, actor: object) -> None:
    """Make the demo clerk the clerk of window dc-01, when that window exists and is free."""
    with transaction.atomic():
        seated = Window.objects.filter(code=DEMO_CLERK_WINDOW, clerk__isnull=True).update(
            clerk=clerk
        )
        if seated:
            record_event(
                actor=actor,
                action="counter.window_clerk_assigned",
                object_type="counter.window",
                object_id=DEMO_CLERK_WINDOW,
                payload={"clerk": clerk.username},
            )
