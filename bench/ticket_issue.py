"""Taking tickets: ``POST /api/v1/tickets`` latency over HTTP, as kiosks and the app take them.

Sets up what it needs on its own (see ``call_next.py``, whose helpers it shares): the database,
a fresh service hall with a few windows and some served tickets (so that the estimated wait
has recent service times to work from), then ``onedoor serve`` (gunicorn). For each client
count in ``--concurrency`` it takes tickets for ``--seconds`` from that many client threads
(httpx, keep-alive), anonymous like a kiosk, categories mixed, half of them with a valid ID
number, each with its own Idempotency-Key, and prints the latency p50/p95/p99, tickets per
second and the CPU per ticket. It checks that the numbers answered are all distinct. Then
``--profile`` tickets are taken in-process, timed with their queries, and under ``cProfile``.

    .venv/bin/python bench/ticket_issue.py                        # PostgreSQL; 1, 4, 16 clients
    .venv/bin/python bench/ticket_issue.py --concurrency 8 --seconds 30
    .venv/bin/python bench/ticket_issue.py --sqlite

Target: p95 at most 20 ms.
"""

import argparse
import cProfile
import random
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from measure import CpuMeters, cuts

sys.path.insert(0, str(Path(__file__).resolve().parent))

from call_next import (  # the sibling benchmark's helpers
    CATEGORY_MIX,
    Hall,
    QueryTimer,
    Server,
    add_common_arguments,
    analyze,
    cpu_lines,
    database_name,
    prepare_hall,
    print_profile,
    say,
    setup_environment,
    stop_on_signals,
)


def main() -> None:
    args = _arguments()
    stop_on_signals()
    setup_environment(args, "bench-tickets")
    hall = prepare_hall(windows=4)
    _history(hall)
    with Server(args, hall.data_dir) as server:
        _take(server.base, hall, seconds=2.0, clients=2, seed=0)  # warm-up, untimed
        for clients in args.concurrency:
            meters = CpuMeters(server.pid, database_name())
            run = _take(server.base, hall, seconds=args.seconds, clients=clients, seed=clients)
            _report(args, run, meters.spent(), clients)
    if args.profile:
        _profile(hall, count=args.profile)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_common_arguments(parser)
    parser.add_argument(
        "--concurrency",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[1, 4, 16],
        help="client counts, one timed run each (default 1,4,16)",
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each timed run")
    parser.add_argument("--profile", type=int, default=300, help="in-process profiled tickets")
    return parser.parse_args()


def id_number(rng: random.Random) -> str:
    """A valid resident ID number of the district (GB 11643 checksum), born 1950–2005."""
    birth = f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"440604{birth}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def _history(hall: Hall) -> None:
    """Open two windows and serve a few tickets, so estimates have recent service times."""
    from onedoor.counter.actions import call_next, issue_ticket

    for _ in range(12):
        issue_ticket(actor=None, service_point=hall.code, channel="kiosk")
    for n in range(12):
        call_next(actor=hall.clerk, window=hall.windows[n % 2])
    for window in hall.windows[:2]:
        call_next(actor=hall.clerk, window=window)
    analyze()


@dataclass
class Run:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    numbers: list[str] = field(default_factory=list)


def _take(base: str, hall: Hall, *, seconds: float, clients: int, seed: int) -> Run:
    run = Run(clients)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        latencies: list[float] = []
        statuses: Counter[str] = Counter()
        numbers: list[str] = []
        with httpx.Client(base_url=base, timeout=60.0) as http:
            http.get("/api/v1/health")
            start.wait()
            while time.perf_counter() < deadline[0]:
                body = {"service_point": hall.code, "category": rng.choice(CATEGORY_MIX)}
                if rng.random() < 0.5:
                    body["id_number"] = id_number(rng)
                began = time.perf_counter()
                try:
                    response = http.post(
                        "/api/v1/tickets", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}
                    )
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[str(response.status_code)] += 1
                if response.status_code == 201:
                    numbers.append(response.json()["number"])
        with lock:
            run.latencies += latencies
            run.statuses.update(statuses)
            run.numbers += numbers

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    run.seconds = time.perf_counter() - started
    return run


def _report(args: argparse.Namespace, run: Run, cpu: dict[str, float], clients: int) -> None:
    import os

    from django.db import connection

    taken = run.statuses.get("201", 0)
    load = os.getloadavg()
    print(
        f"{connection.vendor}, gunicorn {args.workers} workers × {args.threads} threads, "
        f"{clients} client{'s' if clients > 1 else ''}, {run.seconds:.1f} s"
    )
    print(f"  load average after the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"  latency: {cuts(run.latencies)}")
    print(f"  throughput: {taken / run.seconds:.1f} tickets/s ({taken:,} answered 201)")
    print(f"  answers by status: {dict(sorted(run.statuses.items()))}")
    for line in cpu_lines(cpu, taken, "ticket"):
        print(line)
    twice = sum(1 for n in Counter(run.numbers).values() if n > 1)
    print(f"  numbers answered twice: {twice}")


def _profile(hall: Hall, *, count: int) -> None:
    from onedoor.counter.actions import issue_ticket
    from onedoor.counter.queries import describe_ticket

    rng = random.Random(7)

    def take() -> None:
        number = id_number(rng) if rng.random() < 0.5 else ""
        ticket = issue_ticket(
            actor=None,
            service_point=hall.code,
            category=rng.choice(CATEGORY_MIX),
            id_number=number,
            channel="kiosk",
            idempotency_key=uuid.uuid4().hex,
        )
        describe_ticket(ticket)

    timer = QueryTimer()
    started, started_cpu = time.perf_counter(), time.process_time()
    with timer:
        for _ in range(count):
            take()
    wall = (time.perf_counter() - started) * 1000 / count
    cpu = (time.process_time() - started_cpu) * 1000 / count
    print(
        f"\nin-process issue_ticket and the answer's position and estimate, {count} tickets: "
        f"{wall:.2f} ms wall each, {cpu:.2f} ms CPU, {timer.seconds * 1000 / count:.2f} ms "
        f"waiting on the database ({timer.queries / count:.1f} queries)"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        take()
    profiler.disable()
    print_profile(profiler, top=14)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        say("interrupted; every process this benchmark started has been stopped")
        sys.exit(130)
