"""The closed vocabularies of the service hall's queue (API.md, tickets and windows)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketCategory(models.TextChoices):
    """What a ticket queues for; each has its own letter and its own rank in the calling rules."""

    GENERAL = "general", _("综合业务")
    ENTERPRISE = "enterprise", _("企业业务")
    PRIORITY = "priority", _("优先（老年人、残疾人、孕妇）")
    APPOINTMENT = "appointment", _("预约")


# The letter in front of a ticket number (A001 …), per category: readable over a loudspeaker.
TICKET_LETTERS: dict[str, str] = {
    TicketCategory.GENERAL: "A",
    TicketCategory.ENTERPRISE: "B",
    TicketCategory.PRIORITY: "P",
    TicketCategory.APPOINTMENT: "Y",
}

# Categories an appointment slot can be booked for (the ticket itself is an appointment ticket).
SLOT_CATEGORIES = (TicketCategory.GENERAL, TicketCategory.ENTERPRISE, TicketCategory.PRIORITY)


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    SERVED = "served", _("已办理")
    NO_SHOW = "no_show", _("过号")
    CANCELLED = "cancelled", _("已取消")


FINISHED_STATUSES = (TicketStatus.SERVED, TicketStatus.NO_SHOW, TicketStatus.CANCELLED)


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CHECKED_IN = "checked_in", _("已签到")
    CANCELLED = "cancelled", _("已取消")
    MISSED = "missed", _("已失约")


ACTIVE_APPOINTMENT_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)
