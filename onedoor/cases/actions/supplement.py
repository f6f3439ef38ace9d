"""Supplements (补正): completing a one-time notice, a return, or a tolerant gap.

A notice case is assessed again with what was sent before and what comes now (unknown facts
are asked again: a department system that was down may answer now), and is accepted when every
gap is filled. A returned case resumes review and its clock, the paused days added to its
deadline. A tolerant gap filled after review has passed lets the case be decided.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import User
from onedoor.cases.actions.acceptance import advance
from onedoor.cases.actions.review import decide_case, outstanding_tolerant_materials, review_passed
from onedoor.cases.actions.stages import copy_deadline_to_tasks
from onedoor.cases.choices import (
    OPEN_STATUSES,
    CaseStatus,
    ClockState,
    ConditionState,
    Decision,
    MaterialState,
    Outcome,
    TaskDecision,
    TaskStatus,
)
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.evaluation import Parties, evaluate
from onedoor.cases.models import Case, CaseMaterial, ReviewTask
from onedoor.cases.queries import access_case
from onedoor.cases.services.assessment import Submitted, trace
from onedoor.cases.services.spec import ApplicationSpec, spec_for_case
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.core.services.calendar import add_calendar_days, add_working_days, working_days_between
from onedoor.notify.case_messages import tell_outcome
from onedoor.registry.models import Person


def supplement_case(number: str, *, actor: User | Person, materials: list[dict[str, Any]]) -> Case:
    """Add materials to a case that waits for them; answers the case as it now stands."""
    case = access_case(actor, number, log_read=False)
    if case.status not in OPEN_STATUSES:
        raise DomainError(
            CaseErrorCode.CASE_NOT_OPEN,
            _("办件已结束，不能补正。"),
            details={"case": case.number, "status": case.status},
            status=409,
        )
    sent = _parse(case, materials, actor)
    if case.status == CaseStatus.SUBMITTED:
        _complete_notice(case, sent, actor)
    else:
        _complete_review_gaps(case, sent, actor)
    return access_case(actor, case.number, log_read=False)


def _parse(case: Case, materials: list[dict[str, Any]], actor: Any) -> dict[str, Submitted]:
    if not materials:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("请至少补交一项材料。"),
            details={"fields": {"materials": _("必填")}},
        )
    codes = {m.code for m in case.materials.all()}
    sent: dict[str, Submitted] = {}
    for i, raw in enumerate(materials):
        code = str(raw.get("code") or "")
        if code not in codes:
            raise DomainError(
                CaseErrorCode.MATERIAL_NOT_IN_MATTER,
                _("材料 %(code)s 不属于本事项。") % {"code": code},
                details={"material": code, "index": i},
            )
        paper = raw.get("paper") is True
        if paper and not isinstance(actor, User):
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


def _previously_sent(case: Case) -> dict[str, Submitted]:
    return {
        code: Submitted(
            code=code,
            licence_number=raw.get("licence_number", ""),
            upload_id=raw.get("upload_id", ""),
            paper=bool(raw.get("paper")),
            commitment=bool(raw.get("commitment")),
        )
        for code, raw in (case.sent_materials or {}).items()
    }


def _complete_notice(case: Case, new: dict[str, Submitted], actor: Any) -> None:
    spec = spec_for_case(case)
    parties = Parties(case.applicant, case.agent)  # type: ignore[arg-type]
    sent = {**_previously_sent(case), **new}
    evaluation = evaluate(
        spec, parties, case.form, sent, number=case.number, actor=actor, ref_day=case.reference_date
    )
    assessment = evaluation.assessment
    today = timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.SUBMITTED:
            raise DomainError(
                CaseErrorCode.CASE_NOT_OPEN,
                _("办件状态已改变，请刷新后重试。"),
                details={"case": case.number, "status": locked.status},
                status=409,
            )
        _rewrite_checklist(locked, assessment.lines)
        locked.sent_materials = {code: _as_json(s) for code, s in sent.items()}
        locked.unmet_conditions = [
            {"code": c.code, "message": c.message, "state": c.state.value}
            for c in assessment.conditions
            if c.state in (ConditionState.UNMET, ConditionState.UNKNOWN)
        ]
        locked.trace = trace(assessment, evaluation.facts)
        outcome = assessment.outcome
        if outcome == Outcome.REFUSED:
            outcome = Outcome.NOTICE  # facts changed since; the clerk decides, not a supplement
        locked.outcome = outcome
        if outcome in (Outcome.ACCEPTED, Outcome.TOLERANT, Outcome.DECIDED):
            locked.status = (
                CaseStatus.DECIDED if outcome == Outcome.DECIDED else CaseStatus.ACCEPTED
            )
        locked.save(
            update_fields=[
                "sent_materials",
                "unmet_conditions",
                "trace",
                "outcome",
                "status",
                "updated_at",
            ]
        )
        record_event(
            actor=actor,
            action="case.supplemented",
            obj=locked,
            payload={"materials": sorted(new), "outcome": outcome},
        )
        advance(locked, spec, assessment, actor, today)
        tell_outcome(locked, actor=actor)


def _as_json(s: Submitted) -> dict[str, Any]:
    raw: dict[str, Any] = {"code": s.code}
    for name in ("licence_number", "upload_id"):
        if getattr(s, name):
            raw[name] = getattr(s, name)
    for name in ("paper", "commitment"):
        if getattr(s, name):
            raw[name] = True
    return raw


def _rewrite_checklist(case: Case, lines: list[Any]) -> None:
    existing = {m.code: m for m in case.materials.all()}
    changed = []
    for line in lines:
        row = existing.get(line.code)
        if row is None:  # a bundle whose matters changed since: keep the case's own checklist
            continue
        row.state, row.source, row.commitment, row.note = (
            line.state,
            line.source,
            line.commitment,
            line.note,
        )
        changed.append(row)
    CaseMaterial.objects.bulk_update(changed, ["state", "source", "commitment", "note"])


def _complete_review_gaps(case: Case, new: dict[str, Submitted], actor: Any) -> None:
    """A return or a tolerant gap: the materials sent now replace the lines they name."""
    from onedoor.cases.evaluation import gather_evidence

    spec = spec_for_case(case)
    parties = Parties(case.applicant, case.agent)  # type: ignore[arg-type]
    evidence = gather_evidence(spec, parties, new, {})
    today = timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status not in (CaseStatus.ACCEPTED, CaseStatus.IN_REVIEW, CaseStatus.RETURNED):
            raise DomainError(
                CaseErrorCode.CASE_NOT_OPEN,
                _("办件状态已改变，请刷新后重试。"),
                details={"case": case.number, "status": locked.status},
                status=409,
            )
        filled = _fill_lines(locked, new, evidence, spec)
        tolerant_open = outstanding_tolerant_materials(locked)
        if locked.status != CaseStatus.RETURNED and not filled:
            raise DomainError(
                CaseErrorCode.NOTHING_TO_SUPPLEMENT,
                _("这些材料都已齐全，无需补正。"),
                details={"case": locked.number},
                status=409,
            )
        record_event(
            actor=actor,
            action="case.supplemented",
            obj=locked,
            payload={"materials": sorted(new), "filled": filled, "outstanding": tolerant_open},
        )
        if locked.status == CaseStatus.RETURNED:
            _resume(locked, today, actor)
        elif not tolerant_open and review_passed(locked):
            decide_case(locked, decision=Decision.APPROVED, actor=actor)


def _fill_lines(
    case: Case, new: dict[str, Submitted], evidence: Any, spec: ApplicationSpec
) -> list[str]:
    rows = {m.code: m for m in case.materials.all()}
    filled = []
    for code, sent in new.items():
        row = rows[code]
        material = spec.material(code)
        wanted_type = material.licence_type if material else None
        if (
            sent.licence_number
            and evidence.verified_licences.get(sent.licence_number) == wanted_type
        ):
            row.state, row.source = MaterialState.REUSED, sent.licence_number
        elif sent.upload_id and sent.upload_id in evidence.uploads:
            row.state, row.source = MaterialState.UPLOADED, sent.upload_id
        elif sent.paper:
            row.state, row.source = MaterialState.PAPER, ""
        else:
            continue
        row.commitment, row.due, row.note = "", None, ""
        row.save(update_fields=["state", "source", "commitment", "due", "note", "updated_at"])
        filled.append(code)
    return filled


def _resume(case: Case, today: dt.date, actor: Any) -> None:
    """End a return: the clock runs again and its deadlines move by the paused days."""
    paused_from = case.paused_since or today
    if case.limit_unit == "calendar_days":
        paused = max(0, (today - paused_from).days)
        move = lambda day: add_calendar_days(day, paused).date  # noqa: E731
    else:
        paused = max(0, working_days_between(paused_from, today))
        move = lambda day: add_working_days(day, paused).date  # noqa: E731
    if case.deadline:
        case.deadline = move(case.deadline)
    if case.statutory_deadline:
        case.statutory_deadline = move(case.statutory_deadline)
    case.paused_days += paused
    case.paused_since = None
    case.clock_state = ClockState.RUNNING
    case.status = CaseStatus.IN_REVIEW
    case.save(
        update_fields=[
            "deadline",
            "statutory_deadline",
            "paused_days",
            "paused_since",
            "clock_state",
            "status",
            "updated_at",
        ]
    )
    ReviewTask.objects.filter(case=case, decision=TaskDecision.RETURN).update(
        status=TaskStatus.OPEN, decision="", claimed_by=None, decided_by=None, decided_at=None
    )
    copy_deadline_to_tasks(case)
    record_event(actor=actor, action="case.resumed", obj=case, payload={"paused_days": paused})
