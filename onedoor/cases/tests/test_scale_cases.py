"""Synthetic cases at scale: every row a real case the API reads, numbers never reused."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from onedoor.accounts.demo import seed_demo_users
from onedoor.accounts.models import User
from onedoor.cases import scale
from onedoor.cases.models import Case, CaseMaterial, ReviewTask
from onedoor.cases.queries import access_case, clock_of
from onedoor.cases.scale import seed_scale_cases
from onedoor.cases.tests.conftest import catalog_subset
from onedoor.catalog.actions import import_catalog
from onedoor.core.models import AuditEvent
from onedoor.registry.services.scale import seed_scale


@pytest.fixture
def district(db: None) -> None:
    import_catalog(catalog_subset(), actor=None)
    seed_demo_users()
    seed_scale(60, progress=False, seed=3)


def test_cases_are_written_in_batches_with_checklists_tasks_and_one_event_each(district):
    written = seed_scale_cases(250, progress=False, seed=1, batch_size=100)

    assert written == Case.objects.count() == 250
    assert CaseMaterial.objects.count() == 500
    assert AuditEvent.objects.filter(action="cases.scale_seeded").count() == 3
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert statuses["delivered"] > statuses["in_review"] > 0
    in_review = Case.objects.filter(status__in=("in_review", "accepted"))
    assert ReviewTask.objects.count() == in_review.count()
    for task in ReviewTask.objects.select_related("case"):
        assert (task.status, task.department_id) == ("open", task.case.department_id)
        assert task.deadline == task.case.deadline is not None
    assert len(set(Case.objects.values_list("number", flat=True))) == 250


def test_a_seeded_case_reads_like_any_other(district):
    seed_scale_cases(80, progress=False, seed=2)
    now = timezone.now()

    cases = list(Case.objects.all())
    # Submitted over the last two years, not all at the moment of seeding.
    assert min(c.submitted_at for c in cases) < now - dt.timedelta(days=15)
    case = next(c for c in cases if c.status == "delivered")
    assert (case.form, case.trace, case.sent_materials) == ({}, {}, {})
    assert case.number.startswith(f"{timezone.localtime(case.submitted_at):%Y%m%d}-")
    assert case.idempotency_key is None and case.duplicate_key is None
    assert clock_of(case).state == "stopped"
    assert [m.code for m in case.materials.all()] == ["id-card", "application"]
    department = case.department.code
    assert case.stages == [{"name": "审查", "rule": "all", "reviews": [department]}]
    assert [(m["code"], m["department"]) for m in case.members] == [(case.code, department)]
    in_review = access_case(
        User.objects.get(username="clerk"), next(c.number for c in cases if c.status == "in_review")
    )
    assert [t.status for t in in_review.tasks.all()] == ["open"]
    refused = next(c for c in cases if c.status in ("refused", "submitted"))
    assert refused.stages == [] and refused.deadline is None


def test_a_number_the_ledger_already_holds_is_drawn_again(district, monkeypatch):
    seed_scale_cases(5, progress=False, seed=4)
    taken = Case.objects.values_list("number", flat=True).first()
    drawn = iter([taken, taken, *(f"20261204-AAAA{i:03d}" for i in range(100))])
    monkeypatch.setattr(scale, "new_case_number", lambda day=None: next(drawn))

    seed_scale_cases(3, progress=False, seed=5)

    numbers = list(Case.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 8


def test_without_persons_or_catalog_it_says_what_to_seed_first(db):
    with pytest.raises(ValueError, match="catalog"):
        seed_scale_cases(1, progress=False)
    import_catalog(catalog_subset(), actor=None)
    with pytest.raises(ValueError, match="persons"):
        seed_scale_cases(1, progress=False)
