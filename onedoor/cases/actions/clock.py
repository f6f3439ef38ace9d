"""The case clock: deadlines in working days (or calendar days) from acceptance, their
extension (延期), and the sweep that cards clocks turning yellow or red (电子监察)."""

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.cases.actions.stages import copy_deadline_to_tasks
from onedoor.cases.choices import (
    OPEN_STATUSES,
    CaseAlertKind,
    ClockColor,
    ClockState,
    CommitmentKind,
    MaterialState,
)
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.models import Case, CaseMaterial
from onedoor.cases.services.clock import read_clock
from onedoor.cases.services.spec import ApplicationSpec, MemberSpec
from onedoor.catalog.models import MatterVersion
from onedoor.core.actions import raise_alert
from onedoor.core.audit import record_event
from onedoor.core.choices import AlertLevel
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.core.models import SystemAlert
from onedoor.core.services.calendar import add_calendar_days, add_working_days
from onedoor.notify.case_messages import tell_commitment_overdue

logger = logging.getLogger(__name__)


def _due(start: dt.date, days: int, unit: str) -> tuple[dt.date, bool]:
    counted = add_calendar_days if unit == "calendar_days" else add_working_days
    result = counted(start, days)
    return result.date, result.provisional


def _latest(start: dt.date, members: list[MemberSpec], days_of: str) -> tuple[dt.date | None, bool]:
    dues = [_due(start, getattr(m, days_of), m.limit_unit) for m in members]
    if not dues:
        return None, False
    return max(d for d, _p in dues), any(p for _d, p in dues)


def start_clock(case: Case, spec: ApplicationSpec, accepted_on: dt.date) -> None:
    """Set the promised and statutory deadlines; a bundle's is its longest matter's.

    The day of acceptance is not counted (the legal rule). The caller saves the case.
    """
    case.deadline, provisional = _latest(accepted_on, spec.members, "promised_days")
    case.statutory_deadline, statutory_provisional = _latest(
        accepted_on, spec.members, "statutory_days"
    )
    case.deadline_provisional = provisional or statutory_provisional
    case.clock_state = ClockState.RUNNING


# ------------------------------------------------------------------ extension (延期)

REASON_MAX_LENGTH = 500
EXTENDABLE_CLOCKS = (ClockState.RUNNING, ClockState.PAUSED)


def extension_limit(case: Case) -> int:
    """The statutory extension the case's matter allows, in the case's unit of days.

    A bundle has one clock, so it may be extended only as far as every one of its matters'
    laws allows: the smallest of their extensions.
    """
    if case.matter_version_id is not None:
        return case.matter_version.extension_days  # type: ignore[union-attr]  # set: checked id
    codes = [m["code"] for m in case.members]
    on = timezone.localtime(case.accepted_at).date() if case.accepted_at else timezone.localdate()
    allowed: dict[str, int] = {}
    rows = (
        MatterVersion.objects.in_force(on)
        .filter(matter__code__in=codes)
        .order_by("version")
        .values_list("matter__code", "extension_days")
    )
    for code, days in rows:
        allowed[code] = days  # the newest version in force wins
    if not codes or set(allowed) != set(codes):
        return 0
    return min(allowed.values())


def check_may_extend(case: Case, actor: Any) -> None:
    """A supervisor, or an approver of a department that decides the case."""
    if not isinstance(actor, User):
        raise PermissionDenied(_("只有审批部门或监察人员可以延长办理时限。"))
    departments = {m["department"] for m in case.members} | {case.department.code}
    if actor.has_role(Role.SUPERVISOR) or any(
        actor.has_role(Role.APPROVER, department_code=code) for code in departments
    ):
        return
    raise PermissionDenied(_("只有审批部门或监察人员可以延长办理时限。"))


def _check_extension(case: Case, days: int, reason: str) -> None:
    if days < 1:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("延长天数至少为 1 天。"),
            details={"fields": {"days": _("至少为 1")}},
        )
    if not reason:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("延长办理时限须写明理由。"),
            details={"fields": {"reason": _("必填")}},
        )
    if case.clock_state not in EXTENDABLE_CLOCKS or not case.is_open or case.deadline is None:
        raise DomainError(
            CaseErrorCode.EXTENSION_NOT_ALLOWED,
            _("办件不在计时中，不能延长办理时限。"),
            details={"case": case.number, "status": case.status, "clock": case.clock_state},
            status=409,
        )
    limit = extension_limit(case)
    if case.extended_days + days > limit:
        raise DomainError(
            CaseErrorCode.EXTENSION_NOT_ALLOWED,
            _("延长时限超过法定可延长的 %(limit)s 天（已延长 %(used)s 天）。")
            % {"limit": limit, "used": case.extended_days},
            details={"limit": limit, "extended_days": case.extended_days, "days": days},
            status=409,
        )


def extend_deadline(number: str, *, actor: Any, days: int, reason: str) -> Case:
    """Extend a running or paused clock by ``days`` (延期), within the statutory extension.

    The promised and the statutory deadlines both move by that many days of the case's unit.
    """
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("department", "matter_version")
            .filter(number=str(number)[:24])
            .first()
        )
        if case is None:
            raise NotFound(_("没有这个办件。"), case=str(number)[:24])
        check_may_extend(case, actor)
        _check_extension(case, days, reason)
        assert case.deadline is not None
        case.deadline, provisional = _due(case.deadline, days, case.limit_unit)
        if case.statutory_deadline is not None:
            case.statutory_deadline, statutory_provisional = _due(
                case.statutory_deadline, days, case.limit_unit
            )
            provisional = provisional or statutory_provisional
        case.deadline_provisional = case.deadline_provisional or provisional
        case.extended_days += days
        case.save(
            update_fields=[
                "deadline",
                "statutory_deadline",
                "deadline_provisional",
                "extended_days",
                "updated_at",
            ]
        )
        copy_deadline_to_tasks(case)
        record_event(
            actor=actor,
            action="case.deadline_extended",
            obj=case,
            payload={
                "days": days,
                "extended_days": case.extended_days,
                "reason": reason,
                "deadline": case.deadline.isoformat(),
            },
        )
    return case


# ------------------------------------------------------------------ the clock sweep (电子监察)

# A case turns yellow when a third of its days are left at most; no limit the catalog holds
# comes near 180 working days, so a case whose deadline is more than 60 working days off (well
# within 100 plain days, the longest holidays included) cannot be yellow. Plain days keep the
# candidate query free of the work calendar.
YELLOW_HORIZON_DAYS = 100
# Bounded work per run: the most urgent first; what is left waits for the next run.
MAX_CASES_PER_RUN = 5000
MAX_ALERTS_PER_RUN = 200


@dataclass(frozen=True, slots=True)
class SweepResult:
    checked: int
    yellow: int
    red: int
    commitments: int


def yellow_alert_key(number: str) -> str:
    return f"case-yellow:{number}"


def red_alert_key(number: str) -> str:
    return f"case-red:{number}"


def commitment_alert_key(number: str, material: str) -> str:
    return f"case-commitment-overdue:{number}:{material}"


def _alerted(prefix: str, *parts: Any) -> Exists:
    key = Concat(Value(prefix), *parts, output_field=CharField())
    return Exists(SystemAlert.objects.filter(key=key))


def _clock_candidates(today: dt.date) -> list[tuple[Any, ...]]:
    """Running clocks that may have turned yellow or red since they were last alerted.

    One query on the (clock_state, deadline) index; a case already carded red is done, and
    one carded yellow comes back only once its deadline has passed.
    """
    horizon = today + dt.timedelta(days=YELLOW_HORIZON_DAYS)
    return list(
        Case.objects.filter(
            clock_state=ClockState.RUNNING, deadline__isnull=False, deadline__lte=horizon
        )
        .annotate(
            red_alerted=_alerted("case-red:", OuterRef("number")),
            yellow_alerted=_alerted("case-yellow:", OuterRef("number")),
        )
        .filter(Q(red_alerted=False) & (Q(yellow_alerted=False) | Q(deadline__lt=today)))
        .order_by("deadline", "id")
        .values_list(
            "number",
            "name",
            "accepted_at",
            "deadline",
            "promised_days",
            "extended_days",
            "paused_days",
            "limit_unit",
            "yellow_alerted",
        )[:MAX_CASES_PER_RUN]
    )


def _colour(row: tuple[Any, ...], today: dt.date) -> str:
    _number, _name, accepted_at, deadline, promised, extended, paused, unit, _y = row
    return read_clock(
        state=ClockState.RUNNING,
        accepted_on=timezone.localtime(accepted_at).date() if accepted_at else None,
        deadline=deadline,
        promised_days=promised + extended,
        paused_days=paused,
        paused_since=None,
        stopped_on=None,
        unit=unit,
        today=today,
    ).color


def _card(row: tuple[Any, ...], colour: str) -> None:
    number, name, _accepted, deadline, *_rest = row
    values = {"number": number, "name": name, "deadline": deadline.isoformat()}
    if colour == ClockColor.RED:
        raise_alert(
            red_alert_key(number),
            CaseAlertKind.CLOCK_RED,
            _("红牌：办件 %(number)s（%(name)s）已超过承诺办结日期 %(deadline)s。") % values,
            level=AlertLevel.CRITICAL,
        )
    else:
        raise_alert(
            yellow_alert_key(number),
            CaseAlertKind.CLOCK_YELLOW,
            _("黄牌：办件 %(number)s（%(name)s）临近承诺办结日期 %(deadline)s。") % values,
            level=AlertLevel.WARNING,
        )


def _overdue_commitments(today: dt.date, limit: int) -> list[tuple[Any, ...]]:
    return list(
        CaseMaterial.objects.filter(
            due__lt=today,
            state=MaterialState.COMMITMENT,
            commitment=CommitmentKind.TOLERANT,
            case__status__in=OPEN_STATUSES,
        )
        .annotate(
            alerted=_alerted(
                "case-commitment-overdue:", OuterRef("case__number"), Value(":"), OuterRef("code")
            )
        )
        .filter(alerted=False)
        .order_by("due", "id")
        .values_list("case__number", "code", "name", "due")[:limit]
    )


def _alert_commitment(number: str, code: str, name: str, due: dt.date) -> None:
    # The message first: if the alert is not raised, the next sweep tries both again.
    tell_commitment_overdue(number, code=code, material=name, due=due)
    raise_alert(
        commitment_alert_key(number, code),
        CaseAlertKind.COMMITMENT_OVERDUE,
        _("办件 %(number)s 容缺承诺的材料“%(material)s”应于 %(due)s 前补交，至今未补。")
        % {"number": number, "material": name, "due": due.isoformat()},
        level=AlertLevel.WARNING,
    )


def sweep_clocks(today: dt.date | None = None) -> SweepResult:
    """Card the running clocks that turned yellow or red, and the overdue commitments.

    Idempotent: each card is an alert with its own key, raised once.
    """
    today = today or timezone.localdate()
    rows = _clock_candidates(today)
    budget, yellow, red = MAX_ALERTS_PER_RUN, 0, 0
    for row in rows:
        if budget <= 0:
            break
        colour = _colour(row, today)
        if colour == ClockColor.RED or (colour == ClockColor.YELLOW and not row[-1]):
            _card(row, colour)
            budget -= 1
            red, yellow = red + (colour == ClockColor.RED), yellow + (colour == ClockColor.YELLOW)
    overdue = _overdue_commitments(today, budget) if budget > 0 else []
    for number, code, name, due in overdue:
        _alert_commitment(number, code, name, due)
    result = SweepResult(checked=len(rows), yellow=yellow, red=red, commitments=len(overdue))
    if yellow or red or overdue:
        logger.info("clock sweep raised alerts", extra={"result": result})
    return result
