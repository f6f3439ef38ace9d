from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

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
