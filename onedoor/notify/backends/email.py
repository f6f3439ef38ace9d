"""E-mail through Django's mail framework (``EMAIL_*`` settings, SMTP by default)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from onedoor.core.plugins import ConfigProblem
from onedoor.notify.backends.base import BACKENDS, DeliveryFailure, OutgoingMessage
from onedoor.notify.choices import Channel


@BACKENDS.register("email")
class EmailBackend:
    plugin_id = "email"
    verbose_name = "e-mail"
    channels = frozenset({Channel.EMAIL.value})

    def check_config(self) -> list[ConfigProblem]:
        if not settings.DEFAULT_FROM_EMAIL:
            return [ConfigProblem("no sender address", "set ONEDOOR_EMAIL_FROM")]
        return []

    def send(self, message: OutgoingMessage) -> str:
        # The message id as Message-ID lets a mail system drop a copy sent again after a crash.
        message_id = f"<{message.id}@onedoor>"
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[message.address],
            headers={"Message-ID": message_id},
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused:
            raise DeliveryFailure("recipient refused", permanent=True) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryFailure(f"smtp: {type(exc).__name__}") from None
        return message_id
