"""What the kiosk screens read, composed from the domain apps' models and queries.

A kiosk has no staff user behind it: every read of a person's data is the citizen's own,
proven by the ID number they entered (a real kiosk reads it from the ID card). Anything that
does not match answers "not found", whichever part was wrong, so that nobody can probe a
kiosk for case or licence numbers.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.cases.models import Case
from onedoor.cases.queries import access_case
from onedoor.catalog.choices import Audience, Channel
from onedoor.catalog.models import MatterMaterial, MatterVersion
from onedoor.catalog.queries import get_guide
from onedoor.catalog.services.content import VersionContent
from onedoor.core.errors import NotFound
from onedoor.core.identifiers import check_id_number
from onedoor.counter.models import ServicePoint
from onedoor.licences.choices import LicenceStatus
from onedoor.licences.models import Licence
from onedoor.licences.queries import access_licence
from onedoor.registry.models import Person

KIOSK_AUDIENCES = (Audience.PERSON, Audience.BOTH)


def get_kiosk_points() -> list[ServicePoint]:
    """Every service point, each of which has kiosks in its self-service area."""
    return list(ServicePoint.objects.order_by("level", "code"))


def get_kiosk_point(code: str) -> ServicePoint:
    """The service point a kiosk stands in; ``not_found`` for an unknown code."""
    point = ServicePoint.objects.filter(code=str(code)[:40]).first()
    if point is None:
        raise NotFound(_("没有这个服务网点。"), service_point=str(code)[:40])
    return point


def _serves_at_kiosk(version: MatterVersion) -> bool:
    return (
        version.instant
        and Channel.KIOSK in (version.channels or [])
        and version.audience in KIOSK_AUDIENCES
    )


def get_kiosk_matters() -> list[MatterVersion]:
    """The instant matters in force that a kiosk decides on the spot for a person, by name."""
    versions = (
        MatterVersion.objects.in_force(timezone.localdate())
        .filter(instant=True, audience__in=KIOSK_AUDIENCES)
        .select_related("matter", "department")
        .order_by("matter__code", "-version")
    )
    newest: dict[str, MatterVersion] = {}
    for version in versions:
        newest.setdefault(version.matter.code, version)
    return sorted((v for v in newest.values() if _serves_at_kiosk(v)), key=lambda v: (v.name, v.pk))


def get_kiosk_matter(code: str) -> VersionContent:
    """The matter ``code`` with its checklist and form, if a kiosk serves it; else not_found."""
    content = get_guide(code)
    if not _serves_at_kiosk(content.version):
        raise NotFound(_("自助终端不办理这个事项，请到综合窗口办理。"), matter=code)
    return content


def identify_person(id_number: str) -> Person:
    """The registered person with this ID number.

    ``invalid_id_number`` when it is no ID number; ``not_found`` when the registry does not
    know it (a first visit is registered at a window, where a clerk checks the card).
    """
    parsed = check_id_number(id_number)
    person = Person.objects.filter(id_number=parsed.value).first()
    if person is None:
        raise NotFound(_("自然人库中没有您的信息。首次办事请到综合窗口，由工作人员核验证件。"))
    return person


# ------------------------------------------------------------------ the checklist


REUSED, VERIFIED, COMMITMENT, AT_WINDOW = "reused", "verified", "commitment", "window"


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    """One material as the kiosk will handle it, before anything is submitted."""

    material: MatterMaterial
    handling: str  # reused, verified (by a department system), commitment, or window
    licence_number: str = ""

    @property
    def may_commit(self) -> bool:
        return self.handling == COMMITMENT


def _licences_on_file(person: Person, types: set[str]) -> dict[str, str]:
    """Licence type → number of a valid licence the person holds, for the types asked."""
    if not types:
        return {}
    rows = (
        Licence.objects.filter(
            holder_person=person, licence_type__code__in=types, status=LicenceStatus.VALID
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        .order_by("issued_at", "id")
        .values_list("licence_type__code", "number")
    )
    return dict(rows)


def kiosk_checklist(person: Person, content: VersionContent) -> list[ChecklistRow]:
    """What the system already has for each material, and what the citizen may promise.

    A licence on file is reused and a verifiable fact is asked of the department system on
    submission; a material a promise may stand for (容缺 or 告知承诺) can be promised here;
    anything else needs a window, which the one-time notice will say.
    """
    types = {m.licence_type.code for m in content.materials if m.licence_type is not None}
    on_file = _licences_on_file(person, types)
    rows = []
    for material in content.materials:
        licence_type = material.licence_type.code if material.licence_type else ""
        if licence_type in on_file:
            rows.append(ChecklistRow(material, REUSED, on_file[licence_type]))
        elif material.verification:
            rows.append(ChecklistRow(material, VERIFIED))
        elif not material.key or material.accepts_commitment:
            rows.append(ChecklistRow(material, COMMITMENT))
        else:
            rows.append(ChecklistRow(material, AT_WINDOW))
    return rows


# ------------------------------------------------------------------ looking things up


def find_case(number: str, id_number: str) -> Case:
    """The case ``number`` for the citizen with this ID number (the applicant, their agent, or
    someone who may act for the applicant); ``not_found`` otherwise, whatever did not match."""
    person = identify_person_or_none(id_number)
    if person is None:
        raise NotFound(_("没有找到这个办件。请核对办件编号和身份证件号码。"))
    try:
        return access_case(person, normalise_code(number))
    except NotFound:
        raise NotFound(_("没有找到这个办件。请核对办件编号和身份证件号码。")) from None


def find_licence(number: str, id_number: str) -> Licence:
    """The licence ``number`` for its holder (or whoever may act for the holder), by the ID
    number entered; ``not_found`` otherwise, whatever did not match."""
    person = identify_person_or_none(id_number)
    if person is None:
        raise NotFound(_("没有找到这张证照。请核对证照编号和持证人身份证件号码。"))
    try:
        return access_licence(person, normalise_code(number))
    except NotFound:
        raise NotFound(_("没有找到这张证照。请核对证照编号和持证人身份证件号码。")) from None


def identify_person_or_none(id_number: str) -> Person | None:
    """The registered person, None when unknown; ``invalid_id_number`` when no ID number."""
    parsed = check_id_number(id_number)
    return Person.objects.filter(id_number=parsed.value).first()


def normalise_code(text: str) -> str:
    """A case or licence number as typed or scanned: no spaces, upper case, bounded."""
    return "".join(str(text).split()).upper()[:40]
