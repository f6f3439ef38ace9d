"""The sandbox's own data store: one SQLite file holding every system's records and fault modes.

A connection is opened per request: requests run on threads (or in several processes under
gunicorn), and SQLite in WAL mode lets readers go on while a seed batch is written.
"""

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onedoor.sandbox.records import (
    ORGANISATION_COLUMNS,
    PERSON_COLUMNS,
    person_table_sql,
    section_of,
)

DEFAULT_SLOW_DELAY = 30.0

SCHEMA = f"""
{person_table_sql()};
CREATE INDEX IF NOT EXISTS person_school ON person (school__school) WHERE school__enrolled = 1;
CREATE TABLE IF NOT EXISTS organisation (
    uscc TEXT PRIMARY KEY, name TEXT NOT NULL, registered INTEGER NOT NULL,
    legal_representative TEXT, tax__arrears INTEGER);
CREATE TABLE IF NOT EXISTS school (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, capacity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS fault (
    system TEXT PRIMARY KEY, mode TEXT NOT NULL, delay REAL NOT NULL,
    latency_ms INTEGER NOT NULL, served INTEGER NOT NULL DEFAULT 0);
"""
# Placeholders only: the values always travel as parameters.
_PERSON_MARKS = ", ".join("?" * len(PERSON_COLUMNS))
_ORGANISATION_MARKS = ", ".join("?" * len(ORGANISATION_COLUMNS))
INSERT_PERSON = f"INSERT OR REPLACE INTO person VALUES ({_PERSON_MARKS})"  # noqa: S608
INSERT_ORGANISATION = f"INSERT OR REPLACE INTO organisation VALUES ({_ORGANISATION_MARKS})"  # noqa: S608

DEFAULT_SCHOOLS = (
    ("district-experimental", "区实验小学", 270),
    ("riverside", "江滨小学", 180),
    ("garden", "花园小学", 180),
)


@dataclass(frozen=True)
class Fault:
    mode: str
    delay: float
    latency_ms: int

    def as_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "delay": self.delay, "latency_ms": self.latency_ms}


HEALTHY = Fault("ok", DEFAULT_SLOW_DELAY, 0)


@dataclass
class SeedBatch:
    """Rows in the column order of the person, organisation and school tables."""

    persons: list[tuple[Any, ...]] = field(default_factory=list)
    organisations: list[tuple[Any, ...]] = field(default_factory=list)
    schools: list[tuple[Any, ...]] = field(default_factory=list)


class Store:
    def __init__(self, path: Path, systems: Sequence[str]) -> None:
        self.path = path
        self.systems = tuple(systems)
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(path, timeout=30)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(SCHEMA)
            with conn:
                self._insert_defaults(conn)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous=NORMAL")
        try:
            yield conn
        finally:
            conn.close()

    def _insert_defaults(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT OR IGNORE INTO school VALUES (?, ?, ?)", DEFAULT_SCHOOLS)
        conn.executemany(
            "INSERT OR IGNORE INTO fault (system, mode, delay, latency_ms) VALUES (?, 'ok', ?, 0)",
            [(system, DEFAULT_SLOW_DELAY) for system in self.systems],
        )

    # Records ---------------------------------------------------------------------------------

    def get_person(self, id_number: str) -> dict[str, Any] | None:
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM person WHERE id_number = ?", (id_number,)).fetchone()
        return dict(row) if row is not None else None

    def get_section(self, id_number: str, section: str) -> dict[str, Any] | None:
        """One department's record of the person (with their identity), or None."""
        return section_of(self.get_person(id_number), section)

    def get_organisation(self, uscc: str) -> dict[str, Any] | None:
        with self.connect() as conn:
            row = conn.execute("SELECT * FROM organisation WHERE uscc = ?", (uscc,)).fetchone()
        return dict(row) if row is not None else None

    def list_schools(self) -> list[dict[str, Any]]:
        """Every school with its capacity and the number of its enrolled pupils."""
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT s.code, s.name, s.capacity, COUNT(p.id_number) AS enrolled"
                " FROM school s LEFT JOIN person p"
                " ON p.school__school = s.code AND p.school__enrolled = 1"
                " GROUP BY s.code ORDER BY s.code"
            ).fetchall()
        return [dict(row) for row in rows]

    def write_seed(self, batch: SeedBatch) -> None:
        """Replace the batch's persons, organisations and schools whole, in one transaction."""
        with self.connect() as conn, conn:
            conn.executemany(INSERT_PERSON, batch.persons)
            conn.executemany(INSERT_ORGANISATION, batch.organisations)
            conn.executemany("INSERT OR REPLACE INTO school VALUES (?, ?, ?)", batch.schools)

    def reset(self) -> None:
        """Forget every record and every fault; the default schools come back."""
        with self.connect() as conn, conn:
            for table in ("person", "organisation", "school", "fault"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
            self._insert_defaults(conn)

    # Faults ----------------------------------------------------------------------------------

    def get_fault(self, system: str) -> Fault:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT mode, delay, latency_ms FROM fault WHERE system = ?", (system,)
            ).fetchone()
        return HEALTHY if row is None else Fault(row["mode"], row["delay"], row["latency_ms"])

    def all_faults(self) -> dict[str, Fault]:
        with self.connect() as conn:
            rows = conn.execute("SELECT system, mode, delay, latency_ms FROM fault").fetchall()
        found = {row["system"]: Fault(row["mode"], row["delay"], row["latency_ms"]) for row in rows}
        return {system: found.get(system, HEALTHY) for system in self.systems}

    def set_faults(
        self,
        systems: Iterable[str],
        *,
        mode: str | None,
        delay: float | None,
        latency_ms: int | None,
    ) -> None:
        """Switch the systems' modes; a new mode's delay is 30 s unless given.

        Every switch restarts the count that makes error mode alternate its answers.
        """
        current = self.all_faults()
        with self.connect() as conn, conn:
            for system in systems:
                old = current[system]
                new_mode, new_delay = (mode, DEFAULT_SLOW_DELAY) if mode else (old.mode, old.delay)
                if delay is not None:
                    new_delay = delay
                new_latency = old.latency_ms if latency_ms is None else latency_ms
                conn.execute(
                    "INSERT OR REPLACE INTO fault (system, mode, delay, latency_ms, served)"
                    " VALUES (?, ?, ?, ?, 0)",
                    (system, new_mode, new_delay, new_latency),
                )

    def count_error_answer(self, system: str) -> int:
        """How many answers the system has given in error mode, this one included."""
        with self.connect() as conn, conn:
            row = conn.execute(
                "UPDATE fault SET served = served + 1 WHERE system = ? RETURNING served", (system,)
            ).fetchone()
        return int(row["served"]) if row is not None else 1
