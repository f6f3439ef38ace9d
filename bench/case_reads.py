"""Case reads at scale: a case's detail and an approver's inbox, with N cases in the ledger.

Seeds (or reuses) the demo district's catalog and staff, a synthetic population and ``--cases``
synthetic cases (``seed_scale_cases``, the bulk insert behind ``onedoor seed --scale P --cases
N``), then times, through the whole Django stack with Django's test client:

- ``GET /api/v1/cases/{number}`` for random cases, as the district centre's clerk (the case,
  its checklist, tasks, results, clock and audit trail, and the data-access log row a staff
  read writes);
- ``GET /api/v1/tasks?status=open``, the first page (50) of the inbox of the approver whose
  department has the most open tasks.

It prints p50/p95/p99 of the wall-clock time and of the process's CPU time in milliseconds,
and the queries each request runs.

    .venv/bin/python bench/case_reads.py --cases 100000          # SQLite under var/bench-reads/
    .venv/bin/python bench/case_reads.py                         # 1,000,000 cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/onedoor_bench_reads \\
        .venv/bin/python bench/case_reads.py --cases 100000

Without DATABASE_URL it keeps its own SQLite database under ``--data-dir``. A PostgreSQL
database named by DATABASE_URL is created when missing. Seeding runs at roughly 500–1,000
cases a second: a million takes 15–30 minutes, and a second run reuses them.

Target: p95 at most 25 ms for both, with 1,000,000 cases.
"""

import argparse
import os
import random
import socket
import statistics
import sys
import time
from pathlib import Path

from measure import ensure_database


def main() -> None:
    args = _arguments()
    os.environ["ONEDOOR_DATA_DIR"] = str(Path(args.data_dir).resolve())
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])
    # Seeding the demo district must not feed anybody's sandbox: point it at a closed port.
    os.environ["ONEDOOR_SANDBOX_URL"] = f"http://127.0.0.1:{_closed_port()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", file=sys.stderr)
    _ensure_ledger(persons=args.persons, cases=args.cases)
    if args.seed_only:
        return
    clerk = _token("clerk")
    department, approver, open_tasks = _busiest_approver()
    numbers = _random_case_numbers(args.lookups + args.warmup, seed=args.seed)
    detail = _time_requests(
        [f"/api/v1/cases/{n}" for n in numbers], clerk, warmup=args.warmup, budget=args.budget
    )
    inbox = _time_requests(
        ["/api/v1/tasks?status=open"] * (args.inbox + args.warmup),
        approver,
        warmup=args.warmup,
        budget=args.budget,
    )
    _report(detail, inbox, department=department, open_tasks=open_tasks)
    if args.profile:
        paths = [f"/api/v1/cases/{n}" for n in numbers[: args.profile]]
        _profile("case detail", paths, clerk, budget=args.budget)
        paths = ["/api/v1/tasks?status=open"] * args.profile
        _profile("inbox first page", paths, approver, budget=args.budget)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases in the ledger")
    parser.add_argument("--persons", type=int, default=100_000, help="population they belong to")
    parser.add_argument("--lookups", type=int, default=2_000, help="timed case details")
    parser.add_argument("--inbox", type=int, default=500, help="timed inbox first pages")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests of each first")
    parser.add_argument("--seed", type=int, default=20261128, help="which cases to read")
    parser.add_argument("--profile", type=int, default=100, help="requests of each profiled")
    parser.add_argument(
        "--budget", type=float, default=120.0, help="at most this many seconds for each kind"
    )
    parser.add_argument("--data-dir", default="var/bench-reads", help="SQLite data dir (and keys)")
    parser.add_argument("--seed-only", action="store_true", help="seed the ledger, measure nothing")
    return parser.parse_args()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _ensure_ledger(*, persons: int, cases: int) -> None:
    from onedoor.cases.models import Case
    from onedoor.demo_district import is_seeded, seed_demo_district
    from onedoor.registry.models import Person
    from onedoor.registry.services.scale import seed_scale

    if not is_seeded():
        print("seeding the demo district (catalog, staff)", file=sys.stderr)
        seed_demo_district()
    present = Person.objects.count()
    if present < persons:
        print(f"seeding {persons - present:,} persons (have {present:,})", file=sys.stderr)
        seed_scale(persons - present, progress=True)
    present = Case.objects.count()
    if present >= cases:
        print(f"reusing {present:,} cases", file=sys.stderr)
        _vacuum()
        return
    print(f"seeding {cases - present:,} cases (have {present:,})", file=sys.stderr)
    started = time.perf_counter()
    written = _seed_cases(cases - present)
    elapsed = time.perf_counter() - started
    print(
        f"seeded {written:,} cases in {elapsed:.0f} s ({written / elapsed:.0f}/s)", file=sys.stderr
    )
    _vacuum()


def _seed_cases(count: int) -> int:
    """``seed_scale_cases``: COPY batches of 10,000 on PostgreSQL, each number checked against
    the ledger before its batch is written, the tables analysed at the end."""
    from onedoor.cases.scale import seed_scale_cases

    return seed_scale_cases(count, progress=True)


def _vacuum() -> None:
    """On PostgreSQL, VACUUM (ANALYZE) the case tables, as autovacuum does to a live table some
    time after a bulk load: it sets the visibility map that lets the inbox count its tasks from
    the index alone. SQLite has nothing of the kind."""
    from django.db import connection

    from onedoor.cases.scale import SEEDED_TABLES

    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in SEEDED_TABLES)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {tables}")
    print(f"vacuumed {tables} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _token(username: str) -> str:
    from onedoor.accounts.actions import create_token
    from onedoor.accounts.models import User

    return create_token(actor="bench", user=User.objects.get(username=username), name="bench")


def _busiest_approver() -> tuple[str, str, int]:
    """The department with the most open review tasks, a token of its approver, the count."""
    from django.db.models import Count

    from onedoor.cases.models import ReviewTask

    busiest = (
        ReviewTask.objects.filter(status="open")
        .values("department__code")
        .annotate(tasks=Count("id"))
        .order_by("-tasks")
        .first()
    )
    if busiest is None:
        raise SystemExit("no open review tasks in the ledger")
    code = busiest["department__code"]
    return code, _token(f"approver-{code}"), busiest["tasks"]


def _random_case_numbers(count: int, *, seed: int) -> list[str]:
    from django.db.models import Max, Min

    from onedoor.cases.models import Case

    rng = random.Random(seed)
    bounds = Case.objects.aggregate(low=Min("pk"), high=Max("pk"))
    numbers: list[str] = []
    while len(numbers) < count:
        pks = [rng.randint(bounds["low"], bounds["high"]) for _ in range(500)]
        numbers += Case.objects.filter(pk__in=pks).values_list("number", flat=True)
    rng.shuffle(numbers)
    return numbers[:count]


Timings = dict[str, list[float]]


def _time_requests(paths: list[str], token: str, *, warmup: int, budget: float) -> Timings:
    """Wall-clock and CPU milliseconds of each GET (until ``budget`` seconds have passed), and
    the queries of the last one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    timings: Timings = {"wall": [], "cpu": [], "queries": []}
    deadline = time.monotonic() + budget
    for i, path in enumerate(paths):
        if time.monotonic() > deadline and len(timings["wall"]) >= 20:
            print(f"stopped after {budget:.0f} s: {len(timings['wall'])} timed", file=sys.stderr)
            break
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        elapsed_cpu = (time.process_time() - started_cpu) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}: {response.content[:200]!r}")
        if i >= warmup:
            timings["wall"].append(elapsed)
            timings["cpu"].append(elapsed_cpu)
    with CaptureQueriesContext(connection) as queries:
        client.get(paths[-1], headers=headers)
    timings["queries"] = [float(len(queries))]
    return timings


def _report(detail: Timings, inbox: Timings, *, department: str, open_tasks: int) -> None:
    from django.db import connection

    from onedoor.cases.models import Case

    load = os.getloadavg()
    print(
        f"{connection.vendor}, {Case.objects.count():,} cases, load average "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    lines: list[tuple[str, Timings]] = [
        (f"case detail, {len(detail['wall']):,} random cases", detail),
        (f"inbox first page, {department}: {open_tasks:,} open tasks", inbox),
    ]
    for label, timings in lines:
        print(f"  {label} ({timings['queries'][0]:.0f} queries each)")
        for kind in ("wall", "cpu"):
            cuts = statistics.quantiles(timings[kind], n=100, method="inclusive")
            print(
                f"    {kind:<4}: p50 {cuts[49]:.2f} ms, p95 {cuts[94]:.2f} ms, "
                f"p99 {cuts[98]:.2f} ms, max {max(timings[kind]):.2f} ms"
            )


def _profile(label: str, paths: list[str], token: str, *, budget: float) -> None:
    """The requests again under cProfile: the heaviest entries by cumulative and own time."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    client = Client()
    headers = {"Authorization": f"Bearer {token}"}
    profiler = cProfile.Profile()
    deadline = time.monotonic() + budget
    done = 0
    profiler.enable()
    for path in paths:
        client.get(path, headers=headers)
        done += 1
        if time.monotonic() > deadline:
            break
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"onedoor/(api|cases|core|accounts|registry)", 12)
    stats.sort_stats("tottime").print_stats(10)
    print(f"\n{label}, {done} requests under cProfile:")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


if __name__ == "__main__":
    main()
