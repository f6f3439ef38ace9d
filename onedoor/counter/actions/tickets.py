"""Taking a ticket (取号) at a kiosk, online, in the app or from a clerk, and cancelling it."""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.catalog.choices import Channel
from onedoor.core.audit import actor_label, record_event
from onedoor.core.errors import DomainError, ErrorCode, PermissionDenied
from onedoor.core.identifiers import check_id_number
from onedoor.counter.actions.reminders import enqueue_message, remind, reminders_enabled
from onedoor.counter.choices import TICKET_LETTERS, TicketCategory, TicketStatus
from onedoor.counter.errors import CounterErrorCode, counter_error
from onedoor.counter.models import Appointment, ServicePoint, Ticket, TicketSequence
from onedoor.counter.queries.access import get_service_point, get_ticket, policy_of
from onedoor.counter.queries.queue import get_ticket_position
from onedoor.counter.services.policy import MAX_NOTIFY_POSITION
from onedoor.registry.models import Person

ANONYMOUS = "anonymous"
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,18}[0-9]$")


@dataclass(frozen=True, slots=True)
class TicketRequest:
    """What a ticket is asked for, already checked (the body of ``POST tickets``)."""

    point: ServicePoint
    category: str
    lane: str
    channel: str
    id_number: str = ""
    person: Person | None = None
    phone: str = ""
    notify_position: int | None = None
    appointment: Appointment | None = None
    on_time: bool | None = None
    queued_at: dt.datetime | None = None


def issue_ticket(
    *,
    actor: Any,
    service_point: str,
    category: str = TicketCategory.GENERAL,
    id_number: str = "",
    channel: str,
    appointment: str = "",
    idempotency_key: str = "",
    phone: str = "",
    notify_position: int | None = None,
) -> Ticket:
    """Issue the next ticket of a category at a service point, numbered A001 … per day.

    ``actor`` is the staff user or citizen taking it, or None at an anonymous kiosk. With an
    ``appointment`` (or the appointment category and the ID number of a person booked for
    today) the appointment is checked in instead. The same ``idempotency_key`` (scoped to the
    actor) with the same request returns the same ticket; with another request it is refused.
    """
    from onedoor.counter.actions.appointments import check_in_appointment, todays_appointment

    scope = actor_label(actor) if actor is not None else ANONYMOUS
    fingerprint = _fingerprint(
        service_point, category, id_number, channel, appointment, phone, notify_position
    )
    if idempotency_key and (replay := _replay(scope, idempotency_key, fingerprint)):
        return replay
    point = get_service_point(service_point)
    category = _category(category or TicketCategory.GENERAL, appointment)
    _check_channel(actor, channel)
    id_number = check_id_number(id_number).value if id_number else ""
    if category == TicketCategory.APPOINTMENT:
        booking = appointment or todays_appointment(point, id_number)
        return check_in_appointment(
            actor=actor, appointment=booking, channel=channel, service_point=point.code
        )
    request = TicketRequest(
        point=point,
        category=category,
        lane=category,
        channel=channel,
        id_number=id_number,
        person=Person.objects.filter(id_number=id_number).first() if id_number else None,
        phone=_phone(phone),
        notify_position=_notify_position(notify_position),
    )
    try:
        return create_ticket(
            request, actor=actor, idempotency=(scope, idempotency_key, fingerprint)
        )
    except IntegrityError:
        # A double tap with the same key won the race: answer with its ticket.
        if idempotency_key and (replay := _replay(scope, idempotency_key, fingerprint)):
            return replay
        raise


def create_ticket(
    request: TicketRequest, *, actor: Any, idempotency: tuple[str, str, str] = ("", "", "")
) -> Ticket:
    """Write a checked ticket request: draw its number, queue it, record it, remind if due."""
    scope, key, fingerprint = idempotency
    now = timezone.now()
    point = request.point
    day = timezone.localdate(now)
    number = _draw_number(point, day, request.category)
    with transaction.atomic():
        ticket = Ticket.objects.create(
            service_point=point,
            day=day,
            number=number,
            category=request.category,
            lane=request.lane,
            channel=request.channel,
            id_number=request.id_number,
            person=request.person,
            phone=request.phone,
            appointment=request.appointment,
            on_time=request.on_time,
            issued_at=now,
            queued_at=request.queued_at or now,
            notify_position=request.notify_position,
            issued_by=actor_label(actor) if actor is not None else ANONYMOUS,
            idempotency_scope=scope if key else "",
            idempotency_key=key or None,
            request_hash=fingerprint,
        )
        record_event(
            actor=actor or ANONYMOUS,
            action="counter.ticket_issued",
            obj=ticket,
            channel=request.channel,
            payload={
                "service_point": point.code,
                "number": ticket.number,
                "category": ticket.category,
                "lane": ticket.lane,
                "appointment": str(request.appointment.public_id) if request.appointment else None,
            },
        )
        _remind_at_issue(ticket, now)
    return ticket


def cancel_ticket(*, actor: Any, ticket: str) -> Ticket:
    """Give up a waiting ticket (the holder, by its id); cancelling twice is no error."""
    with transaction.atomic():
        found = get_ticket(ticket)
        locked = Ticket.objects.select_for_update().get(pk=found.pk)
        found.status = locked.status
        if found.status == TicketStatus.CANCELLED:
            return found
        if found.status != TicketStatus.WAITING:
            raise counter_error(
                CounterErrorCode.TICKET_NOT_WAITING,
                _("这个号已叫过或已结束，不能取消。"),
                status=found.status,
            )
        found.status = TicketStatus.CANCELLED
        found.finished_at = timezone.now()
        found.save(update_fields=["status", "finished_at", "updated_at"])
        record_event(
            actor=actor or ANONYMOUS,
            action="counter.ticket_cancelled",
            obj=found,
            payload={"service_point": found.service_point.code, "number": found.number},
        )
    return found


# ------------------------------------------------------------------ checks


def _fingerprint(*values: Any) -> str:
    body = json.dumps([str(v) if v is not None else None for v in values], ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _replay(scope: str, key: str, fingerprint: str) -> Ticket | None:
    ticket = (
        Ticket.objects.select_related("service_point__calling_rules")
        .filter(idempotency_scope=scope, idempotency_key=key)
        .first()
    )
    if ticket is None:
        return None
    if ticket.request_hash != fingerprint:
        raise counter_error(
            CounterErrorCode.IDEMPOTENCY_KEY_CONFLICT,
            _("这个幂等键已用于另一次取号。"),
            number=ticket.number,
        )
    return ticket


def _category(category: str, appointment: str) -> str:
    if appointment:
        category = TicketCategory.APPOINTMENT
    if category not in TicketCategory.values:
        raise counter_error(
            CounterErrorCode.INVALID_CATEGORY,
            _("没有这个取号类别。"),
            category=str(category)[:40],
            allowed=list(TicketCategory.values),
        )
    return category


def _check_channel(actor: Any, channel: str) -> None:
    from onedoor.accounts.models import User

    if channel not in Channel.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("未知的渠道。"),
            details={"fields": {"channel": ", ".join(Channel.values)}},
        )
    if channel == Channel.WINDOW and not isinstance(actor, User):
        raise PermissionDenied(_("窗口取号由工作人员操作。"))


def _phone(phone: str) -> str:
    phone = (phone or "").strip()
    if phone and not _PHONE.match(phone):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("手机号码格式不正确。"),
            details={"fields": {"phone": _("请填写手机号码")}},
        )
    return phone


def _notify_position(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_NOTIFY_POSITION:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("提醒位次应在 1 到 %(max)s 之间。") % {"max": MAX_NOTIFY_POSITION},
            details={"fields": {"notify_position": f"1..{MAX_NOTIFY_POSITION}"}},
        )
    return value


# ------------------------------------------------------------------ writing


def _draw_number(point: ServicePoint, day: dt.date, category: str) -> str:
    """The next number of the category today, drawn in a transaction of its own.

    Every ticket of a category at a point takes this row's lock, so it is held only for the
    draw, not for the rest of the ticket's writing: kiosks issuing at the same moment queue
    for a millisecond, not for a whole request. A number whose ticket then fails to be
    written (a double tap's twin) is skipped, never given twice.
    """
    rows = TicketSequence.objects.filter(service_point=point, day=day, category=category)
    with transaction.atomic():
        if not rows.update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    TicketSequence.objects.create(
                        service_point=point, day=day, category=category, last=1
                    )
                return f"{TICKET_LETTERS[category]}{1:03d}"
            except IntegrityError:  # another ticket drew the day's first number meanwhile
                rows.update(last=F("last") + 1)
        last = rows.values_list("last", flat=True).get()
    return f"{TICKET_LETTERS[category]}{last:03d}"


def _remind_at_issue(ticket: Ticket, now: dt.datetime) -> None:
    """A holder who can be reached and is already within their position hears it now."""
    if not (ticket.person_id or ticket.phone) or not reminders_enabled():
        return
    policy = policy_of(ticket.service_point)
    threshold = ticket.notify_position or policy.notify_position
    if threshold <= 0:
        return
    position = get_ticket_position(ticket, now=now)
    if position is None or position > threshold:
        return
    enqueue = enqueue_message()
    if enqueue is not None:
        remind(enqueue, ticket, position, ticket.service_point)
        ticket.notified_at = now
        ticket.save(update_fields=["notified_at"])
