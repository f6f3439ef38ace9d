"""Withdrawing an application (撤回申请) before it is decided."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.cases.choices import OPEN_STATUSES, CaseStatus, ClockState, TaskStatus
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.models import Case, ReviewTask
from onedoor.cases.queries import citizen_may_act_on
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, NotFound, PermissionDenied
from onedoor.registry.models import Person

REASON_MAX_LENGTH = 500


def check_may_withdraw(case: Case, actor: User | Person) -> None:
    """The applicant, their agent, a citizen who may act for the applicant, or a clerk.

    A citizen who may not withdraw is told the case does not exist (as when reading it); staff
    without the clerk role are refused.
    """
    if isinstance(actor, User):
        if not actor.has_role(Role.CLERK):
            raise PermissionDenied(_("只有窗口人员可以代为撤回申请。"))
        return
    if not citizen_may_act_on(actor, case):
        raise NotFound(_("没有这个办件。"), case=case.number)


def check_case_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise DomainError(
            CaseErrorCode.CASE_NOT_OPEN,
            _("办件已经办结或结束，不能撤回。"),
            details={"case": case.number, "status": case.status},
            status=409,
        )


def withdraw_case(number: str, *, actor: User | Person, reason: str = "") -> Case:
    """Withdraw an undecided case (撤回申请).

    Its clock stops, its open tasks close, and the applicant may apply again for the same
    matter at once (the duplicate guard is released).
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(number=str(number)[:24]).first()
        if case is None:
            raise NotFound(_("没有这个办件。"), case=str(number)[:24])
        check_may_withdraw(case, actor)
        check_case_open(case)
        closed = ReviewTask.objects.filter(case=case, status=TaskStatus.OPEN).update(
            status=TaskStatus.CLOSED
        )
        case.status = CaseStatus.WITHDRAWN
        case.closed_at = timezone.now()
        if case.clock_state:
            case.clock_state = ClockState.STOPPED
        case.duplicate_key = None
        case.save(
            update_fields=["status", "closed_at", "clock_state", "duplicate_key", "updated_at"]
        )
        record_event(
            actor=actor,
            action="case.withdrawn",
            obj=case,
            payload={"reason": (reason or "").strip()[:REASON_MAX_LENGTH], "tasks_closed": closed},
        )
    return case
