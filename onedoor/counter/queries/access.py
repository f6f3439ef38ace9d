"""Who may work a window or watch a hall, and the permission-checked getters (STYLE.md)."""

import datetime as dt
import uuid
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import Role, User
from onedoor.core.db import columns_of, from_row, repeating_cursor
from onedoor.core.errors import NotFound, PermissionDenied
from onedoor.counter.models import (
    Appointment,
    AppointmentSlot,
    CallingRules,
    ServicePoint,
    Ticket,
    Window,
)
from onedoor.counter.services.policy import Policy, policy_from
from onedoor.registry.models import Person
from onedoor.registry.queries import can_act_for

CODE_LENGTH = 40


def get_service_point(code: str) -> ServicePoint:
    """The service point with this code and its calling rules; 404 when unknown."""
    point = (
        ServicePoint.objects.select_related("calling_rules").filter(code=str(code)[:CODE_LENGTH])
    ).first()
    if point is None:
        raise NotFound(_("没有这个服务网点。"), service_point=str(code)[:CODE_LENGTH])
    return point


def policy_of(point: ServicePoint) -> Policy:
    """The calling rules of a point as values (the defaults when it has none)."""
    try:
        rules: CallingRules | None = point.calling_rules
    except CallingRules.DoesNotExist:
        rules = None
    return policy_from(rules)


def _grants_at(user: User, point_id: int, roles: tuple[str, ...]) -> bool:
    return any(g.role in roles and g.service_point_id == point_id for g in user.role_grants())


def may_work_window(actor: Any, window: Window) -> bool:
    """A clerk or hall manager of the window's service point, or an administrator."""
    if not isinstance(actor, User) or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return _grants_at(actor, window.service_point_id, (Role.CLERK, Role.HALL_MANAGER))


def may_watch_point(actor: Any, point: ServicePoint) -> bool:
    """Staff of the point (clerks, hall managers), supervisors and administrators."""
    if not isinstance(actor, User) or not actor.is_active:
        return False
    if actor.is_superuser or actor.has_role(Role.SUPERVISOR):
        return True
    return _grants_at(actor, point.pk, (Role.CLERK, Role.HALL_MANAGER))


def is_point_clerk(actor: Any, point_id: int) -> bool:
    return isinstance(actor, User) and _grants_at(actor, point_id, (Role.CLERK,))


def windows_for_work() -> QuerySet[Window]:
    return Window.objects.select_related("service_point__calling_rules", "current_ticket")


def access_window(actor: Any, code: str, *, for_update: bool = False) -> Window:
    """The window ``code`` for one who may work it (call, recall, transfer, close).

    404 when there is no such window; 403 for anyone but a clerk or hall manager of its
    service point or an administrator. With ``for_update`` the window's row is locked until
    the transaction ends, so one window's buttons never race each other.
    """
    if for_update and connection.vendor == "postgresql":
        window = _lock_window(str(code)[:CODE_LENGTH])
    else:
        rows = windows_for_work().filter(code=str(code)[:CODE_LENGTH])
        if for_update:
            rows = rows.select_for_update(of=("self",))
        window = rows.first()
    if window is None:
        raise NotFound(_("没有这个窗口。"), window=str(code)[:CODE_LENGTH])
    if not may_work_window(actor, window):
        raise PermissionDenied(_("只有本网点的窗口人员或大厅管理员可以操作窗口。"))
    return window


def _lock_window(code: str) -> Window | None:
    """``windows_for_work()`` for one code, its row locked, as one prepared statement: every
    press of a window's buttons starts here, and building the query cost more than running it."""
    with repeating_cursor() as cursor:
        cursor.execute(_LOCK_WINDOW_SQL, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    window, point, rules, current = from_row(row, Window, ServicePoint, CallingRules, Ticket)
    assert isinstance(window, Window) and isinstance(point, ServicePoint)
    ServicePoint.calling_rules.related.set_cached_value(point, rules)
    window.service_point = point
    window.current_ticket = current  # type: ignore[assignment]  # None or the Ticket
    return window


_LOCK_WINDOW_SQL = (
    f"SELECT {columns_of(Window, 'w')}, {columns_of(ServicePoint, 'p')}, "  # noqa: S608
    f"{columns_of(CallingRules, 'r')}, {columns_of(Ticket, 't')} "
    f"FROM {Window._meta.db_table} w "
    f"JOIN {ServicePoint._meta.db_table} p ON p.id = w.service_point_id "
    f"LEFT JOIN {CallingRules._meta.db_table} r ON r.service_point_id = p.id "
    f"LEFT JOIN {Ticket._meta.db_table} t ON t.id = w.current_ticket_id "
    "WHERE w.code = %s FOR UPDATE OF w"
)


def access_point(actor: Any, code: str) -> ServicePoint:
    """The service point ``code`` for its staff, supervisors and administrators (reports)."""
    point = get_service_point(code)
    if not may_watch_point(actor, point):
        raise PermissionDenied(_("只有本网点的工作人员、监察人员或管理员可以查看。"))
    return point


def parse_public_id(value: Any) -> uuid.UUID | None:
    """The UUID in ``value``, or None when it is not one (never raises)."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)[:64])
    except ValueError:
        return None


def get_ticket(public_id: Any) -> Ticket:
    """A ticket by its opaque id (whoever holds the id holds the ticket); 404 when unknown."""
    key = parse_public_id(public_id)
    ticket = (
        Ticket.objects.select_related("service_point__calling_rules", "window")
        .filter(public_id=key)
        .first()
        if key
        else None
    )
    if ticket is None:
        raise NotFound(_("没有这个排队号。"))
    return ticket


def get_ticket_by_number(service_point: str, number: str, day: dt.date | None = None) -> Ticket:
    """Today's (or ``day``'s) ticket with this number at a service point; 404 when unknown.

    Numbers are public (the display board calls them), so reading where a number stands needs
    no more than the number; acting on a ticket needs its opaque id.
    """
    point = get_service_point(service_point)
    ticket = (
        Ticket.objects.select_related("service_point__calling_rules", "window")
        .filter(
            service_point=point,
            day=day or timezone.localdate(),
            number=str(number).strip().upper()[:10],
        )
        .first()
    )
    if ticket is None:
        raise NotFound(_("没有这个排队号。"), number=str(number)[:10])
    return ticket


def get_appointment(public_id: Any, *, for_update: bool = False) -> Appointment:
    """An appointment by its opaque id, with its slot and service point; 404 when unknown."""
    key = parse_public_id(public_id)
    if key is None:
        raise NotFound(_("没有这个预约。"))
    rows = Appointment.objects.select_related(
        "slot__service_point__calling_rules", "person"
    ).filter(public_id=key)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    appointment = rows.first()
    if appointment is None:
        raise NotFound(_("没有这个预约。"))
    return appointment


def may_act_on_appointment(actor: Any, appointment: Appointment) -> bool:
    """Staff; the person it is for; whoever booked it; or a citizen who may act for the person."""
    if isinstance(actor, User):
        return actor.is_active
    if not isinstance(actor, Person):
        return False
    if actor.pk == appointment.person_id or appointment.booked_by == actor.audit_label:
        return True
    return can_act_for(actor, person_target=appointment.person)


def access_appointment(actor: Any, public_id: Any, *, for_update: bool = False) -> Appointment:
    """The appointment for one who may act on it; 404 for anyone else (never revealing it)."""
    appointment = get_appointment(public_id, for_update=for_update)
    if not may_act_on_appointment(actor, appointment):
        raise NotFound(_("没有这个预约。"))
    return appointment


def get_slot(public_id: Any) -> AppointmentSlot:
    """An appointment slot by its opaque id, with its service point; 404 when unknown."""
    key = parse_public_id(public_id)
    slot = (
        AppointmentSlot.objects.select_related("service_point").filter(public_id=key).first()
        if key
        else None
    )
    if slot is None:
        raise NotFound(_("没有这个预约时段。"))
    return slot
