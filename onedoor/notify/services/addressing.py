"""Who gets a message where: the channel, the address and the language, from what is known."""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from onedoor.core.errors import DomainError
from onedoor.notify.choices import Channel, Language
from onedoor.notify.errors import NotifyErrorCode

if TYPE_CHECKING:
    from onedoor.notify.models import NotifyPreference
    from onedoor.registry.models import Person

# Mainland mobile numbers, with or without +86; what the SMS channel accepts.
PHONE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Target:
    channel: str
    address: str


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def is_phone(value: str) -> bool:
    return bool(PHONE.match(normalise_phone(value)))


def _guess_channel(address: str) -> str:
    if is_phone(address):
        return Channel.SMS
    if EMAIL.match(address):
        return Channel.EMAIL
    raise DomainError(
        NotifyErrorCode.NO_ADDRESS,
        _("无法从地址判断发送渠道，请指定渠道。"),
        details={"channel": None},
    )


def _preferred_channel(recipient: "Person", preference: "NotifyPreference | None") -> str:
    if preference is not None and preference.channel:
        return preference.channel
    return Channel.SMS if is_phone(recipient.phone) else Channel.INBOX


def _address_on_file(
    channel: str, recipient: "Person", preference: "NotifyPreference | None"
) -> str:
    if channel == Channel.SMS:
        return normalise_phone(recipient.phone)
    if channel == Channel.INBOX:
        return recipient.id_number
    if preference is None:
        return ""
    return preference.email if channel == Channel.EMAIL else preference.wechat_openid


def resolve_target(
    *,
    recipient: "Person | None",
    preference: "NotifyPreference | None",
    address: str,
    channel: str | None,
) -> Target:
    """The channel and address of a message; refused when no address can be found.

    Without a channel: the person's preferred one, else SMS when a phone is known, else the
    in-site inbox; for a bare address, the channel its form implies.
    """
    if channel is not None and channel not in Channel.values:
        raise DomainError(
            NotifyErrorCode.UNKNOWN_CHANNEL, _("没有这个发送渠道。"), details={"channel": channel}
        )
    address = address.strip()
    if recipient is None:
        if not address:
            raise DomainError(NotifyErrorCode.NO_ADDRESS, _("消息没有接收人或地址。"))
        if channel == Channel.INBOX:
            raise DomainError(NotifyErrorCode.NO_ADDRESS, _("站内消息需要指定接收人。"))
        chosen = channel or _guess_channel(address)
        if chosen == Channel.SMS:
            address = normalise_phone(address)
        return Target(chosen, address)
    chosen = channel or _preferred_channel(recipient, preference)
    found = address or _address_on_file(chosen, recipient, preference)
    if channel is None and not found:
        chosen, found = Channel.INBOX, recipient.id_number
    if not found or (chosen == Channel.SMS and not is_phone(found)):
        raise DomainError(
            NotifyErrorCode.NO_ADDRESS,
            _("接收人没有这一渠道的地址。"),
            details={"channel": chosen},
        )
    return Target(chosen, normalise_phone(found) if chosen == Channel.SMS else found)


def message_language(preference: "NotifyPreference | None") -> str:
    """The person's language; else the language of the request, when the platform speaks it."""
    if preference is not None and preference.language:
        return preference.language
    active = translation.get_language() or settings.LANGUAGE_CODE
    for code, _name in settings.LANGUAGES:
        if active.lower() == code or active.lower().startswith(f"{code}-"):
            return code
    return Language.ZH_HANS


def mask_address(channel: str, address: str) -> str:
    """An address as staff lists show it: enough to tell two apart, not enough to use."""
    if channel == Channel.SMS and len(address) >= 7:
        return f"{address[:3]}****{address[-4:]}"
    if channel == Channel.EMAIL and "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if channel == Channel.INBOX:
        from onedoor.core.identifiers import mask_id_number

        return mask_id_number(address)
    return f"{address[:4]}…" if address else ""
