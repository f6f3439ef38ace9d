from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.core.choices import AlertLevel


class AuditEvent(models.Model):
    """One step of the full trail (全程留痕): append-only, chained by hash once sealed.

    Writers only insert; the sealing task gives each event its place in the chain
    (``chain_seq``) and its hash, in batches, so that writers never queue behind a global lock.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.CharField(
        _("操作人"),
        max_length=120,
        help_text=_("staff:<用户名>、person:<证件号>、client:<标识> 或 system"),
    )
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象标识"), max_length=120, blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    channel = models.CharField(_("渠道"), max_length=20, blank=True)
    chain_seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64, blank=True)
    hash = models.CharField(_("哈希"), max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"]),
            # The sealer and the pending count look only at unsealed rows: a partial index keeps
            # that cheap however long the sealed chain grows.
            models.Index(
                fields=["id"], condition=models.Q(hash=""), name="core_auditevent_unsealed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor} {self.action} {self.object_id}"


class AuditChainHead(models.Model):
    """The end of the sealed chain: one row, locked only by the sealer."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    sealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.last_seq}"


class CalendarDay(models.Model):
    """A day that departs from the weekday rule or carries a name (a holiday, a make-up day).

    Days not in the table follow the weekday rule: Monday to Friday are working days.
    """

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("工作日"), help_text=_("勾选表示当天上班（含调休上班），不勾选表示放假或休息")
    )
    name = models.CharField(
        _("名称"), max_length=60, blank=True, help_text=_("如 春节、国庆节、春节调休上班")
    )
    note = models.CharField(_("备注"), max_length=200, blank=True, help_text=_("来源或说明"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("日历日")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        state = _("上班") if self.is_working_day else _("休息")
        return " ".join(filter(None, [f"{self.date:%Y-%m-%d}", self.name, f"({state})"]))

    @property
    def audit_id(self) -> str:
        return self.date.isoformat()


class CalendarYear(models.Model):
    """A year of the work calendar, and whether its official holiday notice is in the table."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(
        _("来源"),
        max_length=120,
        blank=True,
        help_text=_("如 国务院办公厅通知 或 chinese_calendar"),
    )
    complete = models.BooleanField(
        _("已完整"),
        default=False,
        help_text=_("该年全部节假日和调休已录入；未完整的年份按周一至周五推算，结果标为暂定"),
    )
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def audit_id(self) -> str:
        return str(self.year)


class SystemAlert(models.Model):
    """A problem the administrators must act on; one row per key, raised at most once."""

    key = models.CharField(
        _("键"),
        max_length=200,
        unique=True,
        help_text=_("同一问题的唯一标识，重复告警不会重复记录"),
    )
    kind = models.CharField(_("类别"), max_length=60, db_index=True)
    level = models.CharField(
        _("级别"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.WARNING
    )
    message = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("发生时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("系统告警")
        verbose_name_plural = _("系统告警")

    def __str__(self) -> str:
        return f"[{self.level}] {self.key}"

    @property
    def audit_id(self) -> str:
        return self.key

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
