"""A service point's calling rules as plain values, with the defaults where none are set."""

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from onedoor.counter.choices import SLOT_CATEGORIES, TicketCategory

# Rank 0 is kept for tickets that waited past their category's limit: they go ahead of all.
OVERDUE_RANK = 0
MAX_RANK = 9
# The furthest position a holder may ask to be told about (and the top of the queue watched).
MAX_NOTIFY_POSITION = 10


@dataclass(frozen=True, slots=True)
class Policy:
    """The values of ``CallingRules`` (see its help texts); the defaults are the model's."""

    priority_rank: int = 1
    appointment_rank: int = 2
    enterprise_rank: int = 3
    general_rank: int = 3
    priority_max_wait_minutes: int | None = None
    appointment_max_wait_minutes: int | None = None
    enterprise_max_wait_minutes: int | None = None
    general_max_wait_minutes: int | None = None
    no_show_after_minutes: int = 0
    no_show_requeues: int = 1
    notify_position: int = 3
    estimate_sample: int = 20
    default_handling_minutes: int = 8
    appointment_early_minutes: int = 30
    appointment_grace_minutes: int = 10
    appointment_hours: str = "09:00-12:00,14:00-17:00"
    appointment_slot_minutes: int = 30
    appointment_capacity: int = 4
    appointment_categories: str = "general,enterprise"
    appointment_days_ahead: int = 7

    def rank(self, lane: str) -> int:
        return int(getattr(self, f"{lane}_rank"))

    def max_wait(self, lane: str) -> dt.timedelta | None:
        minutes = getattr(self, f"{lane}_max_wait_minutes")
        return None if minutes is None else dt.timedelta(minutes=minutes)

    def overdue_before(self, lane: str, now: dt.datetime) -> dt.datetime | None:
        """Tickets of this lane queued before this moment have waited past the limit."""
        limit = self.max_wait(lane)
        return None if limit is None else now - limit

    def bookable_categories(self) -> list[str]:
        wanted = [c.strip() for c in self.appointment_categories.split(",") if c.strip()]
        return [c for c in SLOT_CATEGORIES if c in wanted]


LANES: tuple[str, ...] = tuple(TicketCategory.values)
POLICY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Policy))


def policy_from(rules: Any | None) -> Policy:
    """The policy of a ``CallingRules`` row, or the defaults when the point has none."""
    if rules is None:
        return Policy()
    return Policy(**{name: getattr(rules, name) for name in POLICY_FIELDS})


def parse_hours(text: str) -> list[tuple[dt.time, dt.time]]:
    """``"09:00-12:00,14:00-17:00"`` → the periods; raises ValueError on anything else."""
    periods = []
    for part in text.split(","):
        if not part.strip():
            continue
        start_text, sep, end_text = part.strip().partition("-")
        if not sep:
            raise ValueError(part)
        start = dt.time.fromisoformat(start_text.strip())
        end = dt.time.fromisoformat(end_text.strip())
        if end <= start:
            raise ValueError(part)
        periods.append((start, end))
    return periods
