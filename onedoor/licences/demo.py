"""The e-licences the demo personas hold, so the demo shows reuse ("生成一次，多方复用").

Each persona carries what a real resident of the story would: an ID card, the household
register and a property certificate for the local family, a residence permit for the newcomer,
vaccination certificates for the children, a business licence for the company.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from onedoor.licences.actions import issue_licence
from onedoor.licences.models import Licence, LicenceType
from onedoor.registry.models import Organisation, Person

SEED_ACTOR = "system:demo-licences"

# role → licence types held; the newcomer's permit is recent, so it proves less than a year.
PERSONA_LICENCES: dict[str, tuple[str, ...]] = {
    "parent": ("resident-id-card", "household-register", "property-certificate"),
    "spouse": ("resident-id-card", "household-register"),
    "child_eligible": ("vaccination-certificate",),
    "child_too_young": ("vaccination-certificate",),
    "newcomer": ("resident-id-card", "residence-permit"),
    "blacklisted": ("resident-id-card",),
    "restaurant_company": ("business-licence",),
}


def _fields(
    type_code: str, holder: Person | Organisation, family: dict[str, Any]
) -> dict[str, Any]:
    if isinstance(holder, Organisation):
        return {
            "name": holder.name,
            "legal_representative": getattr(holder.legal_representative, "name", ""),
            "registered_capital": "100万元人民币",
            "domicile": holder.address,
            "business_scope": "餐饮服务；食品销售",
        }
    base: dict[str, Any] = {
        "name": holder.name,
        "sex": "男" if holder.sex == "male" else "女",
        "birth_date": holder.birth_date.isoformat(),
        "address": holder.household_address or holder.residence_address,
    }
    extra: dict[str, dict[str, Any]] = {
        "resident-id-card": {"ethnicity": "汉", "valid_until": "长期"},
        "household-register": {"household_number": family.get("household", ""), "relation": "户主"},
        "property-certificate": {
            "location": holder.residence_address,
            "unit_number": "粤(2019)佛禅不动产权第0012345号",
            "area": "89.5",
            "usage": "住宅",
            "ownership": "单独所有",
        },
        "residence-permit": {
            "first_issued": (timezone.localdate() - dt.timedelta(days=150)).isoformat()
        },
        "vaccination-certificate": {
            "child_name": holder.name,
            "child_birth_date": holder.birth_date.isoformat(),
        },
    }
    return {**base, **extra.get(type_code, {})}


def issue_demo_licences(
    holders: dict[str, Person | Organisation], *, actor: Any = SEED_ACTOR
) -> int:
    """Issue each persona's licences once (idempotent by persona and type); returns how many."""
    types = LicenceType.objects.select_related("department").in_bulk(field_name="code")
    issued = 0
    for role, codes in PERSONA_LICENCES.items():
        holder = holders.get(role)
        if holder is None:
            continue
        for code in codes:
            licence_type = types.get(code)
            if licence_type is None:
                continue
            key = f"demo:{holder.audit_label}:{code}"
            before = Licence.objects.filter(idempotency_key=key).exists()
            issue_licence(
                actor=actor,
                licence_type=licence_type,
                holder=holder,
                fields=_fields(code, holder, {"household": f"44060400{holder.pk:06d}"}),
                idempotency_key=key,
                source_reference="demo",
            )
            issued += 0 if before else 1
    return issued
