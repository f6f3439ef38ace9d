"""The outbox (every message the platform sends) and each person's notification preferences."""

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from onedoor.notify.choices import Channel, Language, MessageStatus


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self, now: Any) -> "MessageQuerySet":
        """Messages waiting to be sent whose time has come (first attempts and retries)."""
        return self.filter(
            models.Q(status=MessageStatus.QUEUED) | models.Q(status=MessageStatus.FAILED),
            models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now),
        )


class Message(models.Model):
    """One message to one address on one channel, written in the outbox before it is sent.

    The subject and body are rendered in the recipient's language when the message is queued,
    so that what is sent is exactly what was decided inside the writing transaction.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        "registry.Person",
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        help_text=_("收件的自然人；只知地址时为空"),
    )
    address = models.CharField(
        _("地址"),
        max_length=200,
        help_text=_("手机号码、电子邮箱、微信 openid，站内消息为接收人的证件号码"),
    )
    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, help_text=_("短信、邮件、微信或站内")
    )
    backend = models.CharField(
        _("发送方式"), max_length=20, blank=True, help_text=_("实际发送所用的通道插件")
    )
    template = models.CharField(_("模板"), max_length=60, help_text=_("消息模板代码"))
    context = models.JSONField(_("模板参数"), default=dict, blank=True)
    language = models.CharField(
        _("语言"), max_length=10, choices=Language.choices, default=Language.ZH_HANS
    )
    subject = models.CharField(_("标题"), max_length=200, help_text=_("按接收人语言生成的标题"))
    body = models.TextField(_("内容"), help_text=_("按接收人语言生成的正文"))
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=MessageStatus.choices,
        default=MessageStatus.QUEUED,
        help_text=_("待发送、发送中、已发送、失败待重试、已放弃"),
    )
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    next_attempt_at = models.DateTimeField(
        _("下次发送时间"), null=True, blank=True, help_text=_("失败后按退避间隔安排的重试时间")
    )
    claimed_at = models.DateTimeField(
        _("开始发送时间"), null=True, blank=True, help_text=_("最近一次开始发送的时间")
    )
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    provider_reference = models.CharField(
        _("通道回执号"), max_length=100, blank=True, help_text=_("短信网关等返回的消息编号")
    )
    dedupe_key = models.CharField(
        _("去重键"),
        max_length=200,
        unique=True,
        help_text=_("同一键只会有一条消息，重试不会重复发送，如 case:<编号>:accepted"),
    )
    case_number = models.CharField(
        _("办件编号"), max_length=40, blank=True, db_index=True, help_text=_("相关办件")
    )
    ticket_number = models.CharField(
        _("排队号"), max_length=20, blank=True, help_text=_("相关排队号")
    )
    read_at = models.DateTimeField(
        _("阅读时间"), null=True, blank=True, help_text=_("站内消息被接收人读过的时间")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息发件箱")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_message_due"),
            models.Index(fields=["recipient", "-created_at"], name="notify_recipient"),
            models.Index(fields=["address", "-created_at"], name="notify_address"),
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.channel} ({self.get_status_display()})"


class NotifyPreference(models.Model):
    """How a person wants to be told: language, preferred channel and addresses."""

    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("自然人"),
        on_delete=models.CASCADE,
        related_name="notify_preference",
    )
    language = models.CharField(
        _("语言"),
        max_length=10,
        choices=Language.choices,
        default=Language.ZH_HANS,
        help_text=_("消息使用的语言"),
    )
    channel = models.CharField(
        _("首选渠道"),
        max_length=10,
        choices=Channel.choices,
        blank=True,
        help_text=_("为空时有手机号码发短信，否则发站内消息"),
    )
    email = models.EmailField(_("电子邮箱"), blank=True)
    wechat_openid = models.CharField(
        _("微信 openid"), max_length=64, blank=True, help_text=_("订阅消息的接收用户标识")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person_id"]
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.language} {self.channel}"
