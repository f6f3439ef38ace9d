"""Reads of the platform core: checking the audit chain, open alerts."""

from django.db.models import QuerySet

from onedoor.core.models import AuditChainHead, AuditEvent, SystemAlert
from onedoor.core.services.audit_chain import (
    HEAD_PK,
    SEALED_COLUMNS,
    BrokenEvent,
    ChainBreak,
    ChainCheck,
    SealedRow,
    walk_chain,
)

VERIFY_CHUNK_SIZE = 2000


def _head() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    return (head.last_seq, head.last_hash) if head else (0, "")


def _event_beyond(head_seq: int) -> BrokenEvent | None:
    """A sealed event past the head, unless a sealer moved the head meanwhile."""
    beyond = (
        AuditEvent.objects.filter(chain_seq__gt=head_seq)
        .order_by("chain_seq")
        .values_list("id", "chain_seq")
        .first()
    )
    if beyond is None or _head()[0] != head_seq:
        return None
    return BrokenEvent(beyond[0], beyond[1], ChainBreak.BEYOND_HEAD)


def verify_audit_chain(*, chunk_size: int = VERIFY_CHUNK_SIZE) -> ChainCheck:
    """Walk the sealed chain in order and check every link, every hash and the head.

    The head is read first and the walk stops at it, so a sealer running meanwhile does not
    look like a break. Events not yet sealed are counted as ``pending``.
    """
    head_seq, head_hash = _head()
    rows = (
        AuditEvent.objects.filter(chain_seq__isnull=False, chain_seq__lte=head_seq)
        .order_by("chain_seq")
        .values_list(*SEALED_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    checked, broken = walk_chain(
        (SealedRow(*row) for row in rows), head_seq=head_seq, head_hash=head_hash
    )
    if broken is None:
        broken = _event_beyond(head_seq)
    pending = AuditEvent.objects.filter(hash="").count()
    return ChainCheck(ok=broken is None, checked=checked, pending=pending, broken=broken)


def get_open_alerts() -> QuerySet[SystemAlert]:
    """Alerts not yet resolved, newest first."""
    return SystemAlert.objects.filter(resolved_at__isnull=True)


def get_alerts(*, open_only: bool = False) -> QuerySet[SystemAlert]:
    """Every alert (or only the unresolved), newest first."""
    alerts = SystemAlert.objects.order_by("-created_at", "-id")
    return alerts.filter(resolved_at__isnull=True) if open_only else alerts
