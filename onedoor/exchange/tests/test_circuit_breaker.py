"""The circuit breaker on its own clock: closed, open after failures in a row, one probe."""

from typing import Any

import pytest

from onedoor.exchange.services.breaker import CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(settings: Any) -> Clock:
    settings.EXCHANGE_BREAKER_FAILURES = 3
    settings.EXCHANGE_BREAKER_OPEN_SECONDS = 30
    return Clock()


def test_it_opens_on_the_nth_failure_in_a_row_only(clock: Clock) -> None:
    breaker = CircuitBreaker(clock)

    opened = [breaker.record_failure(), breaker.record_failure()]
    breaker.record_success()
    opened += [breaker.record_failure() for _ in range(3)]

    assert opened == [False, False, False, False, True]
    assert not breaker.allow()
    assert breaker.status().state == "open"
    assert breaker.status().retry_in_seconds == 30


def test_after_the_pause_exactly_one_probe_goes_through(clock: Clock) -> None:
    breaker = CircuitBreaker(clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now += 30

    assert breaker.status().state == "half_open"
    assert [breaker.allow(), breaker.allow()] == [True, False]
    breaker.record_success()
    assert breaker.allow() and breaker.status().state == "closed"


def test_a_failed_probe_reopens_it_for_another_pause(clock: Clock) -> None:
    breaker = CircuitBreaker(clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now += 30
    assert breaker.allow()

    reopened = breaker.record_failure()

    assert reopened is False  # already reported open once
    assert not breaker.allow()
    clock.now += 29
    assert not breaker.allow()
    clock.now += 1
    assert breaker.allow()


def test_a_probe_that_never_reports_frees_its_slot_after_a_pause(clock: Clock) -> None:
    breaker = CircuitBreaker(clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now += 30
    assert breaker.allow()

    clock.now += 30

    assert breaker.allow()
