"""The appointment slots a service point offers."""

import datetime as dt

from django.utils.translation import gettext as _

from onedoor.counter.choices import SLOT_CATEGORIES
from onedoor.counter.errors import CounterErrorCode, counter_error
from onedoor.counter.models import AppointmentSlot, ServicePoint


def get_slots(
    point: ServicePoint, day: dt.date, category: str | None = None
) -> list[AppointmentSlot]:
    """The day's slots of the point (of one category if given), earliest first; one query."""
    slots = AppointmentSlot.objects.filter(service_point=point, day=day)
    if category:
        if category not in SLOT_CATEGORIES:
            raise counter_error(
                CounterErrorCode.INVALID_CATEGORY,
                _("这个类别不能预约。"),
                category=str(category)[:40],
                allowed=list(SLOT_CATEGORIES),
            )
        slots = slots.filter(category=category)
    return list(slots.order_by("starts_at", "category"))
