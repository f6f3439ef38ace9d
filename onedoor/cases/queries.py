"""Reads of cases, with one permission-checked getter per object (STYLE.md)."""

import uuid
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.cases.choices import TaskStatus
from onedoor.cases.models import Case, CaseMaterial, ReviewTask
from onedoor.cases.services.clock import ClockView, read_clock
from onedoor.core.errors import NotFound
from onedoor.core.models import AuditEvent
from onedoor.registry.models import Organisation, Person
from onedoor.registry.queries import can_act_for


def cases_with_details() -> QuerySet[Case]:
    return Case.objects.select_related(
        "applicant_person", "applicant_organisation", "agent", "department", "service_point"
    ).prefetch_related(
        Prefetch("materials", queryset=CaseMaterial.objects.order_by("order", "id")),
        Prefetch("tasks", queryset=ReviewTask.objects.select_related("department")),
        "verifications",
        "results__licence",
    )


def _citizen_may_see(person: Person, case: Case) -> bool:
    if person.pk in (case.applicant_person_id, case.agent_id):
        return True
    applicant = case.applicant
    if isinstance(applicant, Organisation):
        return can_act_for(person, organisation=applicant)
    assert isinstance(applicant, Person)
    return can_act_for(person, person_target=applicant)


def access_case(viewer: User | Person, number: str, *, log_read: bool = True) -> Case:
    """The case ``number`` if the viewer may see it; 404 otherwise (never revealing it exists).

    Staff see every case (any window accepts any matter); a staff read of the applicant's data
    is logged with the case number as its purpose. Citizens see the cases they applied for,
    or acted in, or may act for.
    """
    case = cases_with_details().filter(number=str(number)[:24]).first()
    if case is None:
        raise NotFound(_("没有这个办件。"), case=str(number)[:24])
    if isinstance(viewer, User):
        if log_read:
            _log_staff_read(viewer, case)
        return case
    if not _citizen_may_see(viewer, case):
        raise NotFound(_("没有这个办件。"), case=str(number)[:24])
    return case


def _log_staff_read(user: User, case: Case) -> None:
    from onedoor.registry.actions import log_data_access

    log_data_access(
        accessor=user.audit_label,
        person=case.applicant_person,
        organisation=case.applicant_organisation,
        action="read",
        purpose=case.number,
        detail=_("查看办件"),
    )


def clock_of(case: Case) -> ClockView:
    today = timezone.localdate()
    stopped = case.decided_at or case.closed_at
    return read_clock(
        state=case.clock_state,
        accepted_on=timezone.localtime(case.accepted_at).date() if case.accepted_at else None,
        deadline=case.deadline,
        promised_days=case.promised_days + case.extended_days,
        paused_days=case.paused_days,
        paused_since=case.paused_since,
        stopped_on=timezone.localtime(stopped).date() if stopped else None,
        unit=case.limit_unit,
        today=today,
    )


def case_events(case: Case) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(object_type="cases.case", object_id=case.number).order_by("id")


def cases_of_person(person: Person) -> QuerySet[Case]:
    """A citizen's cases: as applicant, as agent, and those of organisations they represent."""
    return (
        Case.objects.filter(
            Q(applicant_person=person)
            | Q(agent=person)
            | Q(applicant_organisation__legal_representative=person)
        )
        .select_related("department")
        .order_by("-submitted_at", "-id")
    )


def open_tasks_for(user: User, *, status: str = TaskStatus.OPEN) -> QuerySet[ReviewTask]:
    """The review tasks of the departments the user approves for."""
    departments = [
        g.department_id for g in user.role_grants() if g.role == "approver" and g.department_id
    ]
    return (
        ReviewTask.objects.filter(department_id__in=departments, status=status)
        .select_related("case", "department")
        .order_by("created_at", "id")
    )


def masked_actor(label: str) -> str:
    """Audit actor labels as shown outside the trail: a person's ID number is masked."""
    from onedoor.core.identifiers import mask_id_number

    kind, _sep, ident = label.partition(":")
    return f"{kind}:{mask_id_number(ident)}" if kind == "person" else label


def describe_applicant(case: Case) -> dict[str, Any]:
    applicant = case.applicant
    if isinstance(applicant, Organisation):
        return {"kind": "organisation", "uscc": applicant.uscc, "name": applicant.name}
    assert isinstance(applicant, Person)
    return {"kind": "person", "id_number": applicant.id_number, "name": applicant.name}


def approver_departments(user: User) -> list[int]:
    """The departments (ids) the user approves for; empty for anyone else."""
    return [
        g.department_id for g in user.role_grants() if g.role == Role.APPROVER and g.department_id
    ]


def get_inbox(
    user: User, *, status: str = TaskStatus.OPEN, limit: int = 50, offset: int = 0
) -> tuple[int, list[ReviewTask]]:
    """An approver's review tasks, the nearest deadline first, then the oldest: (total, page).

    Two queries whatever the number of tasks (their cases and departments come joined).
    """
    tasks = ReviewTask.objects.filter(
        department_id__in=approver_departments(user), status=status
    ).select_related("case", "department")
    ordered = tasks.order_by(F("case__deadline").asc(nulls_last=True), "created_at", "id")
    return tasks.count(), list(ordered[offset : offset + limit])


def get_task(task_id: Any) -> ReviewTask:
    """A review task with its case and department, by its public id; 404 when unknown."""
    try:
        public_id = task_id if isinstance(task_id, uuid.UUID) else uuid.UUID(str(task_id))
    except ValueError:
        raise NotFound(_("没有这个审查任务。")) from None
    task = (
        ReviewTask.objects.select_related("case", "department").filter(public_id=public_id).first()
    )
    if task is None:
        raise NotFound(_("没有这个审查任务。"))
    return task


def get_cases_page(person: Person, *, limit: int = 50, offset: int = 0) -> tuple[int, list[Case]]:
    """A citizen's own cases, newest first: (total, page)."""
    cases = cases_of_person(person)
    return cases.count(), list(cases[offset : offset + limit])


def citizen_may_act_on(person: Person, case: Case) -> bool:
    """Whether a citizen may act on a case: as applicant or agent, or for the applicant."""
    return _citizen_may_see(person, case)
