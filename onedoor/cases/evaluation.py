"""Evaluating an application: ask the department systems, gather the evidence, assess.

Shared by submission and supplement. It reads and asks; it writes only the exchange log (the
verification calls log themselves). Call it outside the case's transaction: the department
systems can take up to their timeout to answer.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.cases.services.assessment import Assessment, Evidence, Submitted, assess
from onedoor.cases.services.conditions import Facts
from onedoor.cases.services.reference import age_on
from onedoor.cases.services.spec import ApplicationSpec
from onedoor.core.db import repeating_cursor
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.credit.queries import is_blacklisted
from onedoor.licences.choices import LicenceStatus
from onedoor.licences.models import Licence, LicenceType, Upload
from onedoor.registry.models import Organisation, Person, PersonRelation, RelationKind

ADULT_AGE = 18

Answers = dict[str, tuple[str, str, dt.datetime]]


@dataclass
class Parties:
    applicant: Person | Organisation
    agent: Person | None


@dataclass
class Evaluation:
    answers: Answers
    facts: Facts
    evidence: Evidence
    assessment: Assessment


def evaluate(
    spec: ApplicationSpec,
    parties: Parties,
    form: dict[str, Any],
    sent: dict[str, Submitted],
    *,
    number: str,
    actor: Any,
    ref_day: dt.date,
) -> Evaluation:
    """Verify the facts (in parallel), find the licences on file, and assess the application."""
    answers = verify_facts(spec, parties, number, actor)
    facts = gather_facts(spec, parties, form, answers, ref_day)
    evidence = gather_evidence(spec, parties, sent, answers)
    blacklisted = bool(facts.credit.get("blacklisted"))
    assessment = assess(spec, sent, evidence, facts, blacklisted=blacklisted)
    return Evaluation(answers, facts, evidence, assessment)


def verify_facts(spec: ApplicationSpec, parties: Parties, number: str, actor: Any) -> Answers:
    """Ask the department systems every fact at once; key → (answer, source, at)."""
    from onedoor.exchange.actions import verify_many
    from onedoor.exchange.services.verification import FactRequest

    asked = []
    for v in spec.verifications:
        subject = parties.agent if v.subject == "agent" else parties.applicant
        if subject is None:
            continue
        code = subject.uscc if isinstance(subject, Organisation) else subject.id_number
        asked.append((v.key, FactRequest(code, v.fact, dict(v.params))))
    if not asked:
        return {}
    answers = verify_many(
        [request for _key, request in asked],
        purpose=number,
        requester=actor,
        case_number=number,
        registered=[p for p in (parties.applicant, parties.agent) if p is not None],
    )
    return {
        key: (answer.answer, answer.source, answer.at)
        for (key, _request), answer in zip(asked, answers, strict=True)
    }


def gather_facts(
    spec: ApplicationSpec,
    parties: Parties,
    form: dict[str, Any],
    answers: Answers,
    ref_day: dt.date,
) -> Facts:
    facts = Facts(form=form)
    applicant, agent = parties.applicant, parties.agent
    if isinstance(applicant, Person):
        facts.applicant = {"kind": "person", "age": age_on(applicant.birth_date, ref_day)}
        facts.applicant["sex"] = applicant.sex
    else:
        facts.applicant = {"kind": "organisation"}
    facts.agent = {"present": agent is not None, "is_guardian": False}
    facts.agent["is_legal_representative"] = bool(
        agent is not None
        and isinstance(applicant, Organisation)
        and applicant.legal_representative_id == agent.pk
    )
    if agent is not None and isinstance(applicant, Person):
        facts.agent["is_guardian"] = (
            age_on(applicant.birth_date, timezone.localdate()) < ADULT_AGE
            and PersonRelation.objects.filter(
                person=agent, other=applicant, kind=RelationKind.GUARDIAN
            ).exists()
        )
    for v in spec.verifications:
        answer = answers.get(v.key, ("no", "", None))[0]
        if answer == "unknown":
            facts.unknown_verified.add(v.key)
        else:
            facts.verified[v.key] = answer == "yes"
    facts.credit = {
        "blacklisted": is_blacklisted(applicant) or bool(agent and is_blacklisted(agent))
    }
    return facts


def gather_evidence(
    spec: ApplicationSpec,
    parties: Parties,
    sent: dict[str, Submitted],
    answers: Answers,
) -> Evidence:
    types = {m.licence_type for m in spec.materials if m.licence_type}
    numbers = {s.licence_number for s in sent.values() if s.licence_number}
    on_file: dict[str, str] = {}
    sent_valid: dict[str, str] = {}
    if types or numbers:
        for number, type_code in _valid_licences(parties, sorted(types), sorted(numbers)):
            if type_code in types:
                on_file[type_code] = number
            if number in numbers:
                sent_valid[number] = type_code
    upload_ids = {s.upload_id for s in sent.values() if s.upload_id}
    uploads = _existing_uploads(upload_ids)
    return Evidence(
        licences=on_file,
        answers={key: value[0] for key, value in answers.items()},
        verified_licences=sent_valid,
        uploads=uploads,
    )


def _valid_licences(
    parties: Parties, types: list[str], numbers: list[str]
) -> list[tuple[str, str]]:
    """(number, type code) of the parties' valid licences of these types or numbers, oldest
    first: one prepared statement, whose ORM form cost more CPU to build than to answer."""
    persons = [p.pk for p in (parties.applicant, parties.agent) if isinstance(p, Person)]
    organisations = [
        p.pk for p in (parties.applicant, parties.agent) if isinstance(p, Organisation)
    ]
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    sql = _valid_licences_sql(len(persons), len(organisations), len(types), len(numbers))
    with repeating_cursor() as cursor:
        cursor.execute(
            sql, [LicenceStatus.VALID.value, today, *persons, *organisations, *types, *numbers]
        )
        return [(number, code) for number, code in cursor.fetchall()]


@lru_cache(maxsize=64)
def _valid_licences_sql(persons: int, organisations: int, types: int, numbers: int) -> str:
    def among(column: str, count: int) -> list[str]:
        return [f"{column} IN ({', '.join(['%s'] * count)})"] if count else []

    holders = among("l.holder_person_id", persons) + among(
        "l.holder_organisation_id", organisations
    )
    wanted = among("t.code", types) + among("l.number", numbers)
    return (
        f"SELECT l.number, t.code FROM {Licence._meta.db_table} l "  # noqa: S608  # names from the models
        f"JOIN {LicenceType._meta.db_table} t ON t.id = l.licence_type_id "
        "WHERE l.status = %s AND (l.valid_until IS NULL OR l.valid_until >= %s) "
        f"AND ({' OR '.join(holders)}) AND ({' OR '.join(wanted)}) "
        "ORDER BY l.issued_at"
    )


def _existing_uploads(ids: set[str]) -> set[str]:
    if not ids:
        return set()
    valid: list[uuid.UUID] = []
    for raw in ids:
        try:
            valid.append(uuid.UUID(raw))
        except ValueError:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                _("上传编号无效：%(id)s") % {"id": raw[:40]},
                details={"fields": {"upload_id": raw[:40]}},
            ) from None
    found = {
        str(u)
        for u in Upload.objects.filter(public_id__in=valid).values_list("public_id", flat=True)
    }
    missing = ids - found
    if missing:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("没有这些上传文件：%(ids)s") % {"ids": ", ".join(sorted(missing))},
            details={"fields": {"upload_id": sorted(missing)}},
        )
    return found
