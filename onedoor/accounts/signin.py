"""Citizen sign-in by ID number and a one-time code sent by SMS (短信验证码登录).

A code is six digits, valid for five minutes, good for one sign-in and five tries; a new one is
sent at most once a minute per ID number. Only a salted, keyed hash of the code is stored, and
rows are keyed by a keyed hash of the ID number, so that the table holds no ID numbers and the
answer to "send me a code" is the same whether or not the registry knows the person.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.accounts.errors import AccountErrorCode
from onedoor.accounts.models import SignInCode
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError
from onedoor.core.identifiers import check_id_number
from onedoor.registry.models import Person

CODE_DIGITS = 6
CODE_TTL = dt.timedelta(minutes=5)
RESEND_AFTER = dt.timedelta(minutes=1)
MAX_ATTEMPTS = 5
SIGNIN_TEMPLATE = "signin_code"
CHANNELS = ("online", "app", "wechat")


@dataclass(frozen=True, slots=True)
class SentCode:
    """What the citizen is told after asking for a code, the same for anyone."""

    expires_in: int  # seconds
    resend_in: int  # seconds before another code may be asked for


def _keyed(message: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def subject_hash(id_number: str) -> str:
    """The key a code row is filed under: a keyed hash of the (checked) ID number."""
    return _keyed(f"signin-subject:{id_number}")


def _code_hash(code: str, salt: str) -> str:
    return f"{salt}${_keyed(f'signin-code:{salt}:{code}')}"


def _code_matches(code: str, stored: str) -> bool:
    salt, _sep, _digest = stored.partition("$")
    return hmac.compare_digest(_code_hash(code, salt), stored)


def _rate_limited(seconds: int) -> DomainError:
    return DomainError(
        AccountErrorCode.CODE_RATE_LIMITED,
        _("验证码发送过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": seconds},
        details={"retry_after": seconds},
        status=429,
    )


def request_signin_code(*, id_number: str, channel: str = "online") -> SentCode:
    """Send a new sign-in code to the person with this ID number, by SMS to their phone on file.

    Answers the same whether or not the person is registered or has a phone; a malformed ID
    number raises ``invalid_id_number``; asking again within a minute raises
    ``code_rate_limited`` (429), for any ID number alike.
    """
    parsed = check_id_number(id_number)
    subject = subject_hash(parsed.value)
    now = timezone.now()
    with transaction.atomic():
        latest = SignInCode.objects.filter(subject_hash=subject).order_by("-created_at").first()
        if latest is not None and now - latest.created_at < RESEND_AFTER:
            wait = RESEND_AFTER - (now - latest.created_at)
            raise _rate_limited(max(1, int(wait.total_seconds() + 0.999)))
        person = Person.objects.filter(id_number=parsed.value).first()
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row = SignInCode.objects.create(
            subject_hash=subject,
            person=person,
            code_hash=_code_hash(code, secrets.token_hex(8)),
            channel=channel if channel in CHANNELS else "online",
            expires_at=now + CODE_TTL,
        )
        delivered = person is not None and _send(person, code, row)
        record_event(
            actor=person if person is not None else "anonymous",
            action="accounts.signin_code_sent",
            obj=row,
            channel=row.channel,
            payload={"delivered": delivered},
        )
    return SentCode(int(CODE_TTL.total_seconds()), int(RESEND_AFTER.total_seconds()))


def _send(person: Person, code: str, row: SignInCode) -> bool:
    """Put the code in the outbox for the person's phone; False when no phone is on file."""
    from onedoor.notify.actions import enqueue_message
    from onedoor.notify.services.addressing import is_phone

    if not is_phone(person.phone):
        return False
    enqueue_message(
        actor=person,
        recipient=person,
        channel="sms",
        template=SIGNIN_TEMPLATE,
        context={"code": code, "minutes": int(CODE_TTL.total_seconds() // 60)},
        dedupe_key=f"signin:{row.pk}",
    )
    return True


def redeem_signin_code(*, id_number: str, code: str, channel: str = "online") -> Person:
    """The person signing in with the latest code sent for this ID number; the code is spent.

    A wrong code counts a try (five at most); an expired code raises ``code_expired``; a wrong,
    spent, superseded or exhausted one ``invalid_code`` (401). Tries are counted even though
    the call fails, so they commit before the refusal is raised.
    """
    parsed = check_id_number(id_number)
    subject = subject_hash(parsed.value)
    given = "".join(str(code or "").split())[:20]
    with transaction.atomic():
        row = (
            SignInCode.objects.select_for_update(of=("self",))
            .select_related("person")
            .filter(subject_hash=subject)
            .order_by("-created_at")
            .first()
        )
        refusal = _check(row, given)
        if refusal is None:
            assert row is not None and row.person is not None
            row.used_at = timezone.now()
            row.save(update_fields=["used_at", "updated_at"])
            record_event(
                actor=row.person,
                action="accounts.signed_in",
                obj=row,
                channel=channel,
                payload={"method": "sms_code"},
            )
            return row.person
    raise refusal


def _check(row: SignInCode | None, given: str) -> DomainError | None:
    """Why the code cannot be used (counting a wrong try on the row), or None when it can."""
    if row is None or row.used_at is not None:
        return _invalid(_("验证码不正确或已失效，请重新获取。"), 0)
    if row.attempts >= MAX_ATTEMPTS:
        return _invalid(_("验证码输错次数过多，已作废，请重新获取。"), 0)
    if row.expires_at <= timezone.now():
        return DomainError(
            AccountErrorCode.CODE_EXPIRED,
            _("验证码已过期，请重新获取。"),
            details={"expired_at": row.expires_at.isoformat()},
            status=422,
        )
    if row.person is None or not _code_matches(given, row.code_hash):
        row.attempts += 1
        row.save(update_fields=["attempts", "updated_at"])
        left = MAX_ATTEMPTS - row.attempts
        if left <= 0:
            return _invalid(_("验证码输错次数过多，已作废，请重新获取。"), 0)
        return _invalid(_("验证码不正确，还可以再试 %(left)s 次。") % {"left": left}, left)
    return None


def _invalid(message: str, left: int) -> DomainError:
    return DomainError(
        AccountErrorCode.INVALID_CODE, message, details={"attempts_left": left}, status=401
    )


def record_signin(*, person: Person, method: str, channel: str = "online") -> None:
    """Write the audit event of a sign-in made elsewhere (the identity platform's)."""
    with transaction.atomic():
        record_event(
            actor=person,
            action="accounts.signed_in",
            object_type="registry.person",
            object_id=person.audit_label,
            channel=channel,
            payload={"method": method},
        )
