"""Calling the queue: ``POST /api/v1/windows/{code}/call-next`` from many windows at once.

Sets up everything it needs on its own: a PostgreSQL database (``--database-url``, created if
missing) or, with ``--sqlite``, a SQLite one under ``--data-dir``; the schema; a fresh service
hall for this run (``bench-<time>``) with ``--windows`` windows, its calling rules and a clerk
of the hall with a token; then fills the queue with ``--tickets`` tickets through
``issue_ticket`` (general, enterprise and priority mixed), starts ``onedoor serve`` (gunicorn)
and presses "next" from one client thread per window (httpx, keep-alive) until ``--seconds``
pass or the queue is empty.

It prints the calls per second (200 answers), latency p50/p95/p99, the CPU each process spent
per call (gunicorn, PostgreSQL backends, the load generator), and verifies the queue from the
database afterwards:

- double calls: a number answered twice, or a ticket with two ``counter.ticket_called`` events;
- skips: a ticket still waiting although a ticket after it in calling order was called;
- every 200 answer is a ticket of the hall now called or served.

Then ``--profile`` calls run in-process: timed plainly with the time spent waiting on the
database and the queries per call, and under ``cProfile`` with the top entries.

    .venv/bin/python bench/call_next.py                       # PostgreSQL, 50 windows, 20 s
    .venv/bin/python bench/call_next.py --workers 3 --threads 8
    .venv/bin/python bench/call_next.py --sqlite

Target: at least 500 calls per second across 50 windows on PostgreSQL with zero double calls.
Every process it starts is stopped on exit, Ctrl+C included; all traffic stays on 127.0.0.1.
"""

import argparse
import contextlib
import cProfile
import http.client
import io
import itertools
import json
import os
import pstats
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import httpx
from measure import CpuMeters, cuts, ensure_database

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/onedoor_bench_queue"
CATEGORY_MIX = ["general"] * 6 + ["enterprise"] * 3 + ["priority"]


def main() -> None:
    args = _arguments()
    stop_on_signals()
    setup_environment(args, "bench-queue")
    hall = prepare_hall(windows=args.windows)
    _fill(hall, args.tickets, seed=args.seed)
    if args.in_process:
        meters = CpuMeters(-1, database_name())
        release = threading.Event()
        run, threads = _press_in_process(hall, seconds=args.seconds, release=release)
        cpu = meters.spent()  # while the threads' database sessions still live
        release.set()
        for thread in threads:
            thread.join(timeout=30)
    else:
        with Server(args, hall.data_dir) as server:
            meters = CpuMeters(server.pid, database_name())
            run = _press(server.base, hall, seconds=args.seconds)
            cpu = meters.spent()
    checks = _verify(hall, run)
    _report(args, run, cpu, checks)
    if args.profile:
        _profile(hall, count=args.profile)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    parser.add_argument("--windows", type=int, default=50, help="windows, one client each")
    parser.add_argument("--tickets", type=int, default=15_000, help="tickets queued first")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long")
    parser.add_argument("--profile", type=int, default=300, help="in-process profiled calls")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="the windows call call_next from threads of this process, without HTTP",
    )
    parser.add_argument("--seed", type=int, default=20261204, help="order of the categories")
    return parser.parse_args()


# ------------------------------------------------------------------ shared with ticket_issue.py


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database to use, created if missing (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite under --data-dir instead")
    parser.add_argument("--data-dir", default=None, help="data dir (default var/bench-queue…)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")


def stop_on_signals() -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def setup_environment(args: argparse.Namespace, folder: str) -> None:
    """The data dir and database named by the arguments, migrated; Django set up."""
    name = args.data_dir or f"var/{folder}{'-sqlite' if args.sqlite else ''}"
    data_dir = Path(name).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    args.data_dir = str(data_dir)
    os.environ["ONEDOOR_DATA_DIR"] = str(data_dir)
    if args.sqlite:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = ensure_database(args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    say(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)


def database_name() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])


@dataclass
class Hall:
    code: str
    windows: list[str]
    clerk: Any
    token: str
    data_dir: Path
    first_ticket_id: int = 0


def prepare_hall(*, windows: int) -> Hall:
    """A fresh service hall for this run, its windows, default calling rules and a clerk."""
    from onedoor.accounts.actions import create_staff_user, create_token
    from onedoor.accounts.models import Role
    from onedoor.counter.actions import (
        configure_calling_rules,
        upsert_service_point,
        upsert_window,
    )

    run = time.strftime("%H%M%S")
    code = f"bench-{run}"
    upsert_service_point(actor="bench", code=code, name=f"压力测试大厅 {run}", level="district")
    configure_calling_rules(actor="bench", service_point=code)
    window_codes = [f"b{run}-{n:02d}" for n in range(1, windows + 1)]
    for n, window in enumerate(window_codes, start=1):
        upsert_window(actor="bench", service_point_code=code, code=window, name=f"{n}号窗口")
    clerk = create_staff_user(
        actor="bench",
        username=f"bench-clerk-{run}",
        password=None,
        full_name="压力测试",
        roles=[(Role.CLERK, None, code)],
    )
    token = create_token(actor="bench", user=clerk, name="bench")
    say(f"hall {code}: {windows} windows")
    return Hall(code, window_codes, clerk, token, Path(os.environ["ONEDOOR_DATA_DIR"]))


class Server:
    """``onedoor serve`` (gunicorn) on a free port, stopped on leaving the ``with`` block."""

    def __init__(self, args: argparse.Namespace, log_dir: Path) -> None:
        self.args = args
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port: int = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else -1

    def __enter__(self) -> "Server":
        workers, threads = self.args.workers, self.args.threads
        say(f"gunicorn: port {self.port}, {workers} workers × {threads} threads")
        with (self.log_dir / "gunicorn.log").open("wb") as out:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "onedoor", "serve", "--port", str(self.port)),
                    *("--workers", str(workers), "--threads", str(threads)),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("gunicorn exited; see gunicorn.log in the data dir")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/api/v1/health", timeout=1.0).status_code == 200:
                    return self
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 30 s")

    def __exit__(self, *exc: object) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def cpu_lines(cpu: dict[str, float], answers: int, unit: str) -> list[str]:
    if not answers:
        return []
    per = {name: cpu.get(name, 0.0) * 1000 / answers for name in ("gunicorn", "postgres")}
    per["load generator"] = cpu.get("client", 0.0) * 1000 / answers
    total = sum(per.values())
    cores = os.cpu_count() or 1
    busy = sum(cpu.get(k, 0.0) for k in ("gunicorn", "postgres", "client"))
    return [
        f"  CPU per {unit} (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in per.items()),
        f"  CPU per {unit}, all of it: {total:.2f} ms; on {cores} cores that bounds the rate "
        f"near {1000 * cores / total:.0f}/s on an idle machine",
        f"  cores used by the benchmark's processes: {busy / cpu['wall']:.2f} of {cores}",
    ]


def cumulative(stats: pstats.Stats, path: str, name: str) -> float:
    """Milliseconds of cumulative time of the function ``name`` defined in ``path``."""
    found = 0.0
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if function == name and filename.endswith(path):
            found += row[3]
    return found * 1000


def print_profile(profiler: cProfile.Profile, *, top: int = 18) -> pstats.Stats:
    stats = pstats.Stats(profiler)
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
    return stats


class QueryTimer:
    """Counts the queries run inside ``with timer:`` and the time spent waiting for them."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - began
            self.queries += 1

    def __enter__(self) -> "QueryTimer":
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wrapper.__exit__(*exc)


# ------------------------------------------------------------------ this benchmark


def _fill(hall: Hall, count: int, *, seed: int) -> None:
    """Queue ``count`` tickets through the action, categories in a fixed random order."""
    from onedoor.counter.actions import issue_ticket
    from onedoor.counter.models import Ticket

    hall.first_ticket_id = (
        Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    rng = random.Random(seed)
    started = time.perf_counter()
    for n in range(count):
        issue_ticket(
            actor=None, service_point=hall.code, category=rng.choice(CATEGORY_MIX), channel="kiosk"
        )
        if n and n % 5000 == 0:
            say(f"  {n:,} tickets queued")
    seconds = time.perf_counter() - started
    say(f"queued {count:,} tickets in {seconds:.1f} s ({count / seconds:.0f}/s in-process)")
    analyze()


def analyze() -> None:
    """Fresh planner statistics: a table that grew by thousands of rows in a minute would
    otherwise be planned as the nearly empty table autovacuum last saw."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE counter_ticket")


@dataclass
class Run:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    numbers: list[str] = field(default_factory=list)
    emptied: int = 0


def _press(base: str, hall: Hall, *, seconds: float) -> Run:
    """One client per window pressing "next" until the time is up or nobody waits."""
    run = Run()
    lock = threading.Lock()
    start = threading.Barrier(len(hall.windows) + 1)
    headers = {"Authorization": f"Bearer {hall.token}", "Content-Length": "0"}
    address = urlsplit(base)
    deadline = [0.0]

    def window_client(code: str) -> None:
        latencies: list[float] = []
        statuses: Counter[str] = Counter()
        numbers: list[str] = []
        emptied = 0
        # The standard library's client: a fraction of httpx's CPU per request, which the
        # load generator takes from the same two cores as the server.
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=60.0)
        path = f"/api/v1/windows/{code}/call-next"
        try:
            conn.request("GET", "/api/v1/health")  # open the connection before the clock starts
            conn.getresponse().read()
            start.wait()
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                try:
                    conn.request("POST", path, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    statuses[type(exc).__name__] += 1
                    conn.close()
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[str(response.status)] += 1
                if response.status == 200:
                    numbers.append(json.loads(body)["number"])
                elif response.status == 204:
                    emptied = 1
                    break
        finally:
            conn.close()
        with lock:
            run.latencies += latencies
            run.statuses.update(statuses)
            run.numbers += numbers
            run.emptied += emptied

    threads = [
        threading.Thread(target=window_client, args=(code,), daemon=True) for code in hall.windows
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    run.seconds = time.perf_counter() - started
    return run


def _press_in_process(
    hall: Hall, *, seconds: float, release: threading.Event
) -> tuple[Run, list[threading.Thread]]:
    """One thread per window calling ``call_next`` directly, each with its own connection
    (closed once ``release`` is set, after the CPU of its database session was read)."""
    from django.db import connection

    from onedoor.counter.actions import call_next

    run = Run()
    lock = threading.Lock()
    start = threading.Barrier(len(hall.windows) + 1)
    finished = threading.Barrier(len(hall.windows) + 1)
    deadline = [0.0]

    def window_thread(code: str) -> None:
        latencies: list[float] = []
        numbers: list[str] = []
        emptied = 0
        try:
            start.wait()
            errors: Counter[str] = Counter()
            while time.perf_counter() < deadline[0]:
                began = time.perf_counter()
                try:
                    ticket = call_next(actor=hall.clerk, window=code)
                except Exception as exc:  # counted and reported, never silently lost
                    errors[type(exc).__name__] += 1
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                if ticket is None:
                    emptied = 1
                    break
                numbers.append(ticket.number)
            with lock:
                run.statuses.update(errors)
                run.latencies += latencies
                run.numbers += numbers
                run.statuses["200"] += len(numbers)
                run.emptied += emptied
            finished.wait()
            release.wait(timeout=seconds + 300)
        finally:
            connection.close()

    threads = [threading.Thread(target=window_thread, args=(c,), daemon=True) for c in hall.windows]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start.wait()
    finished.wait(timeout=seconds + 120)
    run.seconds = time.perf_counter() - started
    return run, threads


def _verify(hall: Hall, run: Run) -> dict[str, int]:
    """Double calls and skips, read back from the database."""
    from django.db.models import Count
    from django.utils import timezone

    from onedoor.core.models import AuditEvent
    from onedoor.counter.models import Ticket
    from onedoor.counter.queries import get_service_point, policy_of
    from onedoor.counter.services.calling import Queued, calling_key

    tickets = list(
        Ticket.objects.filter(service_point__code=hall.code, pk__gte=hall.first_ticket_id)
    )
    reached = [t for t in tickets if t.status in ("called", "served")]
    twice = (
        AuditEvent.objects.filter(
            action="counter.ticket_called", object_id__in=[str(t.public_id) for t in reached]
        )
        .values("object_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    policy, now = policy_of(get_service_point(hall.code)), timezone.now()
    key = {t.pk: calling_key(policy, Queued(t.pk, t.lane, t.queued_at), now) for t in tickets}
    last_called = max((key[t.pk] for t in reached), default=None)
    waiting = [t for t in tickets if t.status == "waiting"]
    skipped = sum(1 for t in waiting if last_called is not None and key[t.pk] < last_called)
    answered = Counter(run.numbers)
    return {
        "answered 200": len(run.numbers),
        "numbers answered twice": sum(1 for n in answered.values() if n > 1),
        "tickets called twice (audit)": twice,
        "tickets reached a window": len(reached),
        "tickets still waiting": len(waiting),
        "skipped (waiting behind a called ticket)": skipped,
    }


def _report(
    args: argparse.Namespace, run: Run, cpu: dict[str, float], checks: dict[str, int]
) -> None:
    from django.db import connection

    called = run.statuses.get("200", 0)
    load = os.getloadavg()
    how = (
        "in-process threads, no HTTP"
        if args.in_process
        else f"gunicorn {args.workers} workers × {args.threads} threads"
    )
    print(
        f"{connection.vendor}, {how}, {args.windows} windows pressing next, {run.seconds:.1f} s"
        + (" (the queue ran empty)" if run.emptied else "")
    )
    print(f"  load average after the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"  throughput: {called / run.seconds:.1f} calls/s ({called:,} answered 200)")
    print(f"  latency: {cuts(run.latencies)}")
    print(f"  answers by status: {dict(sorted(run.statuses.items()))}")
    for line in cpu_lines(cpu, called, "call"):
        print(line)
    print("  checks:")
    for name, value in checks.items():
        print(f"    {value:8,}  {name}")
    healthy = (
        checks["numbers answered twice"] == 0
        and checks["tickets called twice (audit)"] == 0
        and checks["skipped (waiting behind a called ticket)"] == 0
        and checks["tickets reached a window"] == checks["answered 200"]
    )
    print(f"  {'OK: no ticket called twice, none skipped' if healthy else 'FAILED'}")


def _profile(hall: Hall, *, count: int) -> None:
    """``count`` call-next in this process, round the windows: timed, then under cProfile."""
    from onedoor.counter.actions import call_next

    windows = itertools.cycle(hall.windows)
    timer = QueryTimer()
    started, started_cpu = time.perf_counter(), time.process_time()
    with timer:
        done = sum(
            call_next(actor=hall.clerk, window=next(windows)) is not None for _ in range(count)
        )
    if not done:
        print("\nthe queue is empty: nothing left to profile (raise --tickets)")
        return
    wall = (time.perf_counter() - started) * 1000 / count
    cpu = (time.process_time() - started_cpu) * 1000 / count
    print(
        f"\nin-process call_next, {count} calls one after another: {wall:.2f} ms wall each, "
        f"{cpu:.2f} ms CPU, {timer.seconds * 1000 / count:.2f} ms waiting on the database "
        f"({timer.queries / count:.1f} queries)"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        call_next(actor=hall.clerk, window=next(windows))
    profiler.disable()
    stats = print_profile(profiler)
    total = cumulative(stats, "counter/actions/windows.py", "call_next")
    print(f"under cProfile: {total / count:.2f} ms per call_next")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        say("interrupted; every process this benchmark started has been stopped")
        sys.exit(130)
