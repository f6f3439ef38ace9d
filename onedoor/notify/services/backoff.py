"""When to try a failed message again: exponential backoff, then give up."""

import datetime as dt

# After the 1st, 2nd ... failed attempt, wait this long; after the last, give up.
BACKOFF = (
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(hours=1),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1


def next_attempt_after(attempts: int) -> dt.timedelta | None:
    """The wait before the next attempt after ``attempts`` failed ones; None: give up."""
    if attempts < 1 or attempts > len(BACKOFF):
        return None
    return BACKOFF[attempts - 1]
