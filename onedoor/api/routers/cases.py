"""Cases: submit from any channel, read, and (in tasks.py) review."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from onedoor.api.auth import Principal
from onedoor.cases.actions.clock import extend_deadline
from onedoor.cases.actions.delivery import deliver_case
from onedoor.cases.actions.submit import SubmissionRequest, submit_case
from onedoor.cases.actions.withdraw import withdraw_case
from onedoor.cases.models import Case
from onedoor.cases.queries import (
    access_case,
    case_events,
    clock_of,
    describe_applicant,
    masked_actor,
)

router = Router(tags=["cases"])


class PartyIn(Schema):
    id_number: str | None = None
    uscc: str | None = None
    name: str | None = Field(None, description="Needed only for a person not yet in the registry.")


class AgentIn(Schema):
    id_number: str


class MaterialIn(Schema):
    code: str
    licence_number: str | None = None
    upload_id: str | None = None
    paper: bool | None = None
    commitment: bool | None = None


class CaseIn(Schema):
    matter: str | None = None
    bundle: str | None = None
    applicant: PartyIn
    agent: AgentIn | None = None
    channel: Literal["window", "online", "app", "wechat", "kiosk"]
    service_point: str | None = None
    form: dict[str, Any] = Field(default_factory=dict)
    materials: list[MaterialIn] = Field(default_factory=list)


class ChecklistLine(Schema):
    material: str
    name: str
    key: bool
    state: str
    source: str
    due: str | None = None


class UnmetCondition(Schema):
    code: str
    message: str
    state: str


class ResultOut(Schema):
    matter: str
    licence: str | None


class ClockOut(Schema):
    state: str
    used_days: int
    remaining_days: int | None
    color: str


class TaskOut(Schema):
    id: str
    department: str
    stage: int
    stage_name: str
    status: str
    decision: str


class EventOut(Schema):
    type: str
    at: dt.datetime
    actor: str


class CaseOut(Schema):
    number: str
    status: str
    outcome: str
    decision: str | None
    matter: str | None
    bundle: str | None
    name: str
    applicant: dict[str, str]
    agent: dict[str, str] | None
    channel: str
    deadline: str | None
    statutory_deadline: str | None
    deadline_provisional: bool
    checklist: list[ChecklistLine]
    unmet_conditions: list[UnmetCondition]
    results: list[ResultOut]


class CaseDetailOut(CaseOut):
    clock: ClockOut
    tasks: list[TaskOut]
    events: list[EventOut]
    reasons: str


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def case_summary(case: Case) -> dict[str, Any]:
    agent = case.agent
    return {
        "number": case.number,
        "status": case.status,
        "outcome": case.outcome,
        "decision": case.decision or None,
        "matter": None if case.bundle_id else case.code,
        "bundle": case.code if case.bundle_id else None,
        "name": case.name,
        "applicant": describe_applicant(case),
        "agent": {"id_number": agent.id_number, "name": agent.name} if agent else None,
        "channel": case.channel,
        "deadline": _iso(case.deadline),
        "statutory_deadline": _iso(case.statutory_deadline),
        "deadline_provisional": case.deadline_provisional,
        "checklist": [
            {
                "material": m.code,
                "name": m.name,
                "key": m.key,
                "state": m.state,
                "source": m.source,
                "due": _iso(m.due),
            }
            for m in case.materials.all()
        ],
        "unmet_conditions": case.unmet_conditions,
        "results": [
            {"matter": r.matter_code, "licence": r.licence.number if r.licence else None}
            for r in case.results.all()
        ],
    }


def case_detail(case: Case) -> dict[str, Any]:
    clock = clock_of(case)
    return {
        **case_summary(case),
        "clock": _clock_dict(clock),
        "tasks": [
            {
                "id": str(t.public_id),
                "department": t.department.code,
                "stage": t.stage,
                "stage_name": t.stage_name,
                "status": t.status,
                "decision": t.decision,
            }
            for t in case.tasks.all()
        ],
        "events": [
            {"type": e.action, "at": e.at, "actor": masked_actor(e.actor)}
            for e in case_events(case)
        ],
        "reasons": case.reasons,
    }


def _clock_dict(clock: Any) -> dict[str, Any]:
    return {
        name: getattr(clock, name) for name in ("state", "used_days", "remaining_days", "color")
    }


@router.post(
    "",
    response={201: CaseOut},
    summary="Submit an application (any channel)",
    description=(
        "Every submission answers 201 with a case number, whatever the outcome. "
        "An optional Idempotency-Key header makes a retry return the same case."
    ),
)
def submit(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    principal: Principal = request.auth  # type: ignore[attr-defined]
    body = SubmissionRequest(
        channel=payload.channel,
        matter=payload.matter or "",
        bundle=payload.bundle or "",
        applicant_id_number=payload.applicant.id_number or "",
        applicant_uscc=payload.applicant.uscc or "",
        applicant_name=payload.applicant.name or "",
        agent_id_number=payload.agent.id_number if payload.agent else "",
        service_point=payload.service_point or "",
        form=payload.form,
        materials=[m.model_dump(exclude_none=True) for m in payload.materials],
    )
    key = request.headers.get("Idempotency-Key", "").strip()[:200]
    submission = submit_case(body, actor=principal.actor, idempotency_key=key)
    case = submission.case  # a new case comes with its details; a replay is read again
    if not submission.created:
        case = access_case(principal.actor, case.number, log_read=False, verifications=False)
    return Status(201, case_summary(case))


@router.get("/{number}", response=CaseDetailOut, summary="A case with its clock, tasks and trail")
def detail(request: HttpRequest, number: str) -> dict[str, Any]:
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return case_detail(access_case(principal.actor, number, verifications=False))


class WithdrawIn(Schema):
    reason: str = Field("", max_length=500)


class DeliverIn(Schema):
    method: Literal["window", "mail", "download"] = Field(
        description="window (collected), mail, or download"
    )


class ExtendIn(Schema):
    days: int = Field(ge=1, le=366, description="days of the case's unit (working days mostly)")
    reason: str = Field(min_length=1, max_length=500)


def _principal(request: HttpRequest) -> Principal:
    principal: Principal = request.auth  # type: ignore[attr-defined]
    return principal


def _reread(principal: Principal, number: str) -> dict[str, Any]:
    # Answering with the case the caller just acted on is not a new read of the applicant.
    return case_detail(access_case(principal.actor, number, log_read=False, verifications=False))


@router.post(
    "/{number}/withdraw",
    response=CaseDetailOut,
    summary="Withdraw an undecided case (the applicant, their agent, or a clerk)",
)
def withdraw(request: HttpRequest, number: str, payload: WithdrawIn) -> dict[str, Any]:
    principal = _principal(request)
    case = withdraw_case(number, actor=principal.actor, reason=payload.reason)
    return _reread(principal, case.number)


@router.post(
    "/{number}/deliver",
    response=CaseDetailOut,
    summary="Record that a decided case's result reached the applicant (出件)",
    description="Staff at a window or by mail; a citizen by downloading. Delivering twice is "
    "no error.",
)
def deliver(request: HttpRequest, number: str, payload: DeliverIn) -> dict[str, Any]:
    principal = _principal(request)
    case = deliver_case(number, actor=principal.actor, method=payload.method)
    return _reread(principal, case.number)


@router.post(
    "/{number}/extend",
    response=CaseDetailOut,
    summary="Extend a case's time limit within the statutory extension (延期)",
    description="Supervisors, or approvers of the case's departments; a reason is required.",
)
def extend(request: HttpRequest, number: str, payload: ExtendIn) -> dict[str, Any]:
    principal = _principal(request)
    case = extend_deadline(number, actor=principal.actor, days=payload.days, reason=payload.reason)
    return _reread(principal, case.number)


class SupplementIn(Schema):
    materials: list[MaterialIn]


@router.post(
    "/{number}/supplement",
    response=CaseDetailOut,
    summary="Complete a one-time notice, a return or a tolerant gap",
)
def supplement(request: HttpRequest, number: str, payload: SupplementIn) -> dict[str, Any]:
    from onedoor.cases.actions.supplement import supplement_case

    principal: Principal = request.auth  # type: ignore[attr-defined]
    materials = [m.model_dump(exclude_none=True) for m in payload.materials]
    case = supplement_case(number, actor=principal.actor, materials=materials)
    return case_detail(case)
