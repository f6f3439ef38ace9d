"""Delivering the result of a decided case (出件): collected at a window, mailed, or downloaded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.cases.choices import CaseStatus, DeliveryMethod
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.models import Case
from onedoor.cases.queries import citizen_may_act_on
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.registry.models import Person


def check_may_deliver(case: Case, actor: User | Person, method: str) -> None:
    """Who may record a delivery: clerks, the case's departments' approvers, or a citizen.

    A citizen who may act on the case takes the result only by downloading it; any other
    citizen is told the case does not exist.
    """
    if isinstance(actor, User):
        departments = {m["department"] for m in case.members} | {case.department.code}
        if actor.has_role(Role.CLERK) or any(
            actor.has_role(Role.APPROVER, department_code=code) for code in departments
        ):
            return
        raise PermissionDenied(_("只有窗口人员或审批部门人员可以办理出件。"))
    if not citizen_may_act_on(actor, case):
        raise NotFound(_("没有这个办件。"), case=case.number)
    if method != DeliveryMethod.DOWNLOAD:
        raise PermissionDenied(_("申请人只能通过网上下载领取结果。"))


def _check_method(method: str) -> DeliveryMethod:
    if method not in DeliveryMethod.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("出件方式应为 window、mail 或 download。"),
            details={"fields": {"method": ", ".join(DeliveryMethod.values)}},
        )
    return DeliveryMethod(method)


def deliver_case(number: str, *, actor: User | Person, method: str) -> Case:
    """Record that a decided case's result reached the applicant; the case becomes delivered.

    Delivering a delivered case again changes nothing (a second download is not a new
    delivery). A case not decided yet answers ``case_not_decided`` (409).
    """
    chosen = _check_method(method)
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("department")
            .filter(number=str(number)[:24])
            .first()
        )
        if case is None:
            raise NotFound(_("没有这个办件。"), case=str(number)[:24])
        check_may_deliver(case, actor, chosen)
        if case.status == CaseStatus.DELIVERED:
            return case
        if case.status != CaseStatus.DECIDED:
            raise DomainError(
                CaseErrorCode.CASE_NOT_DECIDED,
                _("办件尚未办结，没有可送达的结果。"),
                details={"case": case.number, "status": case.status},
                status=409,
            )
        case.status = CaseStatus.DELIVERED
        case.delivered_at = timezone.now()
        case.delivery_method = chosen
        case.save(update_fields=["status", "delivered_at", "delivery_method", "updated_at"])
        record_event(
            actor=actor, action="case.delivered", obj=case, payload={"method": chosen.value}
        )
    return case
