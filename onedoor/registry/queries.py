"""Reads of the person and organisation registries, and who may see or act for whom."""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.accounts.models import Role, StaffRole, User
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.core.identifiers import check_id_number, check_uscc
from onedoor.registry.actions import log_data_access
from onedoor.registry.models import (
    Authorisation,
    DataAccess,
    Organisation,
    Person,
    PersonRelation,
    RelationKind,
)

ADULT_AGE = 18
PURPOSE_MAX_LENGTH = 200


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def today() -> dt.date:
    return timezone.localdate()


def is_staff_user(user: Any) -> bool:
    """An active staff user holding at least one role (or a superuser)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_role_grants", None)
    if cached is not None:
        return bool(cached)
    return bool(_fetch(_has_role_sql(), [user.pk]))


def check_purpose(purpose: str | None) -> str:
    """The stated purpose of a read: a case number or a short reason; raises when missing."""
    purpose = (purpose or "").strip()
    if not purpose or len(purpose) > PURPOSE_MAX_LENGTH:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("查询个人信息须说明目的：办件编号或简短理由（不超过 200 字）。"),
            details={"fields": {"purpose": "required"}},
        )
    return purpose


def get_person(id_number: str) -> Person | None:
    """The registered person with this (valid) ID number, or None."""
    parsed = check_id_number(id_number)
    return Person.objects.filter(id_number=parsed.value).first()


def get_organisation(uscc: str) -> Organisation | None:
    """The registered organisation with this (valid) credit code, or None."""
    return Organisation.objects.filter(uscc=check_uscc(uscc)).first()


def access_person(user: Any, id_number: str, *, purpose: str) -> Person:
    """The person, for a staff user who states a purpose; the read is logged with it."""
    if not is_staff_user(user):
        raise PermissionDenied(_("只有工作人员可以查询自然人信息。"))
    parsed = check_id_number(id_number)
    purpose = check_purpose(purpose)
    try:
        person = Person.objects.get(id_number=parsed.value)
    except Person.DoesNotExist:
        raise NotFound(_("自然人库中没有这个证件号码。")) from None
    log_data_access(accessor=user, person=person, action="read", purpose=purpose)
    return person


def access_organisation(user: Any, uscc: str, *, purpose: str = "") -> Organisation:
    """The organisation, for a staff user; the read is logged (with its purpose when given)."""
    if not is_staff_user(user):
        raise PermissionDenied(_("只有工作人员可以查询法人信息。"))
    code = check_uscc(uscc)
    organisation = (
        Organisation.objects.select_related("legal_representative").filter(uscc=code).first()
    )
    if organisation is None:
        raise NotFound(_("法人库中没有这个统一社会信用代码。"))
    log_data_access(
        accessor=user,
        organisation=organisation,
        action="read",
        purpose=(purpose or "").strip()[:PURPOSE_MAX_LENGTH],
    )
    return organisation


def access_person_access_log(user: Any, id_number: str) -> Person:
    """The person whose access log a supervisor (电子监察) wants to see."""
    if not (isinstance(user, User) and user.is_active and user.has_role(Role.SUPERVISOR)):
        raise PermissionDenied(_("只有监察人员可以查看数据访问记录。"))
    person = get_person(id_number)
    if person is None:
        raise NotFound(_("自然人库中没有这个证件号码。"))
    return person


def get_access_log(
    person: Person, limit: int = 50, offset: int = 0
) -> tuple[int, list[DataAccess]]:
    """Who read or verified this person's data, newest first: (total, one page)."""
    entries = DataAccess.objects.filter(person=person).order_by("-at", "-id")
    return entries.count(), list(entries[offset : offset + limit])


@dataclass(frozen=True, slots=True)
class RelatedPerson:
    """Another person as seen from one person: ``kind`` is what they are to that person."""

    kind: str  # guardian (their guardian), ward (under their guardianship), spouse
    id_number: str
    name: str


WARD = "ward"


def get_relations(person: Person) -> list[RelatedPerson]:
    """The person's relations, each once, in one query."""
    seen: set[tuple[str, str]] = set()
    related = []
    for guardian_id, kind, a_number, a_name, b_number, b_name in _fetch(
        _relations_sql(), [person.pk, person.pk]
    ):
        if guardian_id == person.pk:
            kind = WARD if kind == RelationKind.GUARDIAN else kind
            number, name = b_number, b_name
        else:
            number, name = a_number, a_name
        if (kind, number) not in seen:
            seen.add((kind, number))
            related.append(RelatedPerson(kind, number, name))
    return related


# The person page is the registry's hot path (every window visit reads it): its two lists are
# plain SQL, because compiling the equivalent ORM queries costs ten times the database work.
@lru_cache(maxsize=1)
def _relations_sql() -> str:
    relation, person = _table(PersonRelation), _table(Person)
    return (
        f"SELECT r.person_id, r.kind, a.id_number, a.name, b.id_number, b.name "  # noqa: S608  # table names from the models
        f"FROM {relation} r JOIN {person} a ON a.id = r.person_id "
        f"JOIN {person} b ON b.id = r.other_id "
        f"WHERE r.person_id = %s OR r.other_id = %s ORDER BY r.id"
    )


@lru_cache(maxsize=1)
def _organisations_sql() -> str:
    # A UNION rather than an OR, so that each half uses its index.
    organisation, authorisation = _table(Organisation), _table(Authorisation)
    return (
        f"SELECT o.uscc, o.name, o.legal_representative_id FROM {organisation} o "  # noqa: S608  # table names from the models
        f"WHERE o.legal_representative_id = %s "
        f"UNION SELECT o.uscc, o.name, o.legal_representative_id FROM {organisation} o "
        f"JOIN {authorisation} a ON a.organisation_id = o.id WHERE a.agent_id = %s "
        f"AND a.revoked_at IS NULL AND (a.valid_until IS NULL OR a.valid_until >= %s) "
        f"ORDER BY 1"
    )


@lru_cache(maxsize=1)
def _has_role_sql() -> str:
    return f"SELECT 1 FROM {_table(StaffRole)} WHERE user_id = %s LIMIT 1"  # noqa: S608  # table name from the model


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@dataclass(frozen=True, slots=True)
class PersonOrganisation:
    """An organisation a person acts for, and in what role."""

    uscc: str
    name: str
    role: str  # legal_representative, authorised_agent


def get_person_organisations(person: Person) -> list[PersonOrganisation]:
    """Organisations the person legally represents or is validly authorised for, in one query."""
    valid_on = connection.ops.adapt_datefield_value(today())
    return [
        PersonOrganisation(
            uscc,
            name,
            "legal_representative" if representative == person.pk else "authorised_agent",
        )
        for uscc, name, representative in _fetch(
            _organisations_sql(), [person.pk, person.pk, valid_on]
        )
    ]


def _valid_authorisation_q() -> Q:
    return Q(revoked_at__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today()))


def can_act_for(
    person: Person,
    *,
    person_target: Person | None = None,
    organisation: Organisation | None = None,
) -> bool:
    """Whether a citizen may act for a person or an organisation (API.md, case rules).

    Themself; a minor (under 18) they are the guardian of; an organisation they legally
    represent; or anyone they hold a valid recorded authorisation (委托) for.
    """
    if (person_target is None) == (organisation is None):
        raise ValueError("name exactly one of person_target and organisation")
    authorisations = Authorisation.objects.filter(_valid_authorisation_q(), agent=person)
    if organisation is not None:
        if organisation.legal_representative_id == person.pk:
            return True
        return authorisations.filter(organisation=organisation).exists()
    assert person_target is not None
    if person_target.pk == person.pk:
        return True
    if age_on(person_target.birth_date, today()) < ADULT_AGE and (
        PersonRelation.objects.filter(
            person=person, other=person_target, kind=RelationKind.GUARDIAN
        ).exists()
    ):
        return True
    return authorisations.filter(principal=person_target).exists()
