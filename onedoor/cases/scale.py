"""Synthetic cases for load tests and benchmarks (``onedoor seed --scale N --cases M``).

Cases of the published matters for persons already in the registry, in every state a district
has at once: most decided long ago, some in review with open tasks in the departments' inboxes,
a few waiting for a supplement. Rows are bulk-inserted in batches with one audit event per batch,
like the population they belong to; they bypass submission (no department system is asked), so
they say nothing about submission speed: bench/case_submit.py measures that.
"""

import datetime as dt
import random
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
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
BATCH_SIZE = 5_000
# Share of cases in each state, as a district's ledger holds them.
MIX = (
    (CaseStatus.DELIVERED, 0.70),
    (CaseStatus.DECIDED, 0.08),
    (CaseStatus.IN_REVIEW, 0.12),
    (CaseStatus.ACCEPTED, 0.05),
    (CaseStatus.SUBMITTED, 0.03),
    (CaseStatus.REFUSED, 0.02),
)


@dataclass(frozen=True, slots=True)
class _Matter:
    version_id: int
    code: str
    name: str
    department_id: int
    promised_days: int
    statutory_days: int
    limit_unit: str


def _matters() -> list[_Matter]:
    versions = MatterVersion.objects.published().select_related("matter").filter(instant=False)
    return [
        _Matter(
            v.pk,
            v.matter.code,
            v.name,
            v.department_id,
            v.promised_days,
            v.statutory_days,
            v.limit_unit,
        )
        for v in versions
    ]


def _applicants(rng: random.Random, count: int) -> list[int]:
    ids = list(Person.objects.order_by("?").values_list("pk", flat=True)[: min(count, 200_000)])
    if not ids:
        raise ValueError("seed persons first: onedoor seed --scale N")
    return [rng.choice(ids) for _ in range(count)]


def seed_scale_cases(count: int, *, progress: bool = True, seed: int | None = None) -> int:
    """Insert ``count`` synthetic cases; returns how many were written."""
    rng = random.Random(seed)
    matters = _matters()
    if not matters:
        raise ValueError("import a catalog first: onedoor seed --demo or onedoor catalog import")
    applicants = _applicants(rng, count)
    departments = set(Department.objects.values_list("pk", flat=True))
    bar = tqdm(total=count, unit="case", disable=not progress, file=sys.stderr)
    written = 0
    for start in range(0, count, BATCH_SIZE):
        batch = applicants[start : start + BATCH_SIZE]
        with transaction.atomic():
            written += _insert_batch(rng, matters, departments, batch)
            record_event(
                actor=SEED_ACTOR,
                action="cases.scale_seeded",
                object_type="cases.case",
                payload={"count": len(batch)},
            )
        bar.update(len(batch))
    bar.close()
    return written


def _status(rng: random.Random) -> CaseStatus:
    pick, total = rng.random(), 0.0
    for status, share in MIX:
        total += share
        if pick < total:
            return status
    return CaseStatus.DELIVERED


def _insert_batch(
    rng: random.Random, matters: list[_Matter], departments: set[int], applicants: list[int]
) -> int:
    now = timezone.now()
    cases = [_case(rng, rng.choice(matters), applicant, now) for applicant in applicants]
    Case.objects.bulk_create(cases, batch_size=1000)
    materials: list[CaseMaterial] = []
    tasks: list[ReviewTask] = []
    for case in cases:
        materials.extend(_materials(case))
        if case.status in (CaseStatus.IN_REVIEW, CaseStatus.ACCEPTED):
            tasks.append(_task(case))
    CaseMaterial.objects.bulk_create(materials, batch_size=2000)
    ReviewTask.objects.bulk_create(
        [t for t in tasks if t.department_id in departments], batch_size=2000
    )
    return len(cases)


def _case(rng: random.Random, matter: _Matter, applicant: int, now: dt.datetime) -> Case:
    status = _status(rng)
    submitted = now - dt.timedelta(days=rng.randint(0, 720), seconds=rng.randint(0, 86_400))
    open_case = status in (CaseStatus.IN_REVIEW, CaseStatus.ACCEPTED)
    if open_case:
        submitted = now - dt.timedelta(days=rng.randint(0, 14), seconds=rng.randint(0, 86_400))
    decided = status in (CaseStatus.DECIDED, CaseStatus.DELIVERED)
    accepted_at = submitted if status not in (CaseStatus.SUBMITTED, CaseStatus.REFUSED) else None
    day = timezone.localtime(submitted).date()
    case = Case(
        number=new_case_number(day),
        matter_version_id=matter.version_id,
        code=matter.code,
        name=matter.name,
        department_id=matter.department_id,
        applicant_person_id=applicant,
        channel=rng.choice(("window", "online", "app", "wechat", "kiosk")),
        submitted_by=SEED_ACTOR,
        status=status,
        outcome=_outcome(status),
        decision=Decision.APPROVED if decided else "",
        reference_date=day,
        accepted_at=accepted_at,
        decided_at=submitted + dt.timedelta(days=rng.randint(1, 8)) if decided else None,
        delivered_at=submitted + dt.timedelta(days=9) if status == CaseStatus.DELIVERED else None,
        limit_unit=matter.limit_unit,
        promised_days=matter.promised_days,
        statutory_days=matter.statutory_days,
        deadline=day + dt.timedelta(days=matter.promised_days * 7 // 5) if accepted_at else None,
        clock_state=_clock(status),
        stages=[],
        members=[],
    )
    case.submitted_at = submitted
    return case


def _outcome(status: CaseStatus) -> Outcome:
    return {
        CaseStatus.SUBMITTED: Outcome.NOTICE,
        CaseStatus.REFUSED: Outcome.REFUSED,
    }.get(status, Outcome.ACCEPTED)


def _clock(status: CaseStatus) -> str:
    if status in (CaseStatus.IN_REVIEW, CaseStatus.ACCEPTED):
        return ClockState.RUNNING
    return ClockState.STOPPED if status in (CaseStatus.DECIDED, CaseStatus.DELIVERED) else ""


def _materials(case: Case) -> Iterator[CaseMaterial]:
    yield CaseMaterial(
        case=case,
        order=0,
        code="id-card",
        name="申请人身份证",
        key=True,
        state=MaterialState.REUSED,
    )
    state = MaterialState.MISSING if case.status == CaseStatus.SUBMITTED else MaterialState.UPLOADED
    yield CaseMaterial(case=case, order=1, code="application", name="申请表", key=True, state=state)


def _task(case: Case) -> ReviewTask:
    return ReviewTask(
        case=case,
        public_id=uuid.uuid4(),
        stage=0,
        stage_name="审查",
        rule="all",
        department_id=case.department_id,
        status=TaskStatus.OPEN,
    )
