"""Writes to the person and organisation registries (自然人库、法人库)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.core.audit import actor_label, record_event
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.core.identifiers import check_id_number, check_uscc
from onedoor.registry.models import (
    Authorisation,
    DataAccess,
    DemoPersonaSet,
    Organisation,
    Person,
    PersonRelation,
    RelationKind,
)

_PERSON_TEXT_FIELDS = ("phone", "household_address", "residence_address")


def _check_name(name: str, *, max_length: int) -> str:
    name = (name or "").strip()
    if not name or len(name) > max_length:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("名称不能为空，且不超过 %(n)d 个字。") % {"n": max_length},
            details={"fields": {"name": "required"}},
        )
    return name


def register_person(
    *,
    actor: Any,
    id_number: str,
    name: str,
    phone: str = "",
    household_address: str = "",
    residence_address: str = "",
) -> Person:
    """Register a natural person, or update the one with this ID number.

    Birth date and sex come from the ID number. On an update the name is replaced and the other
    fields only when given (a blank argument never erases what the registry holds).
    """
    parsed = check_id_number(id_number)
    name = _check_name(name, max_length=60)
    given = {
        "phone": phone.strip(),
        "household_address": household_address.strip(),
        "residence_address": residence_address.strip(),
    }
    with transaction.atomic():
        person = Person.objects.select_for_update().filter(id_number=parsed.value).first()
        if person is None:
            try:
                with transaction.atomic():
                    person = Person.objects.create(
                        id_number=parsed.value,
                        name=name,
                        birth_date=parsed.birth_date,
                        sex=parsed.sex.value,
                        **given,
                    )
            except IntegrityError:
                # Registered by a concurrent call in between: update that row instead.
                person = Person.objects.select_for_update().get(id_number=parsed.value)
            else:
                record_event(actor=actor, action="registry.person_registered", obj=person)
                return person
        changed = _update_person(person, name=name, given=given)
        if changed:
            record_event(
                actor=actor,
                action="registry.person_updated",
                obj=person,
                payload={"fields": changed},
            )
    return person


def _update_person(person: Person, *, name: str, given: dict[str, str]) -> list[str]:
    changed = []
    if person.name != name:
        person.name = name
        changed.append("name")
    for field, value in given.items():
        if value and getattr(person, field) != value:
            setattr(person, field, value)
            changed.append(field)
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return changed


def register_organisation(
    *,
    actor: Any,
    uscc: str,
    name: str,
    org_type: str = "",
    legal_representative: Person | None = None,
    address: str = "",
) -> Organisation:
    """Register an organisation, or update the one with this credit code."""
    code = check_uscc(uscc)
    values: dict[str, Any] = {
        "name": _check_name(name, max_length=200),
        "org_type": org_type.strip(),
        "legal_representative": legal_representative,
        "address": address.strip(),
    }
    with transaction.atomic():
        organisation, created = Organisation.objects.select_for_update().get_or_create(
            uscc=code, defaults=values
        )
        if created:
            record_event(actor=actor, action="registry.organisation_registered", obj=organisation)
            return organisation
        changed = [
            field
            for field, value in values.items()
            if (value or field == "name") and getattr(organisation, field) != value
        ]
        for field in changed:
            setattr(organisation, field, values[field])
        if changed:
            organisation.save(update_fields=[*changed, "updated_at"])
            record_event(
                actor=actor,
                action="registry.organisation_updated",
                obj=organisation,
                payload={"fields": changed},
            )
    return organisation


def add_relation(*, actor: Any, person: Person, other: Person, kind: str) -> PersonRelation:
    """Record that ``person`` is the guardian of ``other`` (the child), or their spouse.

    A spouse relation is stored both ways, so either partner finds it the same way.
    Adding a relation that exists changes nothing.
    """
    if kind not in RelationKind.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("未知的关系类型。"),
            details={"fields": {"kind": f"one of {', '.join(RelationKind.values)}"}},
        )
    if person.pk == other.pk:
        raise DomainError(ErrorCode.INVALID_INPUT, _("一个人不能与自己建立关系。"))
    pairs = [(person, other)]
    if kind == RelationKind.SPOUSE:
        pairs.append((other, person))
    with transaction.atomic():
        relations = [
            PersonRelation.objects.get_or_create(person=a, other=b, kind=kind) for a, b in pairs
        ]
        if any(created for _relation, created in relations):
            record_event(
                actor=actor,
                action="registry.relation_added",
                obj=person,
                payload={"kind": kind, "other": other.id_number},
            )
    return relations[0][0]


def record_authorisation(
    *,
    actor: Any,
    agent: Person,
    organisation: Organisation | None = None,
    principal: Person | None = None,
    scope: str = "",
    valid_until: dt.date | None = None,
) -> Authorisation:
    """Record that ``agent`` may act for an organisation or for another person (委托)."""
    if (organisation is None) == (principal is None):
        raise DomainError(
            ErrorCode.INVALID_INPUT, _("委托须指明一个委托单位或一个委托人，且只能指明一个。")
        )
    if principal is not None and principal.pk == agent.pk:
        raise DomainError(ErrorCode.INVALID_INPUT, _("不能委托给自己。"))
    with transaction.atomic():
        authorisation = Authorisation.objects.create(
            agent=agent,
            organisation=organisation,
            principal=principal,
            scope=scope.strip()[:200],
            valid_until=valid_until,
        )
        record_event(
            actor=actor,
            action="registry.authorisation_recorded",
            obj=authorisation,
            payload={
                "agent": agent.id_number,
                "organisation": organisation.uscc if organisation else None,
                "principal": principal.id_number if principal else None,
                "valid_until": valid_until.isoformat() if valid_until else None,
            },
        )
    return authorisation


def revoke_authorisation(*, actor: Any, authorisation: Authorisation) -> Authorisation:
    """Revoke a recorded authorisation; revoking it again changes nothing."""
    with transaction.atomic():
        authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        if authorisation.revoked_at is None:
            authorisation.revoked_at = timezone.now()
            authorisation.save(update_fields=["revoked_at"])
            record_event(actor=actor, action="registry.authorisation_revoked", obj=authorisation)
    return authorisation


def log_data_access(
    *,
    accessor: Any,
    person: Person | None = None,
    organisation: Organisation | None = None,
    action: str,
    purpose: str,
    detail: str = "",
) -> DataAccess:
    """Log one read or verification of a person's or organisation's data (one insert).

    The log is itself the trail of these reads, so no audit event is written beside it.

    A read (no transaction of the caller's around it) commits its row on PostgreSQL without
    waiting for the WAL flush, as the exchange log does (ADR 0006): the wait was most of a
    lookup's time. The row is durable with the next synchronous commit, a fraction of a second
    later on a working server; a crash of the database server in between can lose the last
    rows, never corrupt them. Inside a caller's transaction its commit is left alone.
    """
    row = DataAccess(
        person=person,
        organisation=organisation,
        accessor=actor_label(accessor)[:120],
        action=action[:40],
        purpose=purpose[:200],
        detail=detail[:200],
        at=timezone.now(),
    )
    if connection.in_atomic_block or connection.vendor != "postgresql":
        row.save(force_insert=True)
        return row
    from psycopg import ClientCursor  # PostgreSQL's driver, present when it is the database

    with connection.cursor() as cursor:
        if isinstance(cursor.cursor, ClientCursor):
            # One round trip instead of four (BEGIN, SET LOCAL, INSERT, COMMIT): statements
            # sent together in one simple query run as one implicit transaction, to which
            # SET LOCAL applies; the settings are back to the server's once it commits.
            cursor.execute(_ASYNC_ACCESS_INSERT, [getattr(row, name) for name in _ACCESS_FIELDS])
            cursor.nextset()
            row.pk = cursor.fetchone()[0]
            return row
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        row.save(force_insert=True)
    return row


_ACCESS_FIELDS = ("person_id", "organisation_id", "accessor", "action", "purpose", "detail", "at")
_ASYNC_ACCESS_INSERT = (
    "SET LOCAL synchronous_commit TO OFF; "
    "INSERT INTO registry_dataaccess (person_id, organisation_id, accessor, action, purpose, "
    "detail, at) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id"
)


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person for bulk registration; the ID number must already be valid."""

    id_number: str
    name: str
    birth_date: dt.date
    sex: str
    phone: str = ""
    household_address: str = ""
    residence_address: str = ""


@dataclass(frozen=True, slots=True)
class OrganisationRow:
    """One organisation for bulk registration; its representative is an index into the persons."""

    uscc: str
    name: str
    org_type: str
    address: str
    legal_representative: int | None


@dataclass(frozen=True, slots=True)
class BulkRegistration:
    person_pks: list[int]  # in the order the persons were given
    relations: int
    organisation_pks: list[int]


def bulk_register_population(
    *,
    actor: Any,
    persons: Sequence[PersonRow],
    relations: Sequence[tuple[int, int, str]] = (),
    organisations: Sequence[OrganisationRow] = (),
    batch_label: str = "",
) -> BulkRegistration:
    """Insert a batch of new persons, their relations and organisations, with one audit event.

    For scale seeding: relations are (person index, other index, kind) into ``persons`` (a
    spouse relation given both ways); the caller guarantees that the ID numbers and credit codes
    are valid and new, and a clash fails the whole batch. Persons and relations bypass the ORM
    (COPY or executemany): building a million model instances costs more than the database work.
    """
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        _insert(
            Person,
            ["id_number", "name", "birth_date", "sex", "phone", "household_address",
             "residence_address", "created_at", "updated_at"],
            [
                (r.id_number, r.name, ops.adapt_datefield_value(r.birth_date), r.sex, r.phone,
                 r.household_address, r.residence_address, now, now)
                for r in persons
            ],
        )  # fmt: skip
        pks = _pks_by_id_number([r.id_number for r in persons])
        _insert(
            PersonRelation,
            ["person", "other", "kind", "created_at"],
            [(pks[a], pks[b], kind, now) for a, b, kind in relations],
        )
        created_organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    uscc=o.uscc,
                    name=o.name,
                    org_type=o.org_type,
                    address=o.address,
                    legal_representative_id=(
                        pks[o.legal_representative] if o.legal_representative is not None else None
                    ),
                )
                for o in organisations
            ]
        )
        record_event(
            actor=actor,
            action="registry.population_bulk_registered",
            object_type="registry.person",
            object_id=batch_label,
            payload={
                "persons": len(persons),
                "relations": len(relations),
                "organisations": len(organisations),
            },
        )
    return BulkRegistration(pks, len(relations), [o.pk for o in created_organisations])


def _insert(model: type[models.Model], fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows as fast as the database allows: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)  # type: ignore[union-attr,arg-type]  # concrete fields only
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608  # names from the model, values are parameters


def _pks_by_id_number(id_numbers: list[str]) -> list[int]:
    found = Person.objects.pks_by_id_number(id_numbers)
    return [found[number] for number in id_numbers]


def save_demo_persona_set(
    *, actor: Any, enrollment_year: int, personas: dict[str, Any], sandbox: dict[str, Any]
) -> DemoPersonaSet:
    """Remember a set of demo personas as the current one."""
    with transaction.atomic():
        persona_set = DemoPersonaSet.objects.create(
            enrollment_year=enrollment_year, personas=personas, sandbox=sandbox
        )
        record_event(
            actor=actor,
            action="registry.demo_personas_saved",
            obj=persona_set,
            payload={"roles": sorted(personas), "enrollment_year": enrollment_year},
        )
    return persona_set


def mark_demo_personas_seeded(*, actor: Any, persona_set: DemoPersonaSet) -> None:
    """Note that the department systems (the sandbox) now hold this set's facts."""
    with transaction.atomic():
        persona_set.sandbox_seeded_at = timezone.now()
        persona_set.save(update_fields=["sandbox_seeded_at"])
        record_event(actor=actor, action="registry.demo_personas_pushed", obj=persona_set)
