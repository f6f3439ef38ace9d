"""Concurrent issues: real transactions in parallel threads, each with its own connection."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from onedoor.licences.models import Licence, SigningKey
from onedoor.licences.tests.factories import make_licence, make_licence_type, make_organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite takes its write lock at BEGIN (IMMEDIATE), so its writers never overlap; and the
    # shared in-memory test database refuses parallel writers instead of waiting for them.
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="writers only overlap on PostgreSQL"
    ),
]

THREADS = 6


def _in_threads(work):
    def run(index):
        try:
            return work(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(run, range(THREADS)))


def test_concurrent_issues_draw_distinct_numbers_and_one_key():
    licence_type = make_licence_type()
    holders = [make_organisation(name=f"公司{i}") for i in range(THREADS)]

    licences = _in_threads(lambda i: make_licence(licence_type=licence_type, holder=holders[i]))

    numbers = sorted(licence.number for licence in licences)
    assert [number[-6:] for number in numbers] == [f"{i:06d}" for i in range(1, THREADS + 1)]
    assert SigningKey.objects.filter(active=True).count() == 1


def test_concurrent_retries_with_one_idempotency_key_issue_one_licence():
    licence_type = make_licence_type()
    holder = make_organisation()

    licences = _in_threads(
        lambda _i: make_licence(
            licence_type=licence_type, holder=holder, idempotency_key="case:C-1:food"
        )
    )

    assert {licence.pk for licence in licences} == {Licence.objects.get().pk}
