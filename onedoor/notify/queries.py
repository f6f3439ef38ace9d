"""Reads of notifications: a person's messages, one message by its recipient, the outbox."""

import uuid
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from onedoor.core.errors import NotFound
from onedoor.notify.models import Message, MessageQuerySet
from onedoor.registry.models import Person


def _message_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound(_("没有这条消息。")) from None


def messages_of(person: Person, *, channel: str = "", unread: bool = False) -> MessageQuerySet:
    """Every message addressed to a person, newest first (the app's message centre)."""
    messages = Message.objects.filter(recipient=person).order_by("-created_at", "-id")
    if channel:
        messages = messages.filter(channel=channel)
    if unread:
        messages = messages.filter(read_at__isnull=True)
    return messages


def get_messages_page(
    person: Person, *, limit: int = 50, offset: int = 0, channel: str = "", unread: bool = False
) -> tuple[int, int, list[Message]]:
    """A person's messages: (total, unread in total, page)."""
    messages = messages_of(person, channel=channel, unread=unread)
    counts = messages.aggregate(
        total=Count("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    return counts["total"], counts["unread"], list(messages[offset : offset + limit])


def access_message(person: Person, message_id: Any) -> Message:
    """A message of the person's own; anyone else's is not found (its existence is not told)."""
    message = messages_of(person).filter(pk=_message_id(message_id)).first()
    if message is None:
        raise NotFound(_("没有这条消息。"))
    return message


def get_sent_to(address: str, *, channel: str, limit: int = 20) -> list[Message]:
    """The newest messages sent on a channel to an address or to the person with this ID
    number (the demo phone page)."""
    address = address.strip()
    if not address:
        return []
    by_person = Message.objects.filter(channel=channel, recipient__id_number=address.upper())
    by_address = Message.objects.filter(channel=channel, address=address)
    return list((by_address | by_person).order_by("-created_at", "-id")[:limit])
