"""What the benchmarks share: their PostgreSQL database, CPU read from /proc per process group,
and latency percentiles."""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

TICKS = os.sysconf("SC_CLK_TCK")
# The databases a benchmark never writes to: the machine's shared ones.
PROTECTED_DATABASES = {"postgres", "test", "root", "template0", "template1"}


def ensure_database(url: str) -> str:
    """Create the benchmark's PostgreSQL database if it is missing; never one of the shared ones,
    never on another host."""
    import psycopg

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit("the database must be a postgres:// URL (or use --sqlite)")
    name = parts.path.lstrip("/")
    if not name or name in PROTECTED_DATABASES:
        raise SystemExit(f"refusing to use the database {name!r}: name a benchmark database")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the benchmark runs against a local PostgreSQL only")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')  # name checked above
            print(f"created database {name}", file=sys.stderr, flush=True)
    return url


class CpuMeters:
    """CPU seconds spent by gunicorn (master and workers), this database's PostgreSQL backends
    and, when given, the sandbox, read from /proc before and after the load; ``client`` is this
    process (the load generator)."""

    def __init__(self, server_pid: int, database: str, *, sandbox_pid: int | None = None) -> None:
        self.server = server_pid
        self.sandbox = sandbox_pid
        self.database = database
        self.before = self._read()
        self.started = time.perf_counter()
        self.started_cpu = time.process_time()

    def _read(self) -> dict[str, dict[int, float]]:
        groups: dict[str, dict[int, float]] = {"gunicorn": {}, "postgres": {}}
        if self.sandbox is not None:
            groups["sandbox"] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            pid, ppid = int(entry.name), int(fields[1])
            cpu = (int(fields[11]) + int(fields[12])) / TICKS
            if pid == self.server or ppid == self.server:
                groups["gunicorn"][pid] = cpu
            elif pid == self.sandbox:
                groups["sandbox"][pid] = cpu
            elif cmdline.startswith("postgres: ") and f" {self.database} " in cmdline:
                groups["postgres"][pid] = cpu
        return groups

    def spent(self) -> dict[str, float]:
        after = self._read()
        spent = {
            group: sum(cpu - self.before[group].get(pid, 0.0) for pid, cpu in pids.items())
            for group, pids in after.items()
        }
        spent["client"] = time.process_time() - self.started_cpu
        spent["wall"] = time.perf_counter() - self.started
        return spent


def cuts(values: list[float]) -> str:
    """p50 / p95 / p99 / max of latencies in milliseconds."""
    if len(values) < 2:
        return "too few answers"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, p99 {q[98]:.1f} ms, max {max(values):.1f} ms"
