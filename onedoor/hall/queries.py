"""Small public reads the web hall needs beside the catalog's own queries.

The public information (departments, service points, licence type names) needs no permission
getter; a citizen's own drafts do.
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.cases.choices import OPEN_STATUSES, CaseStatus, CommitmentKind, MaterialState
from onedoor.cases.models import Case, CaseMaterial
from onedoor.catalog.models import Department, MatterVersion
from onedoor.core.errors import NotFound
from onedoor.counter.models import ServicePoint, ServicePointLevel
from onedoor.hall.choices import DraftStatus
from onedoor.hall.models import Draft
from onedoor.licences.models import LicenceType
from onedoor.registry.models import Person

_LEVEL_RANK: dict[str, int] = {
    ServicePointLevel.DISTRICT.value: 0,
    ServicePointLevel.STREET.value: 1,
    ServicePointLevel.COMMUNITY.value: 2,
}


def get_departments() -> dict[str, Department]:
    """Every department by code, in code order."""
    return {d.code: d for d in Department.objects.only("code", "name", "name_en").order_by("code")}


def get_service_points() -> list[ServicePoint]:
    """The district's service points, the district centre first, then streets, then communities."""
    points = ServicePoint.objects.order_by("code")
    return sorted(points, key=lambda p: (_LEVEL_RANK.get(p.level, 9), p.code))


def get_limit_units(codes: Iterable[str], on: dt.date | None = None) -> dict[str, str]:
    """The time limit unit (working or calendar days) of each matter's version in force."""
    wanted = list(codes)
    if not wanted:
        return {}
    rows = (
        MatterVersion.objects.in_force(on or timezone.localdate())
        .filter(matter__code__in=wanted)
        .order_by("version")
        .values_list("matter__code", "limit_unit")
    )
    # Ordered by version, so the newest version in force wins, as in the catalog's queries.
    return dict(rows)


def get_bundle_limit_units(codes: Iterable[str], on: dt.date | None = None) -> dict[str, str]:
    """The unit of each bundle's time limit: that of its matter with the longest promise."""
    wanted = list(codes)
    if not wanted:
        return {}
    rows = (
        MatterVersion.objects.in_force(on or timezone.localdate())
        .filter(matter__memberships__bundle__code__in=wanted)
        .order_by("promised_days", "version")
        .values_list("matter__memberships__bundle__code", "limit_unit")
    )
    return dict(rows)


def get_licence_types(codes: Iterable[str]) -> dict[str, LicenceType]:
    """Licence types by code, for the names shown beside a material."""
    wanted = [c for c in codes if c]
    if not wanted:
        return {}
    return {
        t.code: t
        for t in LicenceType.objects.filter(code__in=wanted).only("code", "name", "name_en")
    }


# ------------------------------------------------------------------ a citizen's own


def access_draft(person: Person, public_id: uuid.UUID) -> Draft:
    """The citizen's own draft; ``not_found`` for anyone else's (its existence stays hidden)."""
    draft = Draft.objects.filter(public_id=public_id, owner=person).first()
    if draft is None:
        raise NotFound(_("没有这份草稿。"))
    return draft


def get_open_drafts(person: Person) -> list[Draft]:
    """The citizen's unfinished applications, the last saved first."""
    return list(Draft.objects.filter(owner=person, status=DraftStatus.OPEN)[:50])


def waiting_materials(case: Case) -> list[CaseMaterial]:
    """The materials an open case still waits for: every gap of a one-time notice, promised
    (容缺) materials, and, while the case is returned, anything the department may ask for."""
    if case.status not in OPEN_STATUSES:
        return []
    materials = list(case.materials.all())
    if case.status == CaseStatus.RETURNED:
        return [
            m
            for m in materials
            if m.state
            not in (MaterialState.REUSED, MaterialState.VERIFIED, MaterialState.NOT_REQUIRED)
        ]
    return [
        m
        for m in materials
        if m.state == MaterialState.MISSING
        or (m.state == MaterialState.COMMITMENT and m.commitment == CommitmentKind.TOLERANT)
    ]
