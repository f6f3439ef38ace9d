"""Appointments (预约): slots opened from the hall's rules, booking and cancelling online,
and checking in on arrival, which issues the appointment ticket."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.models import User
from onedoor.catalog.choices import Channel
from onedoor.core.audit import actor_label, record_event
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.core.identifiers import check_id_number
from onedoor.core.services.calendar import is_working_day
from onedoor.counter.actions.tickets import ANONYMOUS, TicketRequest, create_ticket
from onedoor.counter.choices import AppointmentStatus, TicketCategory
from onedoor.counter.errors import CounterErrorCode, counter_error
from onedoor.counter.models import Appointment, AppointmentSlot, ServicePoint, Ticket
from onedoor.counter.queries.access import (
    access_appointment,
    get_appointment,
    get_service_point,
    get_slot,
    parse_public_id,
    policy_of,
)
from onedoor.counter.services.policy import Policy, parse_hours
from onedoor.registry.models import Person
from onedoor.registry.queries import can_act_for


def open_appointment_slots(*, actor: Any, service_point: str, day: dt.date) -> int:
    """Open the day's slots of a service point from its rules; return how many were new.

    Idempotent: a slot that exists is left as it is (its bookings and capacity included).
    """
    point = get_service_point(service_point)
    wanted = _slots_of_day(point, policy_of(point), day)
    if not wanted:
        return 0
    with transaction.atomic():
        existing = set(
            AppointmentSlot.objects.filter(service_point=point, day=day).values_list(
                "category", "starts_at"
            )
        )
        new = [s for s in wanted if (s.category, s.starts_at) not in existing]
        AppointmentSlot.objects.bulk_create(new, ignore_conflicts=True)
        if new:
            record_event(
                actor=actor,
                action="counter.appointment_slots_opened",
                obj=point,
                object_id=point.code,
                payload={"day": day.isoformat(), "slots": len(new)},
            )
    return len(new)


def open_slots_ahead(*, actor: Any = "system:counter", today: dt.date | None = None) -> int:
    """Open every service point's slots for the working days its rules open ahead."""
    today = today or timezone.localdate()
    opened = 0
    for point in ServicePoint.objects.select_related("calling_rules").order_by("code"):
        days = policy_of(point).appointment_days_ahead
        for offset in range(days + 1):
            day = today + dt.timedelta(days=offset)
            if is_working_day(day):
                opened += open_appointment_slots(actor=actor, service_point=point.code, day=day)
    return opened


def _slots_of_day(point: ServicePoint, policy: Policy, day: dt.date) -> list[AppointmentSlot]:
    if policy.appointment_capacity <= 0 or policy.appointment_slot_minutes <= 0:
        return []
    step = dt.timedelta(minutes=policy.appointment_slot_minutes)
    slots: list[AppointmentSlot] = []
    for start, end in parse_hours(policy.appointment_hours):
        at = dt.datetime.combine(day, start)
        while at + step <= dt.datetime.combine(day, end):
            slots.extend(
                AppointmentSlot(
                    service_point=point,
                    category=category,
                    day=day,
                    starts_at=at.time(),
                    ends_at=(at + step).time(),
                    capacity=policy.appointment_capacity,
                )
                for category in policy.bookable_categories()
            )
            at += step
    return slots


def book_appointment(
    *,
    actor: User | Person,
    slot: str,
    id_number: str = "",
    phone: str = "",
    channel: str = Channel.ONLINE,
    idempotency_key: str = "",
) -> Appointment:
    """Book a slot for a person: a citizen for themself (or one they may act for), staff for
    anyone in the registry. Full slots, past slots and a second booking the same day at the
    same point are refused; the same ``idempotency_key`` returns the same booking."""
    scope = actor_label(actor)
    if idempotency_key and (replay := _replay(scope, idempotency_key, slot, id_number)):
        return replay
    found = get_slot(slot)
    person = _person_for(actor, id_number)
    _check_bookable(found)
    try:
        with transaction.atomic():
            _check_no_other_booking(person, found)
            taken = AppointmentSlot.objects.filter(pk=found.pk, booked__lt=F("capacity")).update(
                booked=F("booked") + 1
            )
            if not taken:
                raise counter_error(
                    CounterErrorCode.SLOT_FULL, _("这个时段已约满。"), slot=str(found.public_id)
                )
            appointment = Appointment.objects.create(
                slot=found,
                person=person,
                phone=(phone or "").strip()[:20],
                channel=channel if channel in Channel.values else Channel.ONLINE,
                booked_by=scope,
                idempotency_scope=scope if idempotency_key else "",
                idempotency_key=idempotency_key or None,
            )
            _record(actor, "counter.appointment_booked", appointment)
    except IntegrityError:
        if idempotency_key and (replay := _replay(scope, idempotency_key, slot, id_number)):
            return replay
        raise _duplicate() from None
    return appointment


def cancel_appointment(*, actor: User | Person, appointment: str) -> Appointment:
    """Cancel a booking and free its place; cancelling twice is no error."""
    with transaction.atomic():
        found = access_appointment(actor, appointment, for_update=True)
        if found.status == AppointmentStatus.CANCELLED:
            return found
        if found.status != AppointmentStatus.BOOKED:
            raise counter_error(
                CounterErrorCode.APPOINTMENT_NOT_ACTIVE,
                _("这个预约已签到或已失约，不能取消。"),
                status=found.status,
            )
        found.status = AppointmentStatus.CANCELLED
        found.cancelled_at = timezone.now()
        found.save(update_fields=["status", "cancelled_at", "updated_at"])
        AppointmentSlot.objects.filter(pk=found.slot_id, booked__gt=0).update(
            booked=F("booked") - 1
        )
        _record(actor, "counter.appointment_cancelled", found)
    return found


def check_in_appointment(
    *, actor: Any, appointment: str, channel: str = Channel.KIOSK, service_point: str = ""
) -> Ticket:
    """Check in on arrival (kiosk or clerk): issue the appointment ticket, once.

    From ``appointment_early_minutes`` before the slot; until ``appointment_grace_minutes``
    after its start the ticket goes ahead in the appointment queue (from the slot's start),
    later it queues as a general ticket. Checking in again returns the same ticket.
    """
    now = timezone.now()
    with transaction.atomic():
        found = get_appointment(appointment, for_update=True)
        point = found.slot.service_point
        if service_point and service_point != point.code:
            raise counter_error(
                CounterErrorCode.APPOINTMENT_OTHER_SERVICE_POINT,
                _("这个预约不在本网点。"),
                service_point=point.code,
            )
        if found.status == AppointmentStatus.CHECKED_IN:
            return Ticket.objects.select_related("service_point").get(appointment=found)
        if found.status != AppointmentStatus.BOOKED:
            raise counter_error(
                CounterErrorCode.APPOINTMENT_NOT_ACTIVE,
                _("这个预约已取消或已失约。"),
                status=found.status,
            )
        request = _check_in_request(found, point, channel, now)
        ticket = create_ticket(request, actor=actor)
        found.status = AppointmentStatus.CHECKED_IN
        found.checked_in_at = now
        found.save(update_fields=["status", "checked_in_at", "updated_at"])
        _record(actor or ANONYMOUS, "counter.appointment_checked_in", found, ticket=ticket.number)
    return ticket


def todays_appointment(point: ServicePoint, id_number: str) -> str:
    """The id of the person's booked appointment today at the point (for the kiosk's
    "I have an appointment" button); refused when there is none."""
    found = None
    if id_number:
        found = (
            Appointment.objects.filter(
                person__id_number=id_number,
                slot__service_point=point,
                slot__day=timezone.localdate(),
                status__in=[AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN],
            )
            .order_by("slot__starts_at")
            .first()
        )
    if found is None:
        raise counter_error(
            CounterErrorCode.APPOINTMENT_REQUIRED,
            _("预约号须凭当天在本网点的预约签到取得。"),
        )
    return str(found.public_id)


def sweep_missed_appointments(*, today: dt.date | None = None) -> int:
    """Mark the bookings of past days never checked in as missed; return how many."""
    today = today or timezone.localdate()
    with transaction.atomic():
        missed = Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, slot__day__lt=today
        ).update(status=AppointmentStatus.MISSED, updated_at=timezone.now())
        if missed:
            record_event(
                actor="system:counter",
                action="counter.appointments_missed",
                object_type="counter.appointment",
                payload={"before": today.isoformat(), "count": missed},
            )
    return missed


# ------------------------------------------------------------------ steps


def _check_in_request(
    found: Appointment, point: ServicePoint, channel: str, now: dt.datetime
) -> TicketRequest:
    slot = found.slot
    today = timezone.localdate(now)
    if slot.day != today:
        raise counter_error(
            CounterErrorCode.APPOINTMENT_NOT_TODAY,
            _("这个预约不是今天的。"),
            day=slot.day.isoformat(),
        )
    policy = policy_of(point)
    tz = timezone.get_current_timezone()
    starts = dt.datetime.combine(slot.day, slot.starts_at, tzinfo=tz)
    opens = starts - dt.timedelta(minutes=policy.appointment_early_minutes)
    if now < opens:
        raise counter_error(
            CounterErrorCode.CHECK_IN_TOO_EARLY,
            _("请于 %(time)s 后签到。") % {"time": timezone.localtime(opens).strftime("%H:%M")},
            opens_at=opens.isoformat(),
        )
    on_time = now <= starts + dt.timedelta(minutes=policy.appointment_grace_minutes)
    return TicketRequest(
        point=point,
        category=TicketCategory.APPOINTMENT,
        lane=TicketCategory.APPOINTMENT if on_time else TicketCategory.GENERAL,
        channel=channel if channel in Channel.values else Channel.KIOSK,
        id_number=found.person.id_number,
        person=found.person,
        phone=found.phone,
        appointment=found,
        on_time=on_time,
        queued_at=max(now, starts) if on_time else now,
    )


def _person_for(actor: User | Person, id_number: str) -> Person:
    if isinstance(actor, Person):
        if not id_number or check_id_number(id_number).value == actor.id_number:
            return actor
    elif not id_number:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("请提供预约人的身份证件号码。"),
            details={"fields": {"id_number": _("必填")}},
        )
    person = Person.objects.filter(id_number=check_id_number(id_number).value).first()
    if person is None:
        raise NotFound(_("自然人库中没有此人。"))
    if isinstance(actor, Person) and not can_act_for(actor, person_target=person):
        raise PermissionDenied(_("您不能为此人预约。"))
    return person


def _check_bookable(slot: AppointmentSlot) -> None:
    tz = timezone.get_current_timezone()
    if dt.datetime.combine(slot.day, slot.ends_at, tzinfo=tz) <= timezone.now():
        raise counter_error(
            CounterErrorCode.SLOT_PAST, _("这个时段已过。"), slot=str(slot.public_id)
        )


def _check_no_other_booking(person: Person, slot: AppointmentSlot) -> None:
    if Appointment.objects.filter(
        person=person,
        slot__service_point_id=slot.service_point_id,
        slot__day=slot.day,
        status__in=[AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN],
    ).exists():
        raise _duplicate()


def _duplicate() -> DomainError:
    return counter_error(CounterErrorCode.DUPLICATE_APPOINTMENT, _("此人当天在本网点已有预约。"))


def _replay(scope: str, key: str, slot: str, id_number: str) -> Appointment | None:
    found = (
        Appointment.objects.select_related("slot__service_point", "person")
        .filter(idempotency_scope=scope, idempotency_key=key)
        .first()
    )
    if found is None:
        return None
    same_person = not id_number or id_number.strip().upper() == found.person.id_number
    if parse_public_id(slot) != found.slot.public_id or not same_person:
        raise counter_error(
            CounterErrorCode.IDEMPOTENCY_KEY_CONFLICT,
            _("这个幂等键已用于另一次预约。"),
            appointment=str(found.public_id),
        )
    return found


def _record(actor: Any, action: str, appointment: Appointment, **extra: Any) -> None:
    slot = appointment.slot
    record_event(
        actor=actor,
        action=action,
        obj=appointment,
        channel=appointment.channel,
        payload={
            "service_point": slot.service_point.code,
            "day": slot.day.isoformat(),
            "starts_at": slot.starts_at.strftime("%H:%M"),
            "category": slot.category,
            **extra,
        },
    )
