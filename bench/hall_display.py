"""The hall's display board under load: screens polling ``/hall-display/<point>/board.json``
while windows call, on a hall of ``--windows`` open windows.

Sets up its own database (SQLite under ``--data-dir``, or ``DATABASE_URL``): the schema, a fresh
service point for this run (``bench-<time>``) with ``--windows`` windows all open, each serving a
ticket, and a queue of ``--waiting`` tickets; then starts ``onedoor serve`` (gunicorn) and runs
``--screens`` screen threads, each polling the board every ``--poll`` seconds with the ETag it
holds (as the page's script does), while this process calls the next ticket at a random window
every ``--call-every`` seconds through the counter's action.

It prints, for the board's answers, the 200s and the 304s with their latency p50/p95/p99, and the
time from each call's commit to the moment every screen saw it (p50/p95/max), then the board's
cost in-process (queries and time per answer through Django's test client).

    .venv/bin/python bench/hall_display.py                 # SQLite, 30 windows, 10 screens, 30 s
    .venv/bin/python bench/hall_display.py --screens 30 --seconds 60

Target: with a hall of 30 windows, a call is on every screen within 1 s (the page polls every
0.8 s).
Every process it starts is stopped on exit; all traffic stays on 127.0.0.1.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def setup_django(data_dir: Path) -> None:
    os.environ.setdefault("ONEDOOR_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build_hall(windows: int, waiting: int) -> tuple[str, list[str], object]:
    """A fresh service point with ``windows`` open windows, each serving, and a queue."""
    from onedoor.accounts.actions import create_staff_user
    from onedoor.counter.actions import (
        call_next,
        issue_ticket,
        upsert_service_point,
        upsert_window,
    )

    code = f"bench-{int(time.time())}"
    upsert_service_point(actor=None, code=code, name="压测大厅", level="district")
    clerk = create_staff_user(
        actor=None,
        username=f"{code}-clerk",
        password=None,
        full_name="压测",
        roles=[("clerk", None, code)],
    )
    codes = []
    for index in range(windows):
        window = f"{code}-{index + 1:02d}"
        upsert_window(actor=None, service_point_code=code, code=window, name=f"{index + 1}号窗口")
        codes.append(window)
    for _ in range(windows + waiting):
        issue_ticket(actor=None, service_point=code, channel="kiosk")
    for window in codes:
        call_next(actor=clerk, window=window)
    return code, codes, clerk


class Screen(threading.Thread):
    def __init__(self, url: str, poll: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.url, self.poll, self.stop = url, poll, stop
        self.latency: dict[int, list[float]] = {200: [], 304: []}
        self.first_seen: dict[str, float] = {}
        self.errors = 0

    def run(self) -> None:
        etag = None
        time.sleep(random.uniform(0, self.poll))
        with httpx.Client(timeout=10) as client:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    response = client.get(self.url, headers={"If-None-Match": etag or ""})
                except httpx.HTTPError:
                    self.errors += 1
                    continue
                elapsed = time.monotonic() - started
                self.latency.setdefault(response.status_code, []).append(elapsed)
                if response.status_code == 200:
                    etag = response.headers.get("ETag")
                    for call in response.json()["calls"]:
                        self.first_seen.setdefault(call["id"], time.monotonic())
                self.stop.wait(max(self.poll - elapsed, 0))


def in_process_cost(code: str, samples: int = 300) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    url = f"/hall-display/{code}/board.json"
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000, len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default="var/bench-hall")
    parser.add_argument("--windows", type=int, default=30)
    parser.add_argument("--waiting", type=int, default=400)
    parser.add_argument("--screens", type=int, default=10)
    parser.add_argument("--poll", type=float, default=0.8)
    parser.add_argument("--call-every", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir)
    code, windows, clerk = build_hall(args.windows, args.waiting)
    p50, p95, queries = in_process_cost(code)
    print(f"in-process board.json: p50 {p50:.2f} ms, p95 {p95:.2f} ms, {queries} queries")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "onedoor", "serve", "--port", str(port), "--workers", "2"],
        env={**os.environ, "ONEDOOR_DATA_DIR": str(data_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run(args, code, windows, clerk, port)
    finally:
        server.terminate()
        server.wait(timeout=10)


def run(args: argparse.Namespace, code: str, windows: list[str], clerk: object, port: int) -> None:
    from onedoor.counter.actions import call_next

    url = f"http://127.0.0.1:{port}/hall-display/{code}/board.json"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    stop = threading.Event()
    screens = [Screen(url, args.poll, stop) for _ in range(args.screens)]
    for screen in screens:
        screen.start()
    committed: dict[str, float] = {}
    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        time.sleep(args.call_every)
        ticket = call_next(actor=clerk, window=random.choice(windows))
        if ticket is not None:
            committed[f"{ticket.number}/{ticket.window.code}/{ticket.called_at.isoformat()}"] = (
                time.monotonic()
            )
    time.sleep(args.poll * 2)
    stop.set()
    for screen in screens:
        screen.join(timeout=5)
    report(screens, committed)


def report(screens: list[Screen], committed: dict[str, float]) -> None:
    for status in (200, 304):
        values = [v * 1000 for s in screens for v in s.latency.get(status, [])]
        print(
            f"{status}: {len(values)} answers, p50 {percentile(values, 0.5):.1f} ms, "
            f"p95 {percentile(values, 0.95):.1f} ms, p99 {percentile(values, 0.99):.1f} ms"
        )
    delays = [
        screen.first_seen[key] - at
        for key, at in committed.items()
        for screen in screens
        if key in screen.first_seen
    ]
    missed = sum(1 for key in committed for s in screens if key not in s.first_seen)
    print(
        f"call to screen: {len(committed)} calls x {len(screens)} screens, "
        f"p50 {statistics.median(delays):.2f} s, p95 {percentile(delays, 0.95):.2f} s, "
        f"max {max(delays):.2f} s, missed {missed}, errors {sum(s.errors for s in screens)}"
    )


if __name__ == "__main__":
    main()
