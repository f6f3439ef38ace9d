"""A circuit breaker per department system, held in process memory.

After ``EXCHANGE_BREAKER_FAILURES`` failures in a row the circuit opens: for
``EXCHANGE_BREAKER_OPEN_SECONDS`` every question to that system answers unknown at once, instead
of each waiting out the timeout while a case is being submitted. Then one question goes through
as a probe (half-open): an answer closes the circuit, a failure opens it again. Each process
keeps its own breakers; that costs at most a few failed calls per process, and asks nothing of a
shared store on the hot path.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from onedoor.exchange.choices import CircuitState

DEFAULT_FAILURES = 5
DEFAULT_OPEN_SECONDS = 30.0


def failures_to_open() -> int:
    return int(getattr(settings, "EXCHANGE_BREAKER_FAILURES", DEFAULT_FAILURES))


def open_seconds() -> float:
    return float(getattr(settings, "EXCHANGE_BREAKER_OPEN_SECONDS", DEFAULT_OPEN_SECONDS))


@dataclass(frozen=True, slots=True)
class BreakerStatus:
    state: str  # a CircuitState
    failures: int  # in a row
    retry_in_seconds: float  # until the next probe, while open


class CircuitBreaker:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_started_at: float | None = None

    def allow(self) -> bool:
        """Whether a question may go to the system now; lets one probe through when due."""
        with self._lock:
            if self._opened_at is None:
                return True
            now, wait = self._clock(), open_seconds()
            if now - self._opened_at < wait:
                return False
            # A probe that never reported (its thread was abandoned) frees its slot after a while.
            if self._probe_started_at is not None and now - self._probe_started_at < wait:
                return False
            self._probe_started_at = now
            return True

    def record_success(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probe_started_at = None

    def record_failure(self) -> bool:
        """Count a failure; True when this one opened a closed circuit."""
        with self._lock:
            self._failures += 1
            if self._probe_started_at is not None:
                self._opened_at, self._probe_started_at = self._clock(), None
                return False
            if self._opened_at is None and self._failures >= failures_to_open():
                self._opened_at = self._clock()
                return True
            return False

    def reset(self) -> None:
        self.record_success()

    def status(self) -> BreakerStatus:
        with self._lock:
            if self._opened_at is None:
                return BreakerStatus(CircuitState.CLOSED, self._failures, 0.0)
            left = self._opened_at + open_seconds() - self._clock()
            if left > 0:
                return BreakerStatus(CircuitState.OPEN, self._failures, round(left, 1))
            return BreakerStatus(CircuitState.HALF_OPEN, self._failures, 0.0)


_breakers: dict[str, CircuitBreaker] = {}
_lock = threading.Lock()


def breaker_for(system: str) -> CircuitBreaker:
    breaker = _breakers.get(system)
    if breaker is None:
        with _lock:
            breaker = _breakers.setdefault(system, CircuitBreaker())
    return breaker


def reset_breakers() -> None:
    """Close every circuit of this process (tests, and after a configuration change)."""
    with _lock:
        for breaker in _breakers.values():
            breaker.reset()
