from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertLevel(models.TextChoices):
    INFO = "info", _("提示")
    WARNING = "warning", _("警告")
    CRITICAL = "critical", _("严重")


class AlertKind(models.TextChoices):
    """What an alert is about; a kind groups alerts in the admin."""

    CALENDAR_UNKNOWN_YEAR = "calendar_unknown_year", _("工作日历缺少年份")
    AUDIT_CHAIN_BROKEN = "audit_chain_broken", _("审计链校验失败")


class DayKind(models.TextChoices):
    """A line of a holiday notice: a day off, or a day worked (调休上班)."""

    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("上班")
