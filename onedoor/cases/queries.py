"""Reads of cases, with one permission-checked getter per object (STYLE.md)."""

import uuid
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.cases.choices import TaskStatus
from onedoor.cases.models import Case, CaseMaterial, CaseResult, ReviewTask
from onedoor.cases.services.clock import ClockView, read_clock
from onedoor.catalog.models import MatterFormField
from onedoor.core.errors import NotFound
from onedoor.core.models import AuditEvent
from onedoor.registry.models import Organisation, Person
from onedoor.registry.queries import can_act_for

CASE_PARTIES = (
    "applicant_person",
    "applicant_organisation",
    "agent",
    "department",
    "service_point",
)


def _materials() -> Prefetch:
    return Prefetch("materials", queryset=CaseMaterial.objects.order_by("order", "id"))


def _tasks() -> Prefetch:
    return Prefetch("tasks", queryset=ReviewTask.objects.select_related("department"))


def _results() -> Prefetch:
    return Prefetch("results", queryset=CaseResult.objects.select_related("licence"))


def cases_with_details(*, verifications: bool = True) -> QuerySet[Case]:
    """Cases with what their page shows: the case with its parties and department joined, its
    checklist, its tasks, its results with their licences, and (unless told not to: the API's
    answers do not show them) its verifications; one query each."""
    cases = Case.objects.select_related(*CASE_PARTIES).prefetch_related(
        _materials(), _tasks(), _results()
    )
    return cases.prefetch_related("verifications") if verifications else cases


def load_details(case: Case, *, verifications: bool = True) -> Case:
    """Read what ``cases_with_details`` reads for one case, skipping what it cannot have: a
    case has review tasks only once a stage opened (it has stages), and results only once
    decided. What is skipped reads as empty without a query."""
    lookups: list[Any] = [_materials()]
    if case.stages:
        lookups.append(_tasks())
    if case.decided_at is not None:
        lookups.append(_results())
    if verifications:
        lookups.append("verifications")
    prefetch_related_objects([case], *lookups)
    cached = case._prefetched_objects_cache  # type: ignore[attr-defined]  # set just above
    cached.setdefault("tasks", ReviewTask.objects.none())
    cached.setdefault("results", CaseResult.objects.none())
    return case


def remember_details(
    case: Case,
    *,
    materials: list[CaseMaterial],
    tasks: list[ReviewTask],
    results: list[CaseResult],
) -> Case:
    """Hold rows just written as the case's details, as ``load_details`` would have read them
    (the case's page then costs no query). Only for rows complete as written."""
    case._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "materials": _held(CaseMaterial.objects.filter(case=case), materials),
        "tasks": _held(ReviewTask.objects.filter(case=case), tasks),
        "results": _held(CaseResult.objects.filter(case=case), results),
    }
    return case


def _held(rows: QuerySet[Any], held: list[Any]) -> QuerySet[Any]:
    """A queryset that answers ``held`` without a query, as Django's prefetch fills one."""
    rows._result_cache = list(held)  # type: ignore[attr-defined]
    rows._prefetch_done = True  # type: ignore[attr-defined]
    return rows


def _citizen_may_see(person: Person, case: Case) -> bool:
    if person.pk in (case.applicant_person_id, case.agent_id):
        return True
    applicant = case.applicant
    if isinstance(applicant, Organisation):
        return can_act_for(person, organisation=applicant)
    assert isinstance(applicant, Person)
    return can_act_for(person, person_target=applicant)


def access_case(
    viewer: User | Person, number: str, *, log_read: bool = True, verifications: bool = True
) -> Case:
    """The case ``number`` if the viewer may see it; 404 otherwise (never revealing it exists).

    Staff see every case (any window accepts any matter); a staff read of the applicant's data
    is logged with the case number as its purpose. Citizens see the cases they applied for,
    or acted in, or may act for. ``verifications=False`` leaves them unread (one query less).
    """
    case = Case.objects.select_related(*CASE_PARTIES).filter(number=str(number)[:24]).first()
    if case is None:
        raise NotFound(_("没有这个办件。"), case=str(number)[:24])
    if isinstance(viewer, User):
        if log_read:
            _log_staff_read(viewer, case)
    elif not _citizen_may_see(viewer, case):
        raise NotFound(_("没有这个办件。"), case=str(number)[:24])
    return load_details(case, verifications=verifications)


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


# What an inbox line shows of its task and its case (the clock included); anything else is
# read only if touched.
INBOX_TASK_FIELDS = (
    "case",
    "department",
    "public_id",
    "stage",
    "stage_name",
    "status",
    "decision",
    "deadline",
    "created_at",
)
INBOX_CASE_FIELDS = (
    "number",
    "code",
    "name",
    "deadline",
    "clock_state",
    "accepted_at",
    "decided_at",
    "closed_at",
    "promised_days",
    "extended_days",
    "paused_days",
    "paused_since",
    "limit_unit",
)


def get_inbox(
    user: User, *, status: str = TaskStatus.OPEN, limit: int = 50, offset: int = 0
) -> tuple[int, list[ReviewTask]]:
    """An approver's review tasks, the nearest deadline first, then the oldest: (total, page).

    Two queries whatever the number of tasks: the count, and the page with its cases joined
    (what a line shows of them); the departments are the user's own, read with their roles.
    The order is the tasks' own copy of the case's deadline, so that the page is read along
    the inbox index (department, status, deadline, created_at, id) however large the ledger.
    """
    departments = {
        g.department_id: g.department
        for g in user.role_grants()
        if g.role == Role.APPROVER and g.department_id
    }
    tasks = ReviewTask.objects.filter(department_id__in=list(departments), status=status)
    ordered = (
        tasks.select_related("case")
        .only(*INBOX_TASK_FIELDS, *(f"case__{name}" for name in INBOX_CASE_FIELDS))
        .order_by(F("deadline").asc(nulls_last=True), "created_at", "id")
    )
    page = list(ordered[offset : offset + limit])
    department = ReviewTask._meta.get_field("department")
    for task in page:
        department.set_cached_value(task, departments[task.department_id])  # type: ignore[union-attr]
    return tasks.count(), page


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


def get_choice_labels(case_number: str) -> dict[str, dict[str, str]]:
    """Form field → its choices' labels, for the matter of the case that issued a licence
    (a licence keeps the form's values, such as ``kinship``; a copy shows their labels)."""
    if not case_number:
        return {}
    version = Case.objects.filter(number=case_number).values_list("matter_version_id", flat=True)
    fields = MatterFormField.objects.filter(version_id__in=version).exclude(choices=[])
    return {
        f.name: {str(c["value"]): str(c.get("label") or c["value"]) for c in f.choices or ()}
        for f in fields.only("name", "choices")
    }
