"""The calling order: which waiting ticket a window calls next, and who is how far in line.

The queue of a service point is the merge of its lanes (one per category), each in order of
queueing. A ticket's key is (rank, queued_at, id): its category's rank from the calling rules,
or rank 0 when it has waited longer than its category's limit. Within a lane the key never
decreases (the overdue tickets are the oldest), so the first few tickets of each lane, merged
by key, are the head of the whole queue in calling order: a window reads only those.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from onedoor.counter.services.policy import OVERDUE_RANK, Policy

Key = tuple[int, dt.datetime, int]


@dataclass(frozen=True, slots=True)
class Queued:
    """A waiting ticket as the calling order sees it."""

    id: int
    lane: str
    queued_at: dt.datetime
    notify_position: int | None = None
    notified: bool = False
    contactable: bool = False


def effective_rank(policy: Policy, lane: str, queued_at: dt.datetime, now: dt.datetime) -> int:
    cutoff = policy.overdue_before(lane, now)
    if cutoff is not None and queued_at < cutoff:
        return OVERDUE_RANK
    return policy.rank(lane)


def calling_key(policy: Policy, ticket: Queued, now: dt.datetime) -> Key:
    return (effective_rank(policy, ticket.lane, ticket.queued_at, now), ticket.queued_at, ticket.id)


def in_calling_order(policy: Policy, tickets: Iterable[Queued], now: dt.datetime) -> list[Queued]:
    return sorted(tickets, key=lambda t: calling_key(policy, t, now))


def claim_candidates(
    policy: Policy, lanes: dict[str, list[Queued]], limit: int, now: dt.datetime
) -> list[Queued]:
    """The tickets read from the head of each lane that a window may claim, in calling order.

    Each lane was read up to ``limit`` tickets; a lane read to its limit may hide later ones,
    so only tickets no hidden one could precede are candidates (those up to the smallest key
    of a full lane's last ticket).
    """
    merged = in_calling_order(policy, [t for rows in lanes.values() for t in rows], now)
    cutoffs = [calling_key(policy, rows[-1], now) for rows in lanes.values() if len(rows) >= limit]
    if not cutoffs:
        return merged
    cutoff = min(cutoffs)
    return [t for t in merged if calling_key(policy, t, now) <= cutoff]


def due_reminders(policy: Policy, top: list[Queued]) -> list[tuple[Queued, int]]:
    """The tickets at the top of the queue to tell their position now, with that position.

    ``top`` is the head of the queue in calling order (position 1 first). A holder is told
    once, when first at or within their own position or, failing that, the hall's.
    """
    due = []
    for position, ticket in enumerate(top, start=1):
        threshold = ticket.notify_position or policy.notify_position
        if ticket.contactable and not ticket.notified and 0 < position <= threshold:
            due.append((ticket, position))
    return due
