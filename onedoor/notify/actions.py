"""Writes of notifications: the outbox (enqueue), sending with claims and retries, the inbox.

``enqueue_message`` writes into the caller's transaction (a transactional outbox): a message
exists if and only if what it tells of was committed, and it is handed to the worker only after
the commit. Its ``dedupe_key`` is unique, so no retry of anything ever makes a second message.
"""

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from onedoor.core.actions import raise_alert
from onedoor.core.audit import record_event
from onedoor.core.choices import AlertLevel
from onedoor.core.db import insert_rows
from onedoor.core.errors import DomainError, ErrorCode, NotFound
from onedoor.core.plugins import UnknownPlugin
from onedoor.notify.backends import DeliveryFailure, OutgoingMessage, backend_for
from onedoor.notify.choices import Channel, Language, MessageStatus
from onedoor.notify.errors import NotifyErrorCode
from onedoor.notify.models import Message, NotifyPreference
from onedoor.notify.services.addressing import EMAIL, message_language, resolve_target
from onedoor.notify.services.backoff import MAX_ATTEMPTS, next_attempt_after
from onedoor.notify.services.rendering import normalise_context, render
from onedoor.registry.models import Person

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MessageSpec:
    """One message to enqueue: enqueue_message's keywords."""

    template: str
    context: dict[str, Any]
    dedupe_key: str
    recipient: Person | None = None
    address: str = ""
    channel: str | None = None
    case_number: str = ""
    ticket_number: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def enqueue_message(
    *,
    actor: Any,
    recipient: Person | None = None,
    address: str = "",
    channel: str | None = None,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    case_number: str = "",
    ticket_number: str = "",
) -> Message:
    """Write one message into the outbox, in the caller's transaction; sent after commit.

    ``channel`` None: the recipient's preferred channel (SMS when a phone is known, else the
    in-site inbox). The same ``dedupe_key`` again returns the message already written and
    writes nothing. Bad input (unknown template, a placeholder without a value, no address)
    raises a coded ``DomainError`` before anything is written.
    """
    spec = MessageSpec(
        template=template,
        context=context,
        dedupe_key=dedupe_key,
        recipient=recipient,
        address=address,
        channel=channel,
        case_number=case_number,
        ticket_number=ticket_number,
    )
    return enqueue_messages(actor=actor, specs=[spec])[0]


def enqueue_messages(
    *, actor: Any, specs: Sequence[MessageSpec], new_keys: bool = False
) -> list[Message]:
    """Write several messages at once (one event's recipients) in three queries at most.

    Answers one message per spec, in order: the stored one where its key is already taken.
    ``new_keys``: the keys name something the caller's transaction created (a case being
    submitted), so none can be stored yet: they are not looked for, and one insert writes
    the messages (a recipient's preference already read with the person costs no query).
    """
    for spec in specs:
        if not spec.dedupe_key or len(spec.dedupe_key) > 200:
            raise DomainError(
                NotifyErrorCode.DEDUPE_KEY_REQUIRED,
                "a message needs a dedupe_key of 1 to 200 characters",
            )
    keys = [spec.dedupe_key for spec in specs]
    stored = (
        {} if new_keys else {m.dedupe_key: m for m in Message.objects.filter(dedupe_key__in=keys)}
    )
    fresh = [spec for spec in _unique(specs) if spec.dedupe_key not in stored]
    new = _build(fresh)
    if new:
        if new_keys:
            insert_rows(Message, new)
        else:
            # A key written by a concurrent transaction after the check above is skipped
            # here; that transaction's message is the one sent.
            Message.objects.bulk_create(new, ignore_conflicts=True)
        stored.update((m.dedupe_key, m) for m in new)
        _dispatch_on_commit([m.pk for m in new if m.status == MessageStatus.QUEUED])
        logger.info(
            "messages queued",
            extra={"messages": [str(m.pk) for m in new], "actor_type": type(actor).__name__},
        )
    return [stored[key] for key in keys]


def _unique(specs: Sequence[MessageSpec]) -> list[MessageSpec]:
    seen: dict[str, MessageSpec] = {}
    for spec in specs:
        seen.setdefault(spec.dedupe_key, spec)
    return list(seen.values())


def _build(specs: Sequence[MessageSpec]) -> list[Message]:
    recipients = [spec.recipient for spec in specs if spec.recipient is not None]
    preferences = {p.pk: _held_preference(p) for p in recipients if _holds_preference(p)}
    unread = {p.pk for p in recipients} - preferences.keys()
    if unread:
        preferences.update(
            (p.person_id, p) for p in NotifyPreference.objects.filter(person_id__in=unread)
        )
    return [_message(spec, preferences) for spec in specs]


def _holds_preference(person: Person) -> bool:
    """Whether the person was read with their preference (``select_related``), held or none."""
    return Person.notify_preference.is_cached(person)  # type: ignore[attr-defined]  # the reverse one-to-one of NotifyPreference.person


def _held_preference(person: Person) -> NotifyPreference | None:
    try:
        return person.notify_preference  # type: ignore[attr-defined, no-any-return]  # as above
    except NotifyPreference.DoesNotExist:
        return None


def _message(spec: MessageSpec, preferences: dict[int, NotifyPreference | None]) -> Message:
    preference = preferences.get(spec.recipient.pk) if spec.recipient is not None else None
    target = resolve_target(
        recipient=spec.recipient, preference=preference, address=spec.address, channel=spec.channel
    )
    language = message_language(preference)
    context = normalise_context(spec.context)
    rendered = render(spec.template, context, language)
    now = timezone.now()
    message = Message(
        recipient=spec.recipient,
        address=target.address,
        channel=target.channel,
        template=spec.template,
        context=context,
        language=language,
        subject=rendered.subject[:200],
        body=rendered.body,
        dedupe_key=spec.dedupe_key,
        case_number=spec.case_number or str(context.get("case_number") or "")[:40],
        ticket_number=spec.ticket_number or str(context.get("ticket_number") or "")[:20],
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )
    if target.channel == Channel.INBOX:
        # The inbox is the outbox row itself: it is delivered when the transaction commits.
        message.status, message.sent_at, message.attempts = MessageStatus.SENT, now, 1
        message.backend, message.provider_reference = "inbox", f"inbox:{message.pk}"
        message.next_attempt_at = None
    return message


def _dispatch_on_commit(message_ids: list[Any]) -> None:
    if not message_ids:
        return
    ids = [str(pk) for pk in message_ids]

    def dispatch() -> None:
        from onedoor.notify.tasks import send_message_task

        for message_id in ids:
            send_message_task.enqueue(message_id)

    # robust: the caller's work is committed whatever the task queue says; the sweep re-sends.
    transaction.on_commit(dispatch, robust=True)


# -- sending --------------------------------------------------------------------------------

# A send that has not finished after this long is taken as lost (its worker died).
STUCK_AFTER = dt.timedelta(minutes=5)
# A due message is handed to the worker again by the sweep only after waiting this long, so that
# a task that is merely queued behind others is not doubled.
SWEEP_GRACE = dt.timedelta(seconds=60)


def claim_message(message_id: Any) -> Message | None:
    """Take a due message for sending: status ``sending``, one more attempt; None if not due.

    Two workers can never both claim one message: PostgreSQL skips a row another worker holds,
    SQLite takes it by a conditional UPDATE (its writers are serialised).
    """
    now = timezone.now()
    due = Message.objects.due(now).filter(pk=message_id)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            message = due.select_for_update(skip_locked=True).first()
            if message is None:
                return None
            message.status, message.claimed_at = MessageStatus.SENDING, now
            message.attempts += 1
            message.save(update_fields=["status", "claimed_at", "attempts", "updated_at"])
            return message
    claimed = due.update(
        status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    return Message.objects.get(pk=message_id) if claimed else None


def outgoing(message: Message) -> OutgoingMessage:
    return OutgoingMessage(
        id=str(message.pk),
        channel=message.channel,
        address=message.address,
        subject=message.subject,
        body=message.body,
        template=message.template,
        language=message.language,
        context=dict(message.context),
        case_number=message.case_number,
    )


def send_message(message_id: Any) -> str:
    """Send one message if it is due: claim it, hand it to its channel's backend, record how it
    went. Answers the status it ends in, or ``skipped`` when it was not due (sent, or held by
    another worker)."""
    message = claim_message(message_id)
    if message is None:
        return "skipped"
    try:
        backend = backend_for(message.channel)
        reference = backend.send(outgoing(message))
    except DeliveryFailure as failure:
        return _record_failure(message, failure.reason, permanent=failure.permanent)
    except UnknownPlugin as exc:
        return _record_failure(message, str(exc), permanent=False)
    except Exception as exc:  # a backend's bug must not leave the message stuck in "sending"
        logger.exception("notification backend failed", extra={"message_id": str(message.pk)})
        return _record_failure(message, f"backend error: {type(exc).__name__}", permanent=False)
    return _record_sent(message, backend.plugin_id, reference)


def _settled(message: Message, **values: Any) -> bool:
    """Write the outcome of this claim, unless the message was claimed again meanwhile."""
    values["updated_at"] = timezone.now()
    return bool(
        Message.objects.filter(
            pk=message.pk, status=MessageStatus.SENDING, attempts=message.attempts
        ).update(**values)
    )


def _record_sent(message: Message, backend_id: str, reference: str) -> str:
    with transaction.atomic():
        if _settled(
            message,
            status=MessageStatus.SENT,
            sent_at=timezone.now(),
            backend=backend_id,
            provider_reference=reference[:100],
            next_attempt_at=None,
            last_error="",
        ):
            record_event(
                actor=None,
                action="notify.message_sent",
                obj=message,
                payload=_audit_payload(message, backend=backend_id),
            )
    return MessageStatus.SENT


def _record_failure(message: Message, reason: str, *, permanent: bool) -> str:
    wait = None if permanent else next_attempt_after(message.attempts)
    if wait is not None:
        retry_at = timezone.now() + wait
        if _settled(
            message, status=MessageStatus.FAILED, next_attempt_at=retry_at, last_error=reason[:500]
        ):
            _schedule_retry(str(message.pk), retry_at)
        logger.info(
            "message failed, retry scheduled",
            extra={"message_id": str(message.pk), "attempts": message.attempts, "reason": reason},
        )
        return MessageStatus.FAILED
    _give_up(message, reason)
    return MessageStatus.GAVE_UP


def _give_up(message: Message, reason: str) -> None:
    with transaction.atomic():
        if not _settled(
            message, status=MessageStatus.GAVE_UP, next_attempt_at=None, last_error=reason[:500]
        ):
            return
        record_event(
            actor=None,
            action="notify.message_gave_up",
            obj=message,
            payload=_audit_payload(message, reason=reason[:200]),
        )
    raise_alert(
        f"notify:gave_up:{message.channel}",
        kind="notify_gave_up",
        message=gettext("消息发送多次失败后已放弃（渠道 %(channel)s，消息 %(id)s）：%(reason)s")
        % {"channel": message.channel, "id": message.pk, "reason": reason[:200]},
        level=AlertLevel.WARNING,
    )
    logger.warning("message given up", extra={"message_id": str(message.pk), "reason": reason})


def _audit_payload(message: Message, **extra: Any) -> dict[str, Any]:
    # Ids, codes and counts only: never the address or the text.
    return {
        "template": message.template,
        "channel": message.channel,
        "attempts": message.attempts,
        "case": message.case_number,
        **extra,
    }


def _schedule_retry(message_id: str, retry_at: dt.datetime) -> None:
    from onedoor.notify.tasks import send_message_task

    try:
        send_message_task.using(run_after=retry_at).enqueue(message_id)
    except Exception:  # the sweep hands the message over when the task queue is back
        logger.exception("could not schedule a retry", extra={"message_id": message_id})


@dataclass(frozen=True, slots=True)
class SweepResult:
    handed_over: int
    unstuck: int

    def as_dict(self) -> dict[str, int]:
        return {"handed_over": self.handed_over, "unstuck": self.unstuck}


def unstick_sends(now: dt.datetime | None = None) -> int:
    """Sends that never finished (a worker died): count the attempt as failed and try again."""
    now = now or timezone.now()
    stuck = Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - STUCK_AFTER)
    count = 0
    for message in stuck[:500]:
        count += 1
        _record_failure(message, "send did not finish (worker lost)", permanent=False)
    return count


def sweep_outbox(*, limit: int = 500) -> SweepResult:
    """Hand every message that is due and waited past the grace back to the worker."""
    from onedoor.notify.tasks import send_message_task

    now = timezone.now()
    unstuck = unstick_sends(now)
    ids = list(
        Message.objects.due(now - SWEEP_GRACE)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    # Pushing next_attempt_at to now leases the message: the next sweep waits another grace.
    Message.objects.filter(pk__in=ids).due(now - SWEEP_GRACE).update(
        next_attempt_at=now, updated_at=now
    )
    for message_id in ids:
        send_message_task.enqueue(str(message_id))
    return SweepResult(handed_over=len(ids), unstuck=unstuck)


def send_due_messages(*, limit: int = 500) -> dict[str, int]:
    """Send every due message now, in this process (``onedoor notify send-due``)."""
    ids = list(
        Message.objects.due(timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for message_id in ids:
        outcome = send_message(message_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# -- operators and the inbox ----------------------------------------------------------------


def retry_message(*, actor: Any, message_id: Any) -> Message:
    """Send a failed or given-up message again now (an operator's "retry now")."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            raise NotFound(gettext("没有这条消息。"))
        if message.status not in (MessageStatus.FAILED, MessageStatus.GAVE_UP):
            raise DomainError(
                NotifyErrorCode.MESSAGE_NOT_RETRYABLE,
                gettext("只有发送失败或已放弃的消息可以重发。"),
                details={"status": message.status},
            )
        was = message.status
        # Given-up messages get one more attempt; failed ones keep their count.
        if was == MessageStatus.GAVE_UP:
            message.attempts = min(message.attempts, MAX_ATTEMPTS - 1)
        message.status, message.next_attempt_at = MessageStatus.QUEUED, timezone.now()
        message.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
        record_event(
            actor=actor,
            action="notify.message_retried",
            obj=message,
            payload=_audit_payload(message, was=was),
        )
        _dispatch_on_commit([message.pk])
    return message


def mark_message_read(*, actor: Person, message_id: Any) -> Message:
    """The recipient has read an inbox message; reading it again changes nothing."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=message_id, recipient=actor, channel=Channel.INBOX)
            .first()
        )
        if message is None:
            raise NotFound(gettext("没有这条消息。"))
        if message.read_at is None:
            message.read_at = timezone.now()
            message.save(update_fields=["read_at", "updated_at"])
            record_event(actor=actor, action="notify.message_read", obj=message)
    return message


def set_notify_preference(
    *,
    actor: Any,
    person: Person,
    language: str = Language.ZH_HANS,
    channel: str = "",
    email: str = "",
    wechat_openid: str = "",
) -> NotifyPreference:
    """How a person wants to be told: their language, preferred channel and addresses."""
    if language not in Language.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            gettext("不支持的语言。"),
            details={"fields": {"language": ", ".join(Language.values)}},
        )
    if channel and channel not in Channel.values:
        raise DomainError(
            NotifyErrorCode.UNKNOWN_CHANNEL,
            gettext("没有这个发送渠道。"),
            details={"channel": channel},
        )
    if email.strip() and not EMAIL.match(email.strip()):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            gettext("电子邮箱格式不对。"),
            details={"fields": {"email": gettext("格式不对")}},
        )
    values = {
        "language": language,
        "channel": channel,
        "email": email.strip(),
        "wechat_openid": wechat_openid.strip(),
    }
    with transaction.atomic():
        preference, created = NotifyPreference.objects.select_for_update().get_or_create(
            person=person, defaults=values
        )
        if not created:
            for name, value in values.items():
                setattr(preference, name, value)
            preference.save(update_fields=[*values, "updated_at"])
        record_event(
            actor=actor,
            action="notify.preference_set",
            obj=person,
            payload={"language": language, "channel": channel},
        )
    return preference
