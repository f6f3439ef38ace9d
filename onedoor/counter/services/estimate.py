"""The estimated wait of a ticket, from recent service times at its service point.

    estimated_wait_minutes = ceil(position × median handling time / max(open windows, 1))

The median is taken over the handling times (call to end) of the last ``estimate_sample``
tickets served at the point, or ``default_handling_minutes`` before any was served. A ticket
at the window waits 0; a ticket no longer waiting has no estimate.
"""

import math
import statistics
from collections.abc import Sequence


def median_handling_seconds(samples: Sequence[int], *, default_minutes: int) -> float:
    if not samples:
        return float(default_minutes * 60)
    return float(statistics.median(samples))


def estimate_wait_minutes(position: int, handling_seconds: float, open_windows: int) -> int:
    if position <= 0:
        return 0
    return math.ceil(position * handling_seconds / max(open_windows, 1) / 60)
