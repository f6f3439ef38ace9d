"""Review tasks (并联审批): a department approver's inbox, claiming and deciding."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onedoor.accounts.models import Role, User
from onedoor.api.auth import require_staff
from onedoor.api.routers.cases import ClockOut
from onedoor.cases.actions.review import claim_task, decide_task
from onedoor.cases.models import ReviewTask
from onedoor.cases.queries import clock_of, get_inbox, get_task
from onedoor.core.errors import PermissionDenied

router = Router(tags=["tasks"])


class TaskItemOut(Schema):
    id: str = Field(description="the task's public id (a UUID)")
    number: str = Field(description="the case number")
    matter: str = Field(description="the matter's (or bundle's) code")
    name: str
    department: str
    stage: int
    stage_name: str
    status: str = Field(description="open, decided or closed")
    decision: str = Field(description="approve, reject, return; empty while undecided")
    created_at: dt.datetime
    deadline: dt.date | None = Field(description="the case's promised deadline")
    clock: ClockOut


class TaskListOut(Schema):
    count: int
    items: list[TaskItemOut]


class DecisionIn(Schema):
    decision: Literal["approve", "reject", "return"]
    opinion: str = Field("", max_length=4000, description="required to reject or return")


def _approver(request: HttpRequest) -> User:
    user = require_staff(request)
    if not user.has_role(Role.APPROVER):
        raise PermissionDenied(_("只有部门审批人员有审查任务。"))
    return user


def task_item(task: ReviewTask) -> dict[str, Any]:
    case = task.case
    clock = clock_of(case)
    return {
        "id": str(task.public_id),
        "number": case.number,
        "matter": case.code,
        "name": case.name,
        "department": task.department.code,
        "stage": task.stage,
        "stage_name": task.stage_name,
        "status": task.status,
        "decision": task.decision,
        "created_at": task.created_at,
        "deadline": case.deadline,
        "clock": {
            "state": clock.state,
            "used_days": clock.used_days,
            "remaining_days": clock.remaining_days,
            "color": clock.color,
        },
    }


@router.get(
    "",
    response=TaskListOut,
    summary="The caller's departments' review tasks (approvers)",
    description="Ordered by the case's deadline, then by age.",
)
def list_tasks(
    request: HttpRequest,
    status: Literal["open", "decided", "closed"] = "open",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    count, tasks = get_inbox(_approver(request), status=status, limit=limit, offset=offset)
    return {"count": count, "items": [task_item(t) for t in tasks]}


@router.post("/{task_id}/claim", response=TaskItemOut, summary="Take a review task to work on")
def claim(request: HttpRequest, task_id: str) -> dict[str, Any]:
    task = claim_task(task_id, actor=require_staff(request))
    return task_item(get_task(task.public_id))


@router.post(
    "/{task_id}/decide",
    response=TaskItemOut,
    summary="Approve, reject (不予许可) or return (补正) a review task",
    description="A decided task answers 409 task_already_decided; another department's 403.",
)
def decide(request: HttpRequest, task_id: str, payload: DecisionIn) -> dict[str, Any]:
    task = decide_task(
        task_id,
        actor=require_staff(request),
        decision=payload.decision,
        opinion=payload.opinion,
    )
    return task_item(get_task(task.public_id))
