"""The closed vocabularies of notifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a message reaches its recipient."""

    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    WECHAT = "wechat", _("微信订阅消息")
    INBOX = "inbox", _("站内消息")


class MessageStatus(models.TextChoices):
    """Where a message is in the outbox.

    ``failed`` means the last attempt failed and another is scheduled at ``next_attempt_at``;
    ``gave_up`` is final.
    """

    QUEUED = "queued", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败待重试")
    GAVE_UP = "gave_up", _("已放弃")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", _("简体中文")
    EN = "en", _("English")
