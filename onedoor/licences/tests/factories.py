"""Test data for the licences app, built through the registry's, accounts' and our actions."""

import datetime as dt
import itertools
from typing import Any

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.accounts.models import User
from onedoor.catalog.models import Department
from onedoor.core.identifiers import make_id_number, make_uscc
from onedoor.licences.actions import issue_licence
from onedoor.licences.models import Licence, LicenceType
from onedoor.registry.actions import register_organisation, register_person
from onedoor.registry.models import Organisation, Person

_sequence = itertools.count(1)


def make_department(code: str = "market", name: str = "禅城区市场监督管理局") -> Department:
    department, _ = Department.objects.get_or_create(code=code, defaults={"name": name})
    return department


def make_person(name: str = "张小明", birth_date: dt.date = dt.date(1990, 5, 17)) -> Person:
    return register_person(
        actor="system",
        id_number=make_id_number("440604", birth_date, next(_sequence)),
        name=name,
    )


def make_organisation(
    name: str = "佛山市禅城区好味餐饮有限公司", legal_representative: Person | None = None
) -> Organisation:
    return register_organisation(
        actor="system",
        uscc=make_uscc(next(_sequence)),
        name=name,
        legal_representative=legal_representative,
    )


def make_licence_type(
    code: str = "food-business-licence",
    *,
    department: Department | None = None,
    holder_kind: str = "organisation",
    validity_days: int | None = None,
    name: str = "食品经营许可证",
) -> LicenceType:
    licence_type, _ = LicenceType.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "department": department or make_department(),
            "holder_kind": holder_kind,
            "validity_days": validity_days,
            "fields": [
                {"name": "business_scope", "label": "经营项目"},
                {"name": "address", "label": "经营场所"},
            ],
        },
    )
    return licence_type


def make_approver(department: Department, username: str | None = None) -> User:
    return create_staff_user(
        actor="system",
        username=username or f"approver-{department.code}",
        password=None,
        full_name="审批员",
        roles=[("approver", department.code, None)],
    )


def make_licence(
    *,
    holder: Person | Organisation | None = None,
    licence_type: LicenceType | None = None,
    **kwargs: Any,
) -> Licence:
    licence_type = licence_type or make_licence_type()
    if holder is None:
        holder = make_person() if licence_type.holder_kind == "person" else make_organisation()
    kwargs.setdefault(
        "fields", {"business_scope": "热食类食品制售", "address": "禅城区岭南大道1号"}
    )
    return issue_licence(actor="system", licence_type=licence_type, holder=holder, **kwargs)


def bearer(*, user: User | None = None, person: Person | None = None) -> dict[str, str]:
    """The Authorization header of a fresh token for a staff user or a citizen."""
    return {"Authorization": f"Bearer {create_token(actor='system', user=user, person=person)}"}
