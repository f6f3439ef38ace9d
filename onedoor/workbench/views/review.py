"""The approver's inbox and the case page, where a department claims and decides its task."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onedoor.accounts.models import Role, User
from onedoor.cases.actions.review import claim_task, decide_task
from onedoor.cases.choices import ClockColor, TaskStatus
from onedoor.cases.models import Case, ReviewTask
from onedoor.cases.queries import access_case, clock_of
from onedoor.core.errors import DomainError, NotFound
from onedoor.core.errors import PermissionDenied as DomainPermissionDenied
from onedoor.workbench.access import staff_required
from onedoor.workbench.forms import DecisionForm
from onedoor.workbench.queries import (
    form_labels,
    inbox_matters,
    inbox_rows,
    inbox_tasks,
    timeline,
)

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _filters(request: HttpRequest) -> dict[str, str]:
    status = request.GET.get("status", TaskStatus.OPEN)
    colour = request.GET.get("colour", "")
    return {
        "status": status if status in (TaskStatus.OPEN, TaskStatus.DECIDED) else TaskStatus.OPEN,
        "matter": request.GET.get("matter", "")[:80],
        "colour": colour if colour in ClockColor.values else "",
    }


@staff_required(Role.APPROVER)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The department's review tasks, soonest deadline first, with their clocks."""
    user = _user(request)
    wanted = _filters(request)
    tasks = inbox_tasks(user, status=wanted["status"], matter=wanted["matter"])
    if wanted["colour"]:
        # The colour is read from each clock (working days), so that filter runs in Python.
        page = Paginator(inbox_rows(tasks, wanted["colour"]), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        rows = list(page.object_list)
    else:
        page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = inbox_rows(page.object_list)
    query = "&".join(f"{k}={v}" for k, v in wanted.items() if v)
    context = {
        "rows": rows,
        "page": page,
        "wanted": wanted,
        "filter_query": query,
        "matters": inbox_matters(user),
        "colours": ClockColor.choices,
        "statuses": [(TaskStatus.OPEN, _("待办")), (TaskStatus.DECIDED, _("已处理"))],
    }
    return render(request, "workbench/inbox.html", context)


def _case(request: HttpRequest, number: str) -> Case:
    try:
        return access_case(_user(request), number)
    except NotFound as error:
        raise Http404(error.message) from None


def _my_tasks(user: User, case: Case) -> list[ReviewTask]:
    """The case's open tasks this user may claim and decide (their department's)."""
    return [
        task
        for task in case.tasks.all()
        if task.status == TaskStatus.OPEN
        and user.has_role(Role.APPROVER, department_code=task.department.code)
    ]


def _form_values(case: Case) -> list[tuple[str, str]]:
    labels = form_labels(case)
    values = []
    for name, value in case.form.items():
        label, choices = labels.get(name, (name, {}))
        if isinstance(value, bool):
            shown = _("是") if value else _("否")
        else:
            shown = choices.get(str(value), str(value))
        values.append((label, shown))
    return values


@staff_required()
@require_GET
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """Everything about one case; its department's approver claims and decides here."""
    user = _user(request)
    case = _case(request, number)
    my_tasks = _my_tasks(user, case)
    context: dict[str, Any] = {
        "case": case,
        "clock": clock_of(case),
        "form_values": _form_values(case),
        "timeline": timeline(case),
        "my_tasks": [(task, DecisionForm(prefix=str(task.public_id))) for task in my_tasks],
        "applicant": case.applicant,
    }
    return render(request, "workbench/case.html", context)


def _task_case(task_id: uuid.UUID) -> str:
    number = ReviewTask.objects.filter(public_id=task_id).values_list("case__number", flat=True)
    found = number.first()
    if found is None:
        raise Http404
    return found


def _act(request: HttpRequest, task_id: uuid.UUID, act: Any, done: str) -> HttpResponse:
    number = _task_case(task_id)
    try:
        act()
    except DomainPermissionDenied as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("workbench:case", number=number)


@staff_required(Role.APPROVER)
@require_POST
def claim(request: HttpRequest, task: uuid.UUID) -> HttpResponse:
    """Take a review task to work on it."""
    return _act(
        request, task, lambda: claim_task(task, actor=_user(request)), _("已认领审查任务。")
    )


@staff_required(Role.APPROVER)
@require_POST
def decide(request: HttpRequest, task: uuid.UUID) -> HttpResponse:
    """Approve, reject or return a review task; reject and return need an opinion."""
    form = DecisionForm(request.POST, prefix=str(task))
    if not form.is_valid():
        number = _task_case(task)
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("workbench:case", number=number)
    decision, opinion = form.cleaned_data["decision"], form.cleaned_data["opinion"]
    return _act(
        request,
        task,
        lambda: decide_task(task, actor=_user(request), decision=decision, opinion=opinion),
        _("审查决定已保存。"),
    )
