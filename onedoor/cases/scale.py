"""Synthetic cases for load tests and benchmarks (``onedoor seed --scale N --cases M``).

Cases of the published matters for persons already in the registry, in every state a district
has at once: most decided long ago, some in review with open tasks in the departments' inboxes,
a few waiting for a supplement. They bypass submission (no department system is asked), so
they say nothing about submission speed: bench/case_submit.py measures that.

Rows are written in batches, one transaction and one audit event per batch. On PostgreSQL a
batch is three ``COPY``s (cases, their checklists, their tasks) with ids taken from the
sequence beforehand, about ten times as fast as ORM inserts; elsewhere it is ORM bulk inserts.
Every case number is checked against the ledger (and the batch) before its batch is written,
so seeding never collides with a case already there. The tables are analysed at the end: a
planner working from an empty table's estimates would choose badly at a million rows.
"""

import datetime as dt
import json
import random
import sys
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from tqdm import tqdm

from onedoor.cases.choices import (
    CaseStatus,
    ClockState,
    Decision,
    MaterialState,
    Outcome,
    TaskStatus,
)
from onedoor.cases.models import Case, CaseMaterial, ReviewTask
from onedoor.cases.services.numbers import new_case_number
from onedoor.catalog.models import Department, MatterVersion
from onedoor.core.audit import record_event
from onedoor.registry.models import Person

SEED_ACTOR = "system:seed-scale"
BATCH_SIZE = 10_000
CHANNELS = ("window", "online", "app", "wechat", "kiosk")
# Share of cases in each state, as a district's ledger holds them.
MIX = (
    (CaseStatus.DELIVERED, 0.70),
    (CaseStatus.DECIDED, 0.08),
    (CaseStatus.IN_REVIEW, 0.12),
    (CaseStatus.ACCEPTED, 0.05),
    (CaseStatus.SUBMITTED, 0.03),
    (CaseStatus.REFUSED, 0.02),
)
OPEN_REVIEW = (CaseStatus.IN_REVIEW, CaseStatus.ACCEPTED)
SEEDED_TABLES: tuple[type[models.Model], ...] = (Case, CaseMaterial, ReviewTask)


@dataclass(frozen=True, slots=True)
class _Matter:
    version_id: int
    code: str
    name: str
    department_id: int
    promised_days: int
    statutory_days: int
    limit_unit: str
    # As submission fixes them on the case: one review stage by the matter's department, and
    # the matter as the case's one member.
    stages: list[dict[str, Any]]
    members: list[dict[str, Any]]


@dataclass(slots=True)
class _Draft:
    """One synthetic case before it is written: what varies from case to case."""

    number: str
    matter: _Matter
    applicant: int
    channel: str
    status: CaseStatus
    submitted_at: dt.datetime
    day: dt.date
    accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    delivered_at: dt.datetime | None
    deadline: dt.date | None
    pk: int | None = None

    @property
    def open(self) -> bool:
        """In review: an open task waits in its department's inbox."""
        return self.status in OPEN_REVIEW


def _matters() -> list[_Matter]:
    versions = (
        MatterVersion.objects.published()
        .select_related("matter", "department", "result_licence_type")
        .filter(instant=False)
    )
    return [
        _Matter(
            v.pk,
            v.matter.code,
            v.name,
            v.department_id,
            v.promised_days,
            v.statutory_days,
            v.limit_unit,
            stages=[{"name": "审查", "rule": "all", "reviews": [v.department.code]}],
            members=[
                {
                    "code": v.matter.code,
                    "name": v.name,
                    "department": v.department.code,
                    "result_licence_type": (
                        v.result_licence_type.code if v.result_licence_type else None
                    ),
                    "result_name": v.result_name,
                }
            ],
        )
        for v in versions
    ]


def _applicants(rng: random.Random, count: int) -> list[int]:
    ids = list(Person.objects.order_by("?").values_list("pk", flat=True)[: min(count, 200_000)])
    if not ids:
        raise ValueError("seed persons first: onedoor seed --scale N")
    return [rng.choice(ids) for _ in range(count)]


def seed_scale_cases(
    count: int, *, progress: bool = True, seed: int | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Insert ``count`` synthetic cases and analyse their tables; returns how many were written."""
    rng = random.Random(seed)
    matters = _matters()
    if not matters:
        raise ValueError("import a catalog first: onedoor seed --demo or onedoor catalog import")
    applicants = _applicants(rng, count)
    departments = set(Department.objects.values_list("pk", flat=True))
    bar = tqdm(total=count, unit="case", disable=not progress, file=sys.stderr)
    written = 0
    for start in range(0, count, batch_size):
        batch = applicants[start : start + batch_size]
        now = timezone.now()
        drafts = [_draft(rng, rng.choice(matters), applicant, now) for applicant in batch]
        with transaction.atomic():
            _renumber_taken(drafts)
            _write_batch(drafts, departments, now)
            record_event(
                actor=SEED_ACTOR,
                action="cases.scale_seeded",
                object_type="cases.case",
                payload={"count": len(drafts)},
            )
        written += len(drafts)
        bar.update(len(drafts))
    bar.close()
    analyze_seeded_tables()
    return written


def analyze_seeded_tables() -> None:
    """Fresh planner statistics for the tables seeding filled."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in SEEDED_TABLES)
            cursor.execute(f"ANALYZE {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


# ------------------------------------------------------------------ drawing cases


def _status(rng: random.Random) -> CaseStatus:
    pick, total = rng.random(), 0.0
    for status, share in MIX:
        total += share
        if pick < total:
            return status
    return CaseStatus.DELIVERED


def _draft(rng: random.Random, matter: _Matter, applicant: int, now: dt.datetime) -> _Draft:
    status = _status(rng)
    if status in OPEN_REVIEW:
        submitted = now - dt.timedelta(days=rng.randint(0, 14), seconds=rng.randint(0, 86_400))
    else:
        submitted = now - dt.timedelta(days=rng.randint(0, 720), seconds=rng.randint(0, 86_400))
    decided = status in (CaseStatus.DECIDED, CaseStatus.DELIVERED)
    accepted = status not in (CaseStatus.SUBMITTED, CaseStatus.REFUSED)
    day = timezone.localtime(submitted).date()
    return _Draft(
        number=new_case_number(day),
        matter=matter,
        applicant=applicant,
        channel=rng.choice(CHANNELS),
        status=status,
        submitted_at=submitted,
        day=day,
        accepted_at=submitted if accepted else None,
        decided_at=submitted + dt.timedelta(days=rng.randint(1, 8)) if decided else None,
        delivered_at=submitted + dt.timedelta(days=9) if status == CaseStatus.DELIVERED else None,
        deadline=day + dt.timedelta(days=matter.promised_days * 7 // 5) if accepted else None,
    )


def _renumber_taken(drafts: list[_Draft]) -> None:
    """Draw again every number the ledger or an earlier draft of the batch already holds."""
    pending = drafts
    seen: set[str] = set()
    while pending:
        numbers = [d.number for d in pending]
        taken = set(Case.objects.filter(number__in=numbers).values_list("number", flat=True))
        clashing = []
        for draft in pending:
            if draft.number in taken or draft.number in seen:
                draft.number = new_case_number(draft.day)
                clashing.append(draft)
            else:
                seen.add(draft.number)
        pending = clashing


def _outcome(status: CaseStatus) -> Outcome:
    return {
        CaseStatus.SUBMITTED: Outcome.NOTICE,
        CaseStatus.REFUSED: Outcome.REFUSED,
    }.get(status, Outcome.ACCEPTED)


def _clock(status: CaseStatus) -> str:
    if status in OPEN_REVIEW:
        return ClockState.RUNNING
    return ClockState.STOPPED if status in (CaseStatus.DECIDED, CaseStatus.DELIVERED) else ""


def _case_row(draft: _Draft, now: dt.datetime) -> tuple[Any, ...]:
    """The values of CASE_COLUMNS."""
    matter, status = draft.matter, draft.status
    return (
        draft.pk,
        draft.number,
        matter.version_id,
        matter.code,
        matter.name,
        matter.department_id,
        draft.applicant,
        draft.channel,
        SEED_ACTOR,
        status.value,
        _outcome(status).value,
        Decision.APPROVED.value if draft.decided_at else "",
        draft.day,
        draft.submitted_at,
        draft.accepted_at,
        draft.decided_at,
        draft.delivered_at,
        matter.limit_unit,
        matter.promised_days,
        matter.statutory_days,
        draft.deadline,
        _clock(status),
        matter.stages if draft.accepted_at else [],
        matter.members,
        now,
    )


def _material_rows(draft: _Draft, now: dt.datetime) -> Iterator[tuple[Any, ...]]:
    """The values of MATERIAL_COLUMNS: the identity card on file, and the application form."""
    yield (draft.pk, 0, "id-card", "申请人身份证", True, MaterialState.REUSED.value, now)
    missing = draft.status == CaseStatus.SUBMITTED
    state = MaterialState.MISSING if missing else MaterialState.UPLOADED
    yield (draft.pk, 1, "application", "申请表", True, state.value, now)


def _task_row(draft: _Draft, now: dt.datetime) -> tuple[Any, ...]:
    """The values of TASK_COLUMNS: the department's open review task, with the case deadline."""
    created = draft.accepted_at or now
    department = draft.matter.department_id
    return (
        draft.pk,
        uuid.uuid4(),
        0,
        "审查",
        "all",
        department,
        TaskStatus.OPEN.value,
        draft.deadline,
        created,
    )


# ------------------------------------------------------------------ writing


class _Table:
    """How rows of one model are written: the columns given per row, then the rest at their
    defaults (prepared for the database once)."""

    def __init__(self, model: type[models.Model], given: tuple[str, ...]) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        pk = model._meta.pk
        rest = [f for name, f in fields.items() if name not in given and f is not pk]
        self.model = model
        self.name = connection.ops.quote_name(model._meta.db_table)
        self.given = [fields[name] for name in given]
        self.columns = [connection.ops.quote_name(str(f.column)) for f in [*self.given, *rest]]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        self.json = [i for i, f in enumerate(self.given) if isinstance(f, models.JSONField)]

    def next_ids(self, count: int) -> list[int]:
        """``count`` ids no row holds yet (the sequence's on PostgreSQL; under the write lock
        an IMMEDIATE transaction takes on SQLite, the ones after the highest)."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.model._meta.db_table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.name}")  # noqa: S608
            top = int(cursor.fetchone()[0])
            return list(range(top + 1, top + 1 + count))

    def _json_as_text(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.json:
            return row
        values = list(row)
        for i in self.json:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        return tuple(values)

    def write(self, rows: Iterable[tuple[Any, ...]]) -> None:
        columns = ", ".join(self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # psycopg adapts plain Python values itself: no per-value preparation.
                with cursor.cursor.copy(f"COPY {self.name} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row((*self._json_as_text(row), *self.defaults))
                return
            given = self.given
            prepared = [
                (*(f.get_db_prep_save(v, connection) for f, v in zip(given, row, strict=True)),
                 *self.defaults)
                for row in rows
            ]  # fmt: skip
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(
                f"INSERT INTO {self.name} ({columns}) VALUES ({marks})",  # noqa: S608
                prepared,
            )


CASE_COLUMNS = (
    "id",
    "number",
    "matter_version_id",
    "code",
    "name",
    "department_id",
    "applicant_person_id",
    "channel",
    "submitted_by",
    "status",
    "outcome",
    "decision",
    "reference_date",
    "submitted_at",
    "accepted_at",
    "decided_at",
    "delivered_at",
    "limit_unit",
    "promised_days",
    "statutory_days",
    "deadline",
    "clock_state",
    "stages",
    "members",
    "updated_at",
)
MATERIAL_COLUMNS = ("case_id", "order", "code", "name", "key", "state", "updated_at")
TASK_COLUMNS = (
    "case_id",
    "public_id",
    "stage",
    "stage_name",
    "rule",
    "department_id",
    "status",
    "deadline",
    "created_at",
)


def _write_batch(drafts: list[_Draft], departments: set[int], now: dt.datetime) -> None:
    cases = _Table(Case, CASE_COLUMNS)
    for draft, pk in zip(drafts, cases.next_ids(len(drafts)), strict=True):
        draft.pk = pk
    cases.write(_case_row(d, now) for d in drafts)
    _Table(CaseMaterial, MATERIAL_COLUMNS).write(
        row for d in drafts for row in _material_rows(d, now)
    )
    _Table(ReviewTask, TASK_COLUMNS).write(
        _task_row(d, now) for d in drafts if d.matter.department_id in departments and d.open
    )
