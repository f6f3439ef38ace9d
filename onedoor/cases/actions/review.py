"""Parallel review (并联审批): departments claim and decide their tasks; the case moves on.

Every decision locks the case row, then the task row (parent before child), so decisions that
arrive at the same moment are applied one after another: a stage passes once, a case is
decided exactly once, and a task already decided answers ``task_already_decided``.
"""

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.cases.actions.results import issue_results
from onedoor.cases.actions.stages import open_stage
from onedoor.cases.choices import (
    CaseStatus,
    ClockState,
    CommitmentKind,
    Decision,
    MaterialState,
    TaskDecision,
    TaskStatus,
)
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.models import Case, CaseResult, ReviewTask
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.notify.case_messages import tell_decided, tell_returned

REVIEWABLE = (CaseStatus.ACCEPTED, CaseStatus.IN_REVIEW, CaseStatus.RETURNED)


def _task_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(_("没有这个审查任务。")) from None


def _lock(task_id: Any, user: User) -> tuple[Case, ReviewTask]:
    """Lock the task's case, then the task; refuse what is not the user's department's."""
    public_id = _task_id(task_id)
    case_id = (
        ReviewTask.objects.filter(public_id=public_id).values_list("case_id", flat=True).first()
    )
    if case_id is None:
        raise NotFound(_("没有这个审查任务。"))
    case = Case.objects.select_for_update().get(pk=case_id)
    task = (
        ReviewTask.objects.select_for_update().select_related("department").get(public_id=public_id)
    )
    if not user.has_role(Role.APPROVER, department_code=task.department.code):
        raise PermissionDenied(_("这不是您所在部门的审查任务。"))
    return case, task


def _check_open(case: Case, task: ReviewTask) -> None:
    if task.status != TaskStatus.OPEN:
        raise DomainError(
            CaseErrorCode.TASK_ALREADY_DECIDED,
            _("这个审查任务已经处理过了。"),
            details={"task": str(task.public_id), "status": task.status, "decision": task.decision},
        )
    if case.status not in REVIEWABLE:
        raise DomainError(
            CaseErrorCode.CASE_NOT_OPEN,
            _("办件不在审查中。"),
            details={"case": case.number, "status": case.status},
            status=409,
        )


def claim_task(task_id: Any, *, actor: User) -> ReviewTask:
    """Take a task to work on it; the case is then in review."""
    with transaction.atomic():
        case, task = _lock(task_id, actor)
        _check_open(case, task)
        if task.claimed_by_id not in (None, actor.pk):
            raise DomainError(
                ErrorCode.CONFLICT,
                _("这个任务已由 %(name)s 认领。") % {"name": task.claimed_by},
                details={"task": str(task.public_id)},
            )
        task.claimed_by = actor
        task.save(update_fields=["claimed_by"])
        _into_review(case)
        record_event(
            actor=actor,
            action="case.task_claimed",
            obj=case,
            payload={"task": str(task.public_id), "department": task.department.code},
        )
    return task


def _into_review(case: Case) -> None:
    if case.status == CaseStatus.ACCEPTED:
        case.status = CaseStatus.IN_REVIEW
        case.save(update_fields=["status", "updated_at"])


def decide_task(task_id: Any, *, actor: User, decision: str, opinion: str = "") -> ReviewTask:
    """Approve, reject (不予许可) or return (补正) a review task, and move the case on."""
    if decision not in TaskDecision.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("决定应为 approve、reject 或 return。"),
            details={"fields": {"decision": decision}},
        )
    opinion = (opinion or "").strip()
    if decision in (TaskDecision.REJECT, TaskDecision.RETURN) and not opinion:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("不同意或退回补正须写明意见和理由。"),
            details={"fields": {"opinion": _("必填")}},
        )
    with transaction.atomic():
        case, task = _lock(task_id, actor)
        _check_open(case, task)
        task.status, task.decision, task.opinion = TaskStatus.DECIDED, decision, opinion[:4000]
        task.decided_by, task.decided_at = actor, timezone.now()
        task.save(update_fields=["status", "decision", "opinion", "decided_by", "decided_at"])
        _into_review(case)
        record_event(
            actor=actor,
            action="case.task_decided",
            obj=case,
            payload={
                "task": str(task.public_id),
                "department": task.department.code,
                "stage": task.stage,
                "decision": decision,
            },
        )
        {
            TaskDecision.APPROVE: _approved,
            TaskDecision.REJECT: _rejected,
            TaskDecision.RETURN: _returned,
        }[TaskDecision(decision)](case, task, actor)
    return task


def _approved(case: Case, task: ReviewTask, actor: User) -> None:
    siblings = list(ReviewTask.objects.filter(case=case, stage=task.stage))
    if task.rule == "any":
        ReviewTask.objects.filter(case=case, stage=task.stage, status=TaskStatus.OPEN).update(
            status=TaskStatus.CLOSED
        )
    elif any(t.decision != TaskDecision.APPROVE for t in siblings):
        return
    record_event(actor=actor, action="case.stage_passed", obj=case, payload={"stage": task.stage})
    if task.stage + 1 < len(case.stages):
        open_stage(case, task.stage + 1)
        return
    if outstanding_tolerant_materials(case):
        # Tolerant acceptance: review went on, the result waits for the promised material.
        record_event(actor=actor, action="case.awaiting_materials", obj=case)
        return
    decide_case(case, decision=Decision.APPROVED, actor=actor)


def outstanding_tolerant_materials(case: Case) -> list[str]:
    return list(
        case.materials.filter(
            state=MaterialState.COMMITMENT, commitment=CommitmentKind.TOLERANT
        ).values_list("code", flat=True)
    )


def review_passed(case: Case) -> bool:
    """Whether every stage has passed (the last stage's rule is met).

    An instant matter accepted tolerantly has no stages: only its promised material is awaited.
    """
    if not case.stages:
        return True
    last = len(case.stages) - 1
    tasks = list(ReviewTask.objects.filter(case=case, stage=last))
    if not tasks:
        return False
    approvals = [t for t in tasks if t.decision == TaskDecision.APPROVE]
    if case.stages[last]["rule"] == "any":
        return bool(approvals)
    return len(approvals) == len(tasks)


def _rejected(case: Case, task: ReviewTask, actor: User) -> None:
    ReviewTask.objects.filter(case=case, status=TaskStatus.OPEN).update(status=TaskStatus.CLOSED)
    case.reasons = task.opinion
    decide_case(case, decision=Decision.REJECTED, actor=actor, department=task.department.name)


def _returned(case: Case, task: ReviewTask, actor: User) -> None:
    if case.status != CaseStatus.RETURNED:
        case.status = CaseStatus.RETURNED
        case.clock_state = ClockState.PAUSED
        case.paused_since = timezone.localdate()
        case.save(update_fields=["status", "clock_state", "paused_since", "updated_at"])
    record_event(
        actor=actor,
        action="case.returned",
        obj=case,
        payload={"department": task.department.code, "opinion": task.opinion},
    )
    tell_returned(case, task, actor=actor)


def decide_case(case: Case, *, decision: str, actor: Any, department: str = "") -> None:
    """Decide the case once: stop its clock, issue its results, release its duplicate guard.

    Call inside a transaction that holds the case's row lock.
    """
    now = timezone.now()
    case.status = CaseStatus.DECIDED
    case.decision = decision
    case.decided_at = now
    case.clock_state = ClockState.STOPPED
    if decision == Decision.REJECTED or case.duplicate_rule != "year":
        # Only a "once a year" matter keeps blocking after an approval.
        case.duplicate_key = None
    case.save(
        update_fields=[
            "status",
            "decision",
            "decided_at",
            "clock_state",
            "duplicate_key",
            "reasons",
            "updated_at",
        ]
    )
    if decision == Decision.APPROVED:
        issue_results(case, actor=actor)
    else:
        _rejection_documents(case, department)
    record_event(actor=actor, action="case.decided", obj=case, payload={"decision": decision})
    tell_decided(case, actor=actor)


def _rejection_documents(case: Case, department: str) -> None:
    text = _(
        "不予许可决定书\n办件编号：%(number)s\n决定部门：%(department)s\n理由：%(reasons)s"
    ) % {
        "number": case.number,
        "department": department,
        "reasons": case.reasons,
    }
    CaseResult.objects.bulk_create(
        [
            CaseResult(case=case, matter_code=m["code"], matter_name=m["name"], document=text)
            for m in case.members
        ],
        ignore_conflicts=True,
    )
