"""Submitting an application: the one action every channel calls (window, online, app, kiosk).

The outside calls (yes/no verification with the department systems) happen first, outside any
transaction; then the case, its checklist, its verifications, its clock, its review tasks and
its audit event are written in one transaction, so an error leaves nothing half-written.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import User
from onedoor.cases.actions.acceptance import advance, settle
from onedoor.cases.choices import (
    OPEN_STATUSES,
    CaseStatus,
    CommitmentKind,
    ConditionState,
    MaterialState,
    Outcome,
)
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.evaluation import Parties, evaluate
from onedoor.cases.models import Case, CaseMaterial, CaseVerification
from onedoor.cases.queries import remember_details
from onedoor.cases.services.assessment import Assessment, Submitted, trace
from onedoor.cases.services.conditions import Facts
from onedoor.cases.services.form import check_form
from onedoor.cases.services.numbers import new_case_number
from onedoor.cases.services.reference import reference_date
from onedoor.cases.services.spec import ApplicationSpec, bundle_spec, matter_spec
from onedoor.catalog.choices import Channel
from onedoor.core.audit import record_event
from onedoor.core.db import columns_of, from_row, insert_rows, repeating_cursor
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.core.identifiers import check_id_number, check_uscc
from onedoor.counter.models import ServicePoint
from onedoor.licences.actions import record_case_reuses
from onedoor.licences.models import Licence
from onedoor.notify.case_messages import tell_outcome
from onedoor.notify.models import NotifyPreference
from onedoor.registry.models import Organisation, Person
from onedoor.registry.queries import can_act_for

ADULT_AGE = 18


@dataclass
class SubmissionRequest:
    """The body of ``POST cases`` (API.md), already parsed from JSON."""

    channel: str
    matter: str = ""
    bundle: str = ""
    applicant_id_number: str = ""
    applicant_uscc: str = ""
    applicant_name: str = ""
    agent_id_number: str = ""
    service_point: str = ""
    form: dict[str, Any] = field(default_factory=dict)
    materials: list[dict[str, Any]] = field(default_factory=list)

    def fingerprint(self) -> str:
        body = json.dumps(self.__dict__, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass
class Submission:
    case: Case
    created: bool


def submit_case(
    request: SubmissionRequest,
    *,
    actor: User | Person,
    idempotency_key: str = "",
) -> Submission:
    """Submit an application and take it as far as the rules allow in the same call.

    Every submission that passes input checks becomes a case with a number, whatever its
    outcome: refused, a one-time notice, tolerant acceptance, accepted, or decided on the spot.
    The same ``idempotency_key`` (scoped to the actor) with the same body returns the same case.
    """
    scope = actor.audit_label
    fingerprint = request.fingerprint()
    number, number_free = new_case_number(), False
    if idempotency_key:
        replay, number_free = _replay(scope, idempotency_key, fingerprint, number=number)
        if replay is not None:
            return Submission(replay, created=False)
    spec = _spec(request)
    parties = _parties(request, spec)
    _check_actor(actor, request, parties)
    form, problems = check_form(spec.form, request.form)
    if problems:
        raise DomainError(
            ErrorCode.INVALID_FORM, _("申请表填写有误。"), details={"fields": problems}
        )
    sent = _sent_materials(spec, request)
    service_point_id = _service_point_id(request.service_point)
    today = timezone.localdate()
    ref_day = reference_date(spec.reference_date, today)
    duplicate_key = _duplicate_key(spec, parties, ref_day)
    if duplicate_key and _first_row(_DUPLICATE_SQL, [duplicate_key]):
        raise _duplicate(spec)
    if not number_free:
        number = _unused_case_number(number)
    evaluation = evaluate(spec, parties, form, sent, number=number, actor=actor, ref_day=ref_day)
    assessment, facts, answers = evaluation.assessment, evaluation.facts, evaluation.answers
    try:
        with transaction.atomic():
            case = _new_case(
                spec=spec,
                parties=parties,
                request=request,
                actor=actor,
                number=number,
                form=form,
                ref_day=ref_day,
                assessment=assessment,
                facts=facts,
                service_point_id=service_point_id,
                duplicate_key=duplicate_key,
                idempotency=(scope, idempotency_key, fingerprint),
            )
            settle(case, spec, today)
            insert_rows(Case, [case])
            materials = _record(case, spec, answers, assessment, actor)
            advanced = advance(case, spec, assessment, actor, today, settled=True)
            # The case as its page reads it, from what was just written: neither the message
            # to the applicant nor the answer reads it again.
            remember_details(
                case, materials=materials, tasks=advanced.tasks, results=advanced.results
            )
            tell_outcome(case, actor=actor, new_case=True)
    except IntegrityError:
        # A concurrent twin won the race: the same idempotency key, or the same applicant's
        # open application. Answer as if we had lost it cleanly.
        if idempotency_key:
            replay, _free = _replay(scope, idempotency_key, fingerprint)
            if replay is not None:
                return Submission(replay, created=False)
        if duplicate_key and _first_row(_DUPLICATE_SQL, [duplicate_key]):
            raise _duplicate(spec) from None
        raise
    return Submission(case, created=True)


# ------------------------------------------------------------------ input


# The reads of every submission, in plain SQL prepared once per connection (on PostgreSQL):
# building their ORM form cost more CPU than the database spends answering them.
_CASES = Case._meta.db_table
_NUMBER_SQL = f"SELECT 1 FROM {_CASES} WHERE number = %s"  # noqa: S608  # names from the models
_DUPLICATE_SQL = f"SELECT 1 FROM {_CASES} WHERE duplicate_key = %s LIMIT 1"  # noqa: S608
# The case made with this idempotency key, and any case holding the number just drawn.
_REPLAY_SQL = (
    f"SELECT id, number, request_hash, idempotency_scope, idempotency_key FROM {_CASES} "  # noqa: S608
    "WHERE (idempotency_scope = %s AND idempotency_key = %s) OR number = %s LIMIT 2"
)
_SERVICE_POINT_SQL = f"SELECT id FROM {ServicePoint._meta.db_table} WHERE code = %s"  # noqa: S608


def _first_row(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with repeating_cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else tuple(row)


def _unused_case_number(number: str) -> str:
    """``number`` or a new one that no case holds (35 random bits a day make a clash rare, not
    impossible)."""
    while _first_row(_NUMBER_SQL, [number]):
        number = new_case_number()
    return number


def _replay(
    scope: str, key: str, fingerprint: str, *, number: str = ""
) -> tuple[Case | None, bool]:
    """The case this key made before, if any; and whether ``number`` is free, looked up in
    the same query (False when no number is given)."""
    # Most keys are new: look for a few columns first, the whole case only for a replay.
    with repeating_cursor() as cursor:
        cursor.execute(_REPLAY_SQL, [scope, key, number])
        rows = cursor.fetchall()
    number_free = bool(number) and all(row[1] != number for row in rows)
    replay = next((row for row in rows if (row[3], row[4]) == (scope, key)), None)
    if replay is None:
        return None, number_free
    pk, replay_number, request_hash = replay[:3]
    if request_hash != fingerprint:
        raise DomainError(
            CaseErrorCode.IDEMPOTENCY_KEY_CONFLICT,
            _("这个幂等键已用于另一份申请。"),
            details={"case": replay_number},
        )
    return Case.objects.get(pk=pk), number_free


def _spec(request: SubmissionRequest) -> ApplicationSpec:
    if bool(request.matter) == bool(request.bundle):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("请指定一个事项（matter）或一件事（bundle）。"),
            details={"fields": {"matter": _("二者选一")}},
        )
    if request.channel not in Channel.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("未知的渠道。"),
            details={"fields": {"channel": ", ".join(Channel.values)}},
        )
    return matter_spec(request.matter) if request.matter else bundle_spec(request.bundle)


def _parties(request: SubmissionRequest, spec: ApplicationSpec) -> Parties:
    if bool(request.applicant_id_number) == bool(request.applicant_uscc):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("申请人须提供身份证件号码（id_number）或统一社会信用代码（uscc）之一。"),
            details={"fields": {"applicant": _("二者选一")}},
        )
    applicant: Person | Organisation
    if request.applicant_uscc:
        uscc = check_uscc(request.applicant_uscc)
        found = Organisation.objects.select_related("legal_representative").filter(uscc=uscc)
        applicant = _found(found.first(), _("法人库中没有这个单位。"))
    else:
        applicant = _person(request.applicant_id_number, request.applicant_name)
    if spec.audience == "person" and isinstance(applicant, Organisation):
        raise DomainError(ErrorCode.INVALID_INPUT, _("本事项的申请人应为自然人。"))
    if spec.audience == "organisation" and isinstance(applicant, Person):
        raise DomainError(ErrorCode.INVALID_INPUT, _("本事项的申请人应为法人或其他组织。"))
    agent = _person(request.agent_id_number, "") if request.agent_id_number else None
    return Parties(applicant, agent)


def _found[T](obj: T | None, message: str) -> T:
    if obj is None:
        raise NotFound(message)
    return obj


def _person(id_number: str, name: str) -> Person:
    parsed = check_id_number(id_number)
    person = _registered_person(parsed.value)
    if person is not None:
        return person
    if not name.strip():
        raise NotFound(_("自然人库中没有此人；首次办事请同时提供姓名（applicant.name）。"))
    from onedoor.registry.actions import register_person

    return register_person(actor=None, id_number=parsed.value, name=name.strip()[:60])


def _registered_person(id_number: str) -> Person | None:
    """The person with their notification preference, which the message to them needs."""
    if connection.vendor != "postgresql":
        found = Person.objects.select_related("notify_preference").filter(id_number=id_number)
        return found.first()
    row = _first_row(_person_sql(), [id_number])
    if row is None:
        return None
    person, preference = from_row(row, Person, NotifyPreference)
    assert isinstance(person, Person)
    # As select_related leaves them: the preference, or None, held on the person.
    Person.notify_preference.related.set_cached_value(person, preference)  # type: ignore[attr-defined]  # the reverse one-to-one of NotifyPreference.person
    if preference is not None:
        NotifyPreference.person.field.set_cached_value(preference, person)
    return person


@cache
def _person_sql() -> str:
    return (
        f"SELECT {columns_of(Person, 'p')}, {columns_of(NotifyPreference, 'n')} "  # noqa: S608
        f"FROM {Person._meta.db_table} p "
        f"LEFT JOIN {NotifyPreference._meta.db_table} n ON n.person_id = p.id "
        "WHERE p.id_number = %s"
    )


def _check_actor(actor: User | Person, request: SubmissionRequest, parties: Parties) -> None:
    """Staff accept for anyone at their windows; a citizen acts only where the law lets them."""
    if isinstance(actor, User):
        return
    if request.channel == Channel.WINDOW:
        raise PermissionDenied(_("窗口渠道由工作人员受理。"))
    applicant = parties.applicant
    if isinstance(applicant, Organisation):
        allowed = can_act_for(actor, organisation=applicant)
    else:
        allowed = can_act_for(actor, person_target=applicant)
    if not allowed:
        raise PermissionDenied(_("您不能代表该申请人办理。"))
    acting_for_self = isinstance(applicant, Person) and applicant.pk == actor.pk
    if parties.agent is None and not acting_for_self:
        parties.agent = actor
    elif parties.agent is not None and parties.agent.pk != actor.pk:
        raise PermissionDenied(_("代理人只能是您本人。"))


def _sent_materials(spec: ApplicationSpec, request: SubmissionRequest) -> dict[str, Submitted]:
    sent: dict[str, Submitted] = {}
    for i, raw in enumerate(request.materials):
        code = str(raw.get("code") or "")
        if spec.material(code) is None:
            raise DomainError(
                CaseErrorCode.MATERIAL_NOT_IN_MATTER,
                _("材料 %(code)s 不属于本事项。") % {"code": code},
                details={"material": code, "index": i},
            )
        if code in sent:
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                _("材料 %(code)s 重复。") % {"code": code},
                details={"fields": {f"materials[{i}]": _("重复")}},
            )
        paper = raw.get("paper") is True
        if paper and request.channel not in (Channel.WINDOW,):
            raise DomainError(
                ErrorCode.INVALID_INPUT,
                _("纸质原件只能在窗口由工作人员核验。"),
                details={"fields": {f"materials[{i}].paper": _("仅限窗口")}},
            )
        sent[code] = Submitted(
            code=code,
            licence_number=str(raw.get("licence_number") or "").strip(),
            upload_id=str(raw.get("upload_id") or "").strip(),
            paper=paper,
            commitment=raw.get("commitment") is True,
        )
    return sent


def _service_point_id(code: str) -> int | None:
    if not code:
        return None
    row = _first_row(_SERVICE_POINT_SQL, [code])
    return int(_found(row, _("没有这个服务网点。"))[0])


def _duplicate_key(spec: ApplicationSpec, parties: Parties, ref_day: dt.date) -> str | None:
    subject = parties.applicant.audit_label
    if spec.duplicate_rule == "open":
        return f"{spec.code}:{subject}"
    if spec.duplicate_rule == "year":
        return f"{spec.code}:{subject}:{ref_day.year}"
    return None


def _duplicate(spec: ApplicationSpec) -> DomainError:
    return DomainError(
        CaseErrorCode.DUPLICATE_APPLICATION,
        _("该申请人已有一件在办的“%(name)s”申请。") % {"name": spec.name},
        details={"matter": spec.code},
    )


# ------------------------------------------------------------------ writing


def _new_case(
    *,
    spec: ApplicationSpec,
    parties: Parties,
    request: SubmissionRequest,
    actor: Any,
    number: str,
    form: dict[str, Any],
    ref_day: dt.date,
    assessment: Assessment,
    facts: Facts,
    service_point_id: int | None,
    duplicate_key: str | None,
    idempotency: tuple[str, str, str],
) -> Case:
    """The case as submitted, not saved yet (``settle`` adds acceptance or decision first)."""
    scope, key, fingerprint = idempotency
    outcome = assessment.outcome
    status = {
        Outcome.DECIDED: CaseStatus.DECIDED,
        Outcome.ACCEPTED: CaseStatus.ACCEPTED,
        Outcome.TOLERANT: CaseStatus.ACCEPTED,
        Outcome.NOTICE: CaseStatus.SUBMITTED,
        Outcome.REFUSED: CaseStatus.REFUSED,
    }[outcome]
    keeps_key = status in OPEN_STATUSES or (
        status == CaseStatus.DECIDED and spec.duplicate_rule == "year"
    )
    applicant = parties.applicant
    unmet = [
        {"code": c.code, "message": c.message, "state": c.state.value}
        for c in assessment.conditions
        if c.state in (ConditionState.UNMET, ConditionState.UNKNOWN)
    ]
    return Case(
        number=number,
        matter_version=spec.version,
        bundle=spec.bundle,
        code=spec.code,
        name=spec.name,
        department=spec.department,
        applicant_person=applicant if isinstance(applicant, Person) else None,
        applicant_organisation=applicant if isinstance(applicant, Organisation) else None,
        agent=parties.agent,
        channel=request.channel,
        service_point_id=service_point_id,
        submitted_by=actor.audit_label,
        form=form,
        sent_materials={
            m["code"]: {k: v for k, v in m.items() if v not in (None, "", False)}
            for m in request.materials
        },
        status=status,
        outcome=outcome,
        reference_date=ref_day,
        duplicate_rule=spec.duplicate_rule,
        duplicate_key=duplicate_key if keeps_key else None,
        unmet_conditions=unmet,
        trace=trace(assessment, facts),
        reasons="\n".join(c["message"] for c in unmet) if outcome == Outcome.REFUSED else "",
        promised_days=max((m.promised_days for m in spec.members), default=0),
        statutory_days=max((m.statutory_days for m in spec.members), default=0),
        limit_unit=spec.members[0].limit_unit if spec.members else "",
        stages=[{"name": s.name, "rule": s.rule, "reviews": list(s.reviews)} for s in spec.stages],
        members=[
            {
                "code": m.code,
                "name": m.name,
                "department": m.department_code,
                "result_licence_type": m.result_licence_type,
                "result_name": m.result_name,
            }
            for m in spec.members
        ],
        idempotency_scope=scope if key else "",
        idempotency_key=key or None,
        request_hash=fingerprint,
    )


def _record(
    case: Case,
    spec: ApplicationSpec,
    answers: dict[str, tuple[str, str, dt.datetime]],
    assessment: Assessment,
    actor: Any,
) -> list[CaseMaterial]:
    """Write the checklist, the verifications, the licences reused and the audit event;
    answers the checklist."""
    # A material promised under tolerant acceptance is due by the promised deadline.
    tolerant_due = case.deadline if case.outcome == Outcome.TOLERANT else None
    materials = [
        CaseMaterial(
            case=case,
            order=i,
            code=line.code,
            name=line.name,
            key=line.key,
            state=line.state,
            source=line.source,
            commitment=line.commitment,
            due=tolerant_due if line.commitment == CommitmentKind.TOLERANT else None,
            note=line.note,
        )
        for i, line in enumerate(assessment.lines)
    ]
    insert_rows(CaseMaterial, materials)
    asked = {v.key: v for v in spec.verifications}
    verifications = [
        CaseVerification(
            case=case,
            key=key,
            fact=asked[key].fact,
            subject=asked[key].subject,
            answer=answer,
            source=source,
            at=at,
        )
        for key, (answer, source, at) in answers.items()
    ]
    insert_rows(CaseVerification, verifications)
    reused = [line for line in assessment.lines if line.state == MaterialState.REUSED]
    if reused:
        licences = Licence.objects.in_bulk([line.source for line in reused], field_name="number")
        record_case_reuses(
            actor=actor,
            case_number=case.number,
            uses=[(licences[line.source], line.code) for line in reused if line.source in licences],
        )
    record_event(
        actor=actor,
        action="case.submitted",
        obj=case,
        channel=case.channel,
        payload={
            "matter": case.code,
            "outcome": case.outcome,
            "applicant": case.applicant.audit_label,  # type: ignore[attr-defined]
            "checklist": {line.code: line.state.value for line in assessment.lines},
            "unmet": [c["code"] for c in case.unmet_conditions],
        },
    )
    return materials
