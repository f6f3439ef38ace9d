"""Person lookup latency: ``GET /api/v1/persons/{id_number}?purpose=bench`` on a large registry.

Seeds (or reuses) a registry of N synthetic persons, then times random lookups through the
whole Django stack (middleware, token authentication, the query, the access-log insert and the
JSON answer) with Django's test client, and prints p50/p95/p99 in milliseconds.

    .venv/bin/python bench/person_lookup.py                      # SQLite under var/bench/
    .venv/bin/python bench/person_lookup.py --persons 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/onedoor_bench \\
        .venv/bin/python bench/person_lookup.py

Without DATABASE_URL the benchmark keeps its own SQLite database under ``--data-dir``
(default ``var/bench``), so the demo database is never filled with a million people.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    args = _arguments()
    if not os.environ.get("DATABASE_URL"):
        os.environ["ONEDOOR_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", file=sys.stderr)
    _ensure_population(args.persons)
    headers = {"Authorization": f"Bearer {_staff_token()}"}
    numbers = _random_numbers(args.lookups + args.warmup, seed=args.seed)
    timings = _time_lookups(numbers, headers, warmup=args.warmup)
    _report(timings)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000, help="registry size")
    parser.add_argument("--lookups", type=int, default=2_000, help="timed lookups")
    parser.add_argument("--warmup", type=int, default=100, help="untimed lookups first")
    parser.add_argument("--seed", type=int, default=20261128, help="which persons to look up")
    parser.add_argument("--data-dir", default="var/bench", help="SQLite data dir")
    return parser.parse_args()


def _ensure_population(wanted: int) -> None:
    from onedoor.registry.models import Person
    from onedoor.registry.services.scale import seed_scale

    present = Person.objects.count()
    if present >= wanted:
        print(f"reusing {present:,} persons", file=sys.stderr)
        return
    print(f"seeding {wanted - present:,} persons (have {present:,})", file=sys.stderr)
    result = seed_scale(wanted - present, progress=True)
    print(f"seeded {result}", file=sys.stderr)


def _staff_token() -> str:
    from onedoor.accounts.actions import create_staff_user, create_token

    user = create_staff_user(
        actor="bench",
        username="bench-clerk",
        password=None,
        full_name="基准测试",
        roles=[("clerk", None, None)],
    )
    return create_token(actor="bench", user=user, name="bench")


def _random_numbers(count: int, *, seed: int) -> list[str]:
    from django.db.models import Max, Min

    from onedoor.registry.models import Person

    rng = random.Random(seed)
    bounds = Person.objects.aggregate(low=Min("pk"), high=Max("pk"))
    numbers: list[str] = []
    while len(numbers) < count:
        pks = [rng.randint(bounds["low"], bounds["high"]) for _ in range(500)]
        numbers += Person.objects.filter(pk__in=pks).values_list("id_number", flat=True)
    rng.shuffle(numbers)
    return numbers[:count]


def _time_lookups(
    numbers: list[str], headers: dict[str, str], *, warmup: int
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each lookup (CPU time shows a busy machine's share)."""
    from django.test import Client

    client = Client()
    wall: list[float] = []
    cpu: list[float] = []
    for i, number in enumerate(numbers):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/api/v1/persons/{number}?purpose=bench", headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        elapsed_cpu = (time.process_time() - started_cpu) * 1000
        if response.status_code != 200:
            raise SystemExit(f"lookup answered {response.status_code}: {response.content[:200]!r}")
        if i >= warmup:
            wall.append(elapsed)
            cpu.append(elapsed_cpu)
    return wall, cpu


def _report(timings: tuple[list[float], list[float]]) -> None:
    from django.db import connection

    from onedoor.registry.models import Person

    wall, cpu = timings
    load = os.getloadavg()
    print(
        f"{connection.vendor}, {Person.objects.count():,} persons, {len(wall):,} lookups, "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    for label, values in (("wall", wall), ("cpu ", cpu)):
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        print(
            f"  {label}: p50 {cuts[49]:.2f} ms, p95 {cuts[94]:.2f} ms, p99 {cuts[98]:.2f} ms, "
            f"mean {statistics.fmean(values):.2f} ms, max {max(values):.2f} ms"
        )


if __name__ == "__main__":
    main()
