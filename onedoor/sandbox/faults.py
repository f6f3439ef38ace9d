"""Drills: switching a system down, slow or erratic, and the normal latency of a healthy one.

- ``down``: 503 with a gateway's HTML page, at once, whatever the request.
- ``slow``: the normal answer, after ``delay`` seconds (30 unless set).
- ``error``: the 1st, 3rd, 5th … request after the switch answers 500 with an HTML page; the
  2nd, 4th … answer 200 with the system's content type and a body no parser accepts.
- ``ok``: normal answers, after ``latency_ms`` when set.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from onedoor.sandbox.store import Store
from onedoor.sandbox.systems import System
from onedoor.sandbox.web import Response

MODES = ("ok", "down", "slow", "error")
ALL_SYSTEMS = "*"
MAX_DELAY_SECONDS = 3600.0
MAX_LATENCY_MS = 60_000

UNAVAILABLE_PAGE = (
    b"<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
    b"<center><h1>503 Service Temporarily Unavailable</h1></center></body></html>"
)
SERVER_ERROR_PAGE = (
    b"<html><head><title>500 Internal Server Error</title></head><body>"
    b"<center><h1>500 Internal Server Error</h1></center></body></html>"
)
# Valid as neither JSON, XML nor UTF-8: what a half-written answer of a crashing system looks like.
GARBAGE = b'\x00\xff\xfe<?xml {"resultCode":"00\x8b\x1f garbage'


class FaultRequestError(ValueError):
    """A ``POST /_faults`` body that names no known system or mode."""


@dataclass(frozen=True)
class FaultRequest:
    systems: tuple[str, ...]
    mode: str | None
    delay: float | None
    latency_ms: int | None


def read_fault_request(body: Any, systems: tuple[str, ...]) -> FaultRequest:
    if not isinstance(body, dict):
        raise FaultRequestError('the body must be a JSON object {"system": ..., "mode": ...}')
    system = body.get("system")
    if system != ALL_SYSTEMS and system not in systems:
        raise FaultRequestError(
            f"unknown system {system!r}: expected one of {', '.join(systems)} or *"
        )
    mode = body.get("mode")
    if mode is not None and mode not in MODES:
        raise FaultRequestError(f"unknown mode {mode!r}: expected one of {', '.join(MODES)}")
    delay = _number(body.get("delay"), "delay", MAX_DELAY_SECONDS)
    latency = _number(body.get("latency_ms"), "latency_ms", MAX_LATENCY_MS)
    if mode is None and latency is None and delay is None:
        raise FaultRequestError("give a mode, a delay or a latency_ms")
    return FaultRequest(
        systems=systems if system == ALL_SYSTEMS else (system,),
        mode=mode,
        delay=delay,
        latency_ms=None if latency is None else int(latency),
    )


def _number(value: Any, name: str, ceiling: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= ceiling:
        raise FaultRequestError(f"{name} must be a number from 0 to {ceiling:g}")
    return float(value)


def faulty_answer(
    system: System, store: Store, sleep: Callable[[float], None] = time.sleep
) -> Response | None:
    """The answer the system's fault mode imposes, or None to answer normally (maybe late)."""
    fault = store.get_fault(system.code)
    if fault.mode == "down":
        return Response(503, UNAVAILABLE_PAGE, "text/html", [("Retry-After", "30")])
    if fault.mode == "slow":
        sleep(fault.delay)
        return None
    if fault.latency_ms:
        sleep(fault.latency_ms / 1000)
    if fault.mode == "error":
        if store.count_error_answer(system.code) % 2:
            return Response(500, SERVER_ERROR_PAGE, "text/html")
        return Response(200, GARBAGE, system.content_type)
    return None
