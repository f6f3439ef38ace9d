"""The audit chain's arithmetic: the canonical form of a sealed event, its hash, and the walk.

Each sealed event's hash covers its place in the chain, its content and the previous event's
hash, so that changing, removing or reordering any sealed event breaks every later link.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

# The first sealed event links to this, so every link has the same shape.
GENESIS_HASH = "0" * 64
# The chain head is one row with a fixed key, so that two sealers starting at once find the same.
HEAD_PK = 1


class ChainBreak(StrEnum):
    SEQUENCE_GAP = "sequence_gap"
    PREV_HASH_MISMATCH = "prev_hash_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    HEAD_MISMATCH = "head_mismatch"
    BEYOND_HEAD = "beyond_head"


class SealedRow(NamedTuple):
    """The columns of a sealed event, in the order queries select them."""

    id: int
    chain_seq: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    payload: Any
    channel: str
    prev_hash: str
    hash: str


SEALED_COLUMNS = SealedRow._fields


@dataclass(frozen=True, slots=True)
class BrokenEvent:
    """The first place where the chain does not hold; ``id`` is None when the event is gone."""

    id: int | None
    chain_seq: int | None
    reason: ChainBreak


@dataclass(frozen=True, slots=True)
class ChainCheck:
    ok: bool
    checked: int
    pending: int
    broken: BrokenEvent | None = None

    def summary(self) -> str:
        if self.broken is None:
            return (
                f"audit chain intact: {self.checked} sealed events checked, {self.pending} pending"
            )
        b = self.broken
        return (
            f"audit chain BROKEN at event id={b.id} chain_seq={b.chain_seq} ({b.reason}); "
            f"{self.checked} events checked before it, {self.pending} pending"
        )


def canonical_form(
    *,
    chain_seq: int,
    event_id: int,
    at: dt.datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: Any,
    channel: str,
    prev_hash: str,
) -> bytes:
    """The bytes a sealed event's hash covers: compact JSON with sorted keys, UTC time."""
    fields = [
        chain_seq,
        event_id,
        at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        actor,
        action,
        object_type,
        object_id,
        payload,
        channel,
        prev_hash,
    ]
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode()


def event_hash(**fields: Any) -> str:
    """The SHA-256 of ``canonical_form(**fields)``, in hex."""
    return hashlib.sha256(canonical_form(**fields)).hexdigest()


def row_hash(row: SealedRow) -> str:
    return event_hash(
        chain_seq=row.chain_seq,
        event_id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        payload=row.payload,
        channel=row.channel,
        prev_hash=row.prev_hash,
    )


def walk_chain(
    rows: Iterable[SealedRow], *, head_seq: int, head_hash: str
) -> tuple[int, BrokenEvent | None]:
    """Check rows given in chain order against each other and the head.

    Returns how many events held before the first break, and that break (None if intact).
    """
    checked, prev = 0, GENESIS_HASH
    last: SealedRow | None = None
    for row in rows:
        if row.chain_seq != checked + 1:
            return checked, BrokenEvent(row.id, row.chain_seq, ChainBreak.SEQUENCE_GAP)
        if row.prev_hash != prev:
            return checked, BrokenEvent(row.id, row.chain_seq, ChainBreak.PREV_HASH_MISMATCH)
        if row_hash(row) != row.hash:
            return checked, BrokenEvent(row.id, row.chain_seq, ChainBreak.HASH_MISMATCH)
        checked, prev, last = checked + 1, row.hash, row
    if checked < head_seq:
        # The head knows of sealed events the table no longer holds: the tail was removed.
        return checked, BrokenEvent(None, checked + 1, ChainBreak.SEQUENCE_GAP)
    if last is not None and (checked != head_seq or prev != head_hash):
        return checked, BrokenEvent(last.id, last.chain_seq, ChainBreak.HEAD_MISMATCH)
    return checked, None
