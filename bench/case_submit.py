"""Case submission throughput: ``POST /api/v1/cases`` against gunicorn, many clients at once.

Sets up everything it needs on its own: a PostgreSQL database (``--database-url``, created if
missing) or, with ``--sqlite``, a SQLite one under ``--data-dir``; the sandbox department
systems on a free port; the schema, the demo district and a synthetic population whose facts
the sandbox is fed; then starts ``onedoor serve`` (gunicorn), issues a clerk token, and drives
``POST /api/v1/cases`` from ``--concurrency`` client threads (httpx, keep-alive) for
``--seconds``, each submission a real application with its own Idempotency-Key:

- ``household-certificate``: an in-district resident, verified with the police system, decided
  on the spot with a signed licence (no duplicate rule, so any number of them);
- ``new-student-enrollment``: a six-to-eight-year-old with their guardian as agent, five facts
  verified in parallel, accepted into the education department's inbox (one per child and
  year, so each child is used once).

It prints the throughput (201 answers per second), latency p50/p95/p99, the answers by status
and outcome, the CPU each process spent per submission (gunicorn, PostgreSQL backends, the
sandbox, the load generator) and, after the load, ``--profile`` submissions run in-process
under cProfile with the top entries by cumulative time and the query count of each kind.

    .venv/bin/python bench/case_submit.py                         # PostgreSQL, 30 s
    .venv/bin/python bench/case_submit.py --mix household-certificate=3,new-student-enrollment=1
    .venv/bin/python bench/case_submit.py --sqlite --workers 2

Target: at least 250 submissions per second sustained on PostgreSQL with gunicorn, the load
generator on the same machine. Every process it starts is stopped on exit, Ctrl+C included;
all traffic stays on 127.0.0.1.
"""

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import itertools
import os
import pstats
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import httpx
from measure import CpuMeters, cuts, ensure_database

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/onedoor_bench"
CERTIFICATE = "household-certificate"
ENROLLMENT = "new-student-enrollment"
ENROLLMENT_FORM = {"school_preference": "zumiao-central", "guardian_phone": "13800000000"}
# Synthetic persons hold no e-licences: at the window the clerk sees the identity card itself.
ID_CARD = {"code": "id-card", "paper": True}
GUARDIAN_ID_CARD = {"code": "guardian-id-card", "paper": True}


def main() -> None:
    args = _arguments()
    _stop_on_signals()
    data_dir = Path(args.data_dir or f"var/bench-cases{'-sqlite' if args.sqlite else ''}").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["ONEDOOR_DATA_DIR"] = str(data_dir)
    if args.sqlite:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = ensure_database(args.database_url)
    with Processes() as processes:
        sandbox_url = processes.start_sandbox(data_dir / "sandbox")
        os.environ["ONEDOOR_SANDBOX_URL"] = sandbox_url
        _setup_django(sandbox_url)
        pools = _prepare_population(args.persons, sandbox_url)
        token = _clerk_token()
        mix = _parse_mix(args.mix)
        port = _free_port()
        processes.start_server(port, workers=args.workers, threads=args.threads, log=data_dir)
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/api/v1/health", "gunicorn", processes)
        bodies = BodySource(pools, mix, seed=args.seed)
        _drive(base, token, bodies, seconds=args.warmup, concurrency=args.concurrency, cap=None)
        assert processes.server is not None and processes.sandbox is not None
        meters = CpuMeters(
            processes.server.pid, _database_name(), sandbox_pid=processes.sandbox.pid
        )
        run = _drive(
            base, token, bodies, seconds=args.seconds, concurrency=args.concurrency, cap=args.cap
        )
        cpu = meters.spent()
        processes.stop_server()
        _report(args, run, cpu, bodies)
        if args.profile:
            _profile(bodies, count=args.profile)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        help=f"PostgreSQL database to use, created if missing (default {DEFAULT_DATABASE_URL})",
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite under --data-dir instead")
    parser.add_argument(
        "--data-dir",
        default=None,
        help="data dir: keys, cache, logs, the SQLite database "
        "(default var/bench-cases, or var/bench-cases-sqlite with --sqlite)",
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the timed load")
    parser.add_argument("--warmup", type=float, default=3.0, help="untimed load first (seconds)")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--cap", type=int, default=200_000, help="at most this many submissions")
    parser.add_argument(
        "--mix",
        default=f"{CERTIFICATE}=1",
        help=f"matter=weight,… of {CERTIFICATE} and {ENROLLMENT} (default {CERTIFICATE}=1)",
    )
    parser.add_argument("--persons", type=int, default=20_000, help="synthetic population")
    parser.add_argument("--profile", type=int, default=40, help="in-process profiled submissions")
    parser.add_argument("--seed", type=int, default=20261128, help="order of the applicants")
    return parser.parse_args()


def _stop_on_signals() -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


# ------------------------------------------------------------------ processes


class Processes:
    """The sandbox and gunicorn, stopped on leaving the ``with`` block whatever happened."""

    def __init__(self) -> None:
        self.sandbox: subprocess.Popen[bytes] | None = None
        self.server: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> "Processes":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_server()
        _terminate(self.sandbox)

    def start_sandbox(self, folder: Path) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "stderr.log"
        with log.open("wb") as stderr:
            self.sandbox = subprocess.Popen(
                [sys.executable, "-m", "onedoor.sandbox", "--port", "0", "--data-dir", str(folder)],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            first = log.read_text("utf-8").partition("\n")[0]
            if first.startswith("sandbox serving "):
                url = first.split()[2]
                _say(f"sandbox: {url}")
                return url
            if self.sandbox.poll() is not None:
                raise SystemExit(f"the sandbox exited: {log.read_text('utf-8')[-500:]}")
            time.sleep(0.05)
        raise SystemExit("the sandbox did not start within 20 s")

    def start_server(self, port: int, *, workers: int, threads: int, log: Path) -> None:
        _say(f"gunicorn: port {port}, {workers} workers × {threads} threads")
        with (log / "gunicorn.log").open("wb") as out:
            self.server = subprocess.Popen(
                [
                    *(sys.executable, "-m", "onedoor", "serve", "--port", str(port)),
                    *("--workers", str(workers), "--threads", str(threads)),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop_server(self) -> None:
        _terminate(self.server)
        self.server = None


def _terminate(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _wait_for(url: str, name: str, processes: Processes, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if processes.server is not None and processes.server.poll() is not None:
            raise SystemExit(f"{name} exited; see gunicorn.log in the data dir")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"{name} did not answer at {url} within {timeout:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ database and data


def _setup_django(sandbox_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onedoor.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from onedoor.demo_district import is_seeded
    from onedoor.exchange.actions import configure_connector
    from onedoor.exchange.connectors import connectors

    _say(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    quiet = io.StringIO()
    if is_seeded():
        call_command("seed", "--demo", "--sandbox-only", stdout=quiet)
    else:
        _say("seeding the demo district")
        call_command("seed", "--demo", stdout=quiet)
    # A database kept from an earlier run points its connectors at that run's sandbox port.
    for connector in connectors:
        code = connector.plugin_id
        configure_connector(
            actor="bench",
            system=code,
            base_url=f"{sandbox_url}/{code}",
            credentials=connector.demo_credentials("onedoor", f"onedoor-{code}-demo-key"),
            timeout_seconds=3.0,
            enabled=True,
        )


def _database_name() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])


@dataclass
class Pools:
    residents: list[str]
    families: list[tuple[str, str]]


def _prepare_population(wanted: int, sandbox_url: str) -> Pools:
    """A synthetic population of at least ``wanted`` persons, its facts fed to the sandbox."""
    from onedoor.registry.models import Person
    from onedoor.registry.services.scale import iter_scale_sandbox_batches, seed_scale

    present = Person.objects.count()
    if present < wanted:
        _say(f"seeding {wanted - present:,} persons (have {present:,})")
        seed_scale(wanted - present, progress=True)
    started = time.perf_counter()
    with httpx.Client(timeout=120) as client:
        for body in iter_scale_sandbox_batches():
            client.post(f"{sandbox_url}/_seed", json=body).raise_for_status()
    _say(f"sandbox fed the population's facts in {time.perf_counter() - started:.1f} s")
    return Pools(_residents(), _families())


def _residents() -> list[str]:
    from onedoor.registry.models import Person
    from onedoor.registry.personas import DISTRICT_PREFIX

    return list(
        Person.objects.filter(household_address__startswith=DISTRICT_PREFIX)
        .order_by("pk")
        .values_list("id_number", flat=True)
    )


def _families() -> list[tuple[str, str]]:
    """(child, guardian) pairs for an enrollment: six to eight by 31 August of the coming
    enrollment year, never enrolled before in this database."""
    from django.utils import timezone

    from onedoor.cases.models import Case
    from onedoor.registry.models import PersonRelation, RelationKind

    today = timezone.localdate()
    year = today.year if today.month < 9 else today.year + 1
    youngest = dt.date(year - 6, 8, 31)
    oldest = dt.date(year - 9, 9, 1)
    enrolled = Case.objects.filter(code=ENROLLMENT).values("applicant_person_id")
    pairs = (
        PersonRelation.objects.filter(
            kind=RelationKind.GUARDIAN, other__birth_date__range=(oldest, youngest)
        )
        .exclude(other_id__in=enrolled)
        .order_by("other_id", "person_id")
        .values_list("other__id_number", "person__id_number")
    )
    families: dict[str, str] = {}
    for child, guardian in pairs:
        families.setdefault(child, guardian)
    return list(families.items())


def _clerk_token() -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("token", "create", "clerk", "--name", "bench", stdout=out)
    return out.getvalue().strip()


def _parse_mix(text: str) -> list[tuple[str, int]]:
    mix = []
    for part in text.split(","):
        matter, _sep, weight = part.strip().partition("=")
        if matter not in (CERTIFICATE, ENROLLMENT):
            raise SystemExit(f"--mix knows {CERTIFICATE} and {ENROLLMENT}, not {matter!r}")
        mix.append((matter, int(weight or 1)))
    return mix


class BodySource:
    """Application bodies in the mix's proportions, thread-safe; each child is used once."""

    def __init__(self, pools: Pools, mix: list[tuple[str, int]], *, seed: int) -> None:
        rng = random.Random(seed)
        self.residents = pools.residents[:]
        self.families = pools.families[:]
        rng.shuffle(self.residents)
        rng.shuffle(self.families)
        if not self.residents:
            raise SystemExit("no in-district residents in the population")
        self._resident = itertools.cycle(self.residents)
        self._family: Iterator[tuple[str, str]] = iter(self.families)
        self._wheel = itertools.cycle([m for m, weight in mix for _ in range(weight)])
        self._lock = threading.Lock()
        self.handed: Counter[str] = Counter()

    def next(self) -> tuple[str, dict[str, Any]]:
        with self._lock:
            matter = next(self._wheel)
            if matter == ENROLLMENT:
                pair = next(self._family, None)
                if pair is not None:
                    self.handed[ENROLLMENT] += 1
                    return ENROLLMENT, enrollment_body(*pair)
                self.handed["enrollment-pool-empty"] += 1
            self.handed[CERTIFICATE] += 1
            return CERTIFICATE, certificate_body(next(self._resident))


def certificate_body(id_number: str, materials: list[dict[str, Any]] | None = None) -> dict:
    """The clerk sees the applicant's identity card; the household is verified with the police."""
    return {
        "matter": CERTIFICATE,
        "applicant": {"id_number": id_number},
        "channel": "window",
        "service_point": "district-centre",
        "form": {"purpose": "kinship"},
        "materials": materials or [ID_CARD],
    }


def enrollment_body(child: str, guardian: str, materials: list[dict] | None = None) -> dict:
    return {
        "matter": ENROLLMENT,
        "applicant": {"id_number": child},
        "agent": {"id_number": guardian},
        "channel": "window",
        "service_point": "district-centre",
        "form": ENROLLMENT_FORM,
        "materials": materials or [GUARDIAN_ID_CARD],
    }


# ------------------------------------------------------------------ load


@dataclass
class Run:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    client_cpu: float = 0.0


def _drive(
    base: str,
    token: str,
    bodies: BodySource,
    *,
    seconds: float,
    concurrency: int,
    cap: int | None,
) -> Run:
    """Submit from ``concurrency`` threads until ``seconds`` pass or ``cap`` submissions start."""
    run = Run()
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds
    budget = itertools.count() if cap is None else iter(range(cap))
    headers = {"Authorization": f"Bearer {token}"}

    def client() -> None:
        latencies: list[float] = []
        statuses: Counter[str] = Counter()
        outcomes: Counter[str] = Counter()
        with httpx.Client(base_url=base, headers=headers, timeout=60.0) as http:
            while time.perf_counter() < deadline:
                with lock:
                    if next(budget, None) is None:
                        break
                matter, body = bodies.next()
                key = {"Idempotency-Key": uuid.uuid4().hex}
                began = time.perf_counter()
                try:
                    response = http.post("/api/v1/cases", json=body, headers=key)
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                statuses[str(response.status_code)] += 1
                if response.status_code == 201:
                    outcomes[f"{matter} {response.json()['outcome']}"] += 1
                else:
                    outcomes[f"{matter} {response.text[:80]}"] += 1
        with lock:
            run.latencies += latencies
            run.statuses.update(statuses)
            run.outcomes.update(outcomes)

    cpu_before = time.process_time()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    run.seconds = time.perf_counter() - started
    run.client_cpu = time.process_time() - cpu_before
    return run


# ------------------------------------------------------------------ report


def _report(args: argparse.Namespace, run: Run, cpu: dict[str, float], bodies: BodySource) -> None:
    from django.db import connection

    created = run.statuses.get("201", 0)
    load = os.getloadavg()
    print(
        f"{connection.vendor}, gunicorn {args.workers} workers × {args.threads} threads, "
        f"{args.concurrency} clients, {run.seconds:.1f} s, mix {args.mix}"
    )
    print(f"  load average before the report: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"  throughput: {created / run.seconds:.1f} submissions/s ({created:,} answered 201)")
    print(f"  latency: {cuts(run.latencies)}")
    print(f"  answers by status: {dict(sorted(run.statuses.items()))}")
    for outcome, count in sorted(run.outcomes.items()):
        print(f"    {count:6,}  {outcome}")
    print(
        f"  bodies handed out, warm-up included: {dict(bodies.handed)} (pools: "
        f"{len(bodies.residents):,} residents, {len(bodies.families):,} children to enroll)"
    )
    if created:
        per = {name: cpu.get(name, 0.0) * 1000 / created for name in ("gunicorn", "postgres")}
        per["sandbox"] = cpu.get("sandbox", 0.0) * 1000 / created
        per["load generator"] = run.client_cpu * 1000 / created
        total = sum(per.values())
        print("  CPU per submission (ms): " + ", ".join(f"{k} {v:.1f}" for k, v in per.items()))
        print(
            f"  CPU per submission, all of it: {total:.1f} ms; on {os.cpu_count()} cores that "
            f"bounds the rate near {1000 * (os.cpu_count() or 1) / total:.0f}/s on an idle machine"
        )
        busy = sum(cpu.get(k, 0.0) for k in ("gunicorn", "postgres", "sandbox")) + run.client_cpu
        print(
            f"  cores used by the benchmark's processes: {busy / cpu['wall']:.2f} "
            f"of {os.cpu_count()} (the rest went to other work)"
        )


# Where submit_case spends its time: (label, module path suffix, function name).
PHASES = (
    ("idempotency replay check", "cases/actions/submit.py", "_replay"),
    ("matter spec from the catalog", "cases/actions/submit.py", "_spec"),
    ("applicant and agent", "cases/actions/submit.py", "_parties"),
    ("form check", "cases/services/form.py", "check_form"),
    ("case number", "cases/services/numbers.py", "new_case_number"),
    ("verify facts (HTTP, parallel) + exchange log", "cases/evaluation.py", "verify_facts"),
    ("gather facts", "cases/evaluation.py", "gather_facts"),
    ("gather evidence (licences on file)", "cases/evaluation.py", "gather_evidence"),
    ("assess", "cases/services/assessment.py", "assess"),
    ("the case row: built, its clock or decision set", "cases/actions/submit.py", "_new_case"),
    ("", "cases/actions/acceptance.py", "settle"),
    ("checklist, verifications, audit event", "cases/actions/submit.py", "_record"),
    ("advance (decide, sign licence, tasks, clock)", "cases/actions/acceptance.py", "advance"),
)


def _profile(bodies: BodySource, *, count: int) -> None:
    """``count`` submissions in this process: timed plainly (with the time spent in the
    database), then under cProfile split by phase, then the query count per kind."""
    from django.db import connection

    from onedoor.accounts.models import User
    from onedoor.cases.actions.submit import SubmissionRequest, submit_case

    clerk = User.objects.get(username="clerk")

    def submit(body: dict[str, Any]) -> str:
        request = SubmissionRequest(
            channel=body["channel"],
            matter=body["matter"],
            applicant_id_number=body["applicant"]["id_number"],
            agent_id_number=body.get("agent", {}).get("id_number", ""),
            service_point=body["service_point"],
            form=body["form"],
            materials=body["materials"],
        )
        case = submit_case(request, actor=clerk, idempotency_key=uuid.uuid4().hex).case
        return str(case.outcome)

    database = {"seconds": 0.0, "queries": 0}

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database["seconds"] += time.perf_counter() - began
            database["queries"] += 1

    plain = [bodies.next()[1] for _ in range(count)]
    started, started_cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        for body in plain:
            submit(body)
    wall = (time.perf_counter() - started) * 1000 / max(count, 1)
    cpu = (time.process_time() - started_cpu) * 1000 / max(count, 1)
    in_db = database["seconds"] * 1000 / max(count, 1)
    print(
        f"\nin-process submit_case, {count} submissions one after another: {wall:.1f} ms wall "
        f"each, {cpu:.1f} ms CPU of this process, {in_db:.1f} ms waiting on the database "
        f"({database['queries'] / max(count, 1):.1f} queries)"
    )

    profiled = [bodies.next()[1] for _ in range(count)]
    profiler = cProfile.Profile()
    profiler.enable()
    for body in profiled:
        submit(body)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = _cumulative(stats, "cases/actions/submit.py", "submit_case")
    print(
        f"\nunder cProfile ({total / count:.1f} ms per submit_case), by phase "
        "(ms per submission, share):"
    )
    for label, path, name in PHASES:
        spent = _cumulative(stats, path, name)
        print(f"  {spent / count:7.1f}  {100 * spent / max(total, 1e-9):5.1f} %  {label or name}")
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(15)
    stats.sort_stats("tottime").print_stats(12)
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))

    print("\nqueries per submission (the verification calls are HTTP, not queries):")
    papers = [ID_CARD, {"code": "household-register", "paper": True}]
    enrollment_papers = [
        {"code": code, "paper": True}
        for code in (
            "child-household-register",
            "guardian-id-card",
            "home-proof",
            "residence-permit",
            "vaccination-record",
        )
    ]
    cases: list[tuple[str, dict[str, Any]]] = [
        (
            "household certificate, 1 material (identity card)",
            certificate_body(next(bodies._resident)),
        ),
        (
            "household certificate, 2 materials",
            certificate_body(next(bodies._resident), papers),
        ),
    ]
    for label, materials in (
        ("enrollment, 1 material (guardian's identity card)", None),
        ("enrollment, 5 materials", enrollment_papers),
    ):
        pair = next(bodies._family, None)
        if pair is not None:
            cases.append((label, enrollment_body(*pair, materials)))
    for label, body in cases:
        before = database["queries"]
        with connection.execute_wrapper(timed):
            outcome = submit(body)
        print(f"  {database['queries'] - before:3d}  {label} ({outcome})")


def _cumulative(stats: pstats.Stats, path: str, name: str) -> float:
    """Milliseconds of cumulative time of the function ``name`` defined in ``path``."""
    found = 0.0
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if function == name and filename.endswith(path):
            found += row[3]
    return found * 1000


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        _say("interrupted; every process this benchmark started has been stopped")
        sys.exit(130)
