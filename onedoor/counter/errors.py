"""The coded refusals of the service hall's queue; the API answers each with its status."""

from enum import StrEnum

from onedoor.core.errors import DomainError


class CounterErrorCode(StrEnum):
    INVALID_CATEGORY = "invalid_category"
    IDEMPOTENCY_KEY_CONFLICT = "idempotency_key_conflict"
    NO_CURRENT_TICKET = "no_current_ticket"
    TICKET_NOT_WAITING = "ticket_not_waiting"
    NO_SHOW_TOO_EARLY = "no_show_too_early"
    TICKET_NOT_NO_SHOW = "ticket_not_no_show"
    TICKET_NOT_TODAY = "ticket_not_today"
    REQUEUE_LIMIT_REACHED = "requeue_limit_reached"
    INVALID_TRANSFER = "invalid_transfer"
    APPOINTMENT_REQUIRED = "appointment_required"
    APPOINTMENT_NOT_ACTIVE = "appointment_not_active"
    APPOINTMENT_NOT_TODAY = "appointment_not_today"
    APPOINTMENT_OTHER_SERVICE_POINT = "appointment_other_service_point"
    CHECK_IN_TOO_EARLY = "check_in_too_early"
    SLOT_FULL = "slot_full"
    SLOT_PAST = "slot_past"
    DUPLICATE_APPOINTMENT = "duplicate_appointment"


# The HTTP status of each code; a code not listed answers 422 (bad input).
COUNTER_HTTP_STATUS: dict[str, int] = {
    CounterErrorCode.IDEMPOTENCY_KEY_CONFLICT: 409,
    CounterErrorCode.NO_CURRENT_TICKET: 409,
    CounterErrorCode.TICKET_NOT_WAITING: 409,
    CounterErrorCode.NO_SHOW_TOO_EARLY: 409,
    CounterErrorCode.TICKET_NOT_NO_SHOW: 409,
    CounterErrorCode.TICKET_NOT_TODAY: 409,
    CounterErrorCode.REQUEUE_LIMIT_REACHED: 409,
    CounterErrorCode.APPOINTMENT_NOT_ACTIVE: 409,
    CounterErrorCode.SLOT_FULL: 409,
    CounterErrorCode.DUPLICATE_APPOINTMENT: 409,
}


def counter_error(code: CounterErrorCode, message: object, **details: object) -> DomainError:
    """The refusal with this code, its HTTP status and the details given."""
    return DomainError(
        code,
        str(message),
        details=dict(details),
        status=COUNTER_HTTP_STATUS.get(code, 422),
    )
