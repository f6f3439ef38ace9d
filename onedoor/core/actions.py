"""Writes of the platform core: sealing the audit chain, alerts, the work calendar."""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.core.audit import record_event
from onedoor.core.choices import AlertLevel, DayKind
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.core.models import (
    AuditChainHead,
    AuditEvent,
    CalendarDay,
    CalendarYear,
    SystemAlert,
)
from onedoor.core.services.audit_chain import GENESIS_HASH, HEAD_PK, event_hash
from onedoor.core.services.calendar import (
    calendar_changed,
    reset_calendar_cache,
    unknown_year_alert_key,
)
from onedoor.core.services.holiday_notice import NoticeEntry

logger = logging.getLogger(__name__)

SEAL_BATCH_SIZE = 1000


@dataclass(frozen=True, slots=True)
class SealResult:
    sealed: int
    last_seq: int


def _locked_head() -> AuditChainHead:
    AuditChainHead.objects.get_or_create(pk=HEAD_PK)
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)


_CONTENT_COLUMNS = ("id", "at", "actor", "action", "object_type", "object_id", "payload", "channel")


def _write_links(links: list[tuple[int, str, str, int]]) -> None:
    """Fill chain_seq, prev_hash and hash of many events in one round trip.

    Django's bulk_update builds CASE expressions whose cost grows with the square of the
    batch; PostgreSQL takes one UPDATE from a VALUES list, SQLite one prepared statement.
    """
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            rows = ", ".join(["(%s::bigint, %s, %s, %s::bigint)"] * len(links))
            cursor.execute(
                f"UPDATE {table} AS e SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash "  # noqa: S608
                f"FROM (VALUES {rows}) AS v(seq, prev, hash, id) WHERE e.id = v.id",
                [value for link in links for value in link],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET chain_seq = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
                links,
            )


def _seal_batch(limit: int, cutoff: dt.datetime) -> SealResult:
    with transaction.atomic():
        head = _locked_head()
        rows = (
            AuditEvent.objects.filter(hash="", at__lte=cutoff)
            .order_by("id")
            .values_list(*_CONTENT_COLUMNS)[:limit]
        )
        seq, prev = head.last_seq, head.last_hash or GENESIS_HASH
        links: list[tuple[int, str, str, int]] = []
        for event_id, at, actor, action, object_type, object_id, payload, channel in rows:
            seq += 1
            digest = event_hash(
                chain_seq=seq,
                event_id=event_id,
                at=at,
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                payload=payload,
                channel=channel,
                prev_hash=prev,
            )
            links.append((seq, prev, digest, event_id))
            prev = digest
        if links:
            _write_links(links)
            head.last_seq, head.last_hash, head.sealed_at = seq, prev, timezone.now()
            head.save(update_fields=["last_seq", "last_hash", "sealed_at"])
        return SealResult(sealed=len(links), last_seq=seq)


def seal_audit_chain(
    *, grace_seconds: float | None = None, batch_size: int = SEAL_BATCH_SIZE
) -> SealResult:
    """Give every unsealed audit event its place in the chain and its hash, batch by batch.

    Events are taken in id order among those committed; one whose transaction commits late is
    sealed in a later batch, so the chain's order is the order of sealing. Only events at least
    ``grace_seconds`` old are taken (default: settings.AUDIT_SEAL_GRACE_SECONDS), which keeps
    the chain close to id order without making writers wait.
    """
    grace = settings.AUDIT_SEAL_GRACE_SECONDS if grace_seconds is None else grace_seconds
    cutoff = timezone.now() - dt.timedelta(seconds=grace)
    sealed, last_seq = 0, 0
    while True:
        batch = _seal_batch(batch_size, cutoff)
        sealed, last_seq = sealed + batch.sealed, batch.last_seq
        if batch.sealed < batch_size:
            break
    if sealed:
        logger.info("sealed audit events", extra={"sealed": sealed, "last_seq": last_seq})
    return SealResult(sealed=sealed, last_seq=last_seq)


def raise_alert(key: str, kind: str, message: str, level: str = AlertLevel.WARNING) -> SystemAlert:
    """Raise an alert for the administrators, once per key.

    Raising an open alert again changes nothing; raising a resolved one opens it again.
    """
    with transaction.atomic():
        alert, created = SystemAlert.objects.get_or_create(
            key=key, defaults={"kind": kind, "message": message, "level": level}
        )
        if not created and alert.resolved_at is None:
            return alert
        if not created:
            alert.resolved_at, alert.message, alert.level = None, message, level
            alert.save(update_fields=["resolved_at", "message", "level"])
        record_event(
            actor=None,
            action="core.alert_raised",
            obj=alert,
            payload={"kind": kind, "level": level, "reopened": not created},
        )
    logger.warning("system alert raised", extra={"key": key, "kind": kind})
    return alert


def resolve_alert(key: str, *, actor: Any) -> SystemAlert | None:
    """Mark an open alert resolved; None when there is no open alert with that key."""
    with transaction.atomic():
        alert = SystemAlert.objects.select_for_update().filter(key=key).first()
        if alert is None or alert.resolved_at is not None:
            return None
        alert.resolved_at = timezone.now()
        alert.save(update_fields=["resolved_at"])
        record_event(actor=actor, action="core.alert_resolved", obj=alert)
    return alert


def _calendar_edited() -> None:
    # This process sees the edit at once (inside the transaction); others when it commits.
    reset_calendar_cache()
    # robust: the edit is committed whatever the cache says; a failed bump is only logged.
    transaction.on_commit(calendar_changed, robust=True)


def set_calendar_day(
    day: dt.date, *, is_working_day: bool, name: str = "", note: str = "", actor: Any
) -> CalendarDay:
    """Record that ``day`` is a working day or a day off, with its name (春节, 调休上班 …)."""
    with transaction.atomic():
        row, created = CalendarDay.objects.update_or_create(
            date=day, defaults={"is_working_day": is_working_day, "name": name, "note": note}
        )
        record_event(
            actor=actor,
            action="core.calendar_day_set",
            obj=row,
            payload={"is_working_day": is_working_day, "name": name, "created": created},
        )
        _calendar_edited()
    return row


def clear_calendar_day(day: dt.date, *, actor: Any) -> None:
    """Remove a day from the calendar table, so that it follows the weekday rule again."""
    with transaction.atomic():
        deleted, _rows = CalendarDay.objects.filter(date=day).delete()
        if deleted:
            record_event(
                actor=actor,
                action="core.calendar_day_cleared",
                object_type=CalendarDay._meta.label_lower,
                object_id=day.isoformat(),
            )
            _calendar_edited()


def set_calendar_year(year: int, *, complete: bool, source: str = "", actor: Any) -> CalendarYear:
    """Mark a year of the calendar complete (known) or not; an incomplete year is provisional."""
    with transaction.atomic():
        row, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"complete": complete, "source": source}
        )
        record_event(
            actor=actor,
            action="core.calendar_year_set",
            obj=row,
            payload={"complete": complete, "source": source},
        )
        _calendar_edited()
        if complete:
            resolve_alert(unknown_year_alert_key(year), actor=actor)
    return row


def _check_notice(year: int, entries: Sequence[NoticeEntry]) -> None:
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DomainError(ErrorCode.INVALID_INPUT, _("年份不正确。"), details={"year": year})
    outside = [e.date.isoformat() for e in entries if e.date.year != year]
    if outside:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("放假通知中的日期不属于 %(year)s 年。") % {"year": year},
            details={"dates": outside},
        )
    counts = Counter(e.date for e in entries)
    twice = sorted(day.isoformat() for day, count in counts.items() if count > 1)
    if twice:
        raise DomainError(
            ErrorCode.INVALID_INPUT, _("放假通知中有重复的日期。"), details={"dates": twice}
        )


def import_holiday_notice(
    year: int, entries: Sequence[NoticeEntry], *, actor: Any, source: str = ""
) -> CalendarYear:
    """Replace a year's holidays and make-up working days by its official notice.

    Days not listed follow the weekday rule. The year becomes known, so results in it are no
    longer provisional, and its unknown-year alert is resolved.
    """
    _check_notice(year, entries)
    source = source or _("国务院办公厅放假通知")
    with transaction.atomic():
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(date=e.date, is_working_day=e.is_working_day, name=e.name, note=e.note)
            for e in entries
        )
        row, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"complete": True, "source": source, "imported_at": timezone.now()}
        )
        record_event(
            actor=actor,
            action="core.holiday_notice_imported",
            obj=row,
            payload={
                "source": source,
                "holidays": sum(e.kind == DayKind.HOLIDAY for e in entries),
                "workdays": sum(e.kind == DayKind.WORKDAY for e in entries),
            },
        )
        _calendar_edited()
        resolve_alert(unknown_year_alert_key(year), actor=actor)
    return row
