"""``log_verifications``: the rows are committed on their own, and only a transaction of their
own ever skips waiting for the WAL flush (PostgreSQL)."""

from typing import Any

import pytest
from django.db import connection

from onedoor.exchange.actions import verify_many
from onedoor.exchange.models import ExchangeLog
from onedoor.exchange.services.verification import FactRequest
from onedoor.exchange.tests.world import PARENT
from onedoor.registry.models import DataAccess


def _synchronous_commit() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_rows_written_outside_a_transaction_are_committed_and_settings_restored(
    systems: Any,
) -> None:
    before = _synchronous_commit()

    verify_many([FactRequest(PARENT, "marriage.married")], purpose="C-1", requester="t")

    assert not connection.in_atomic_block
    assert ExchangeLog.objects.filter(purpose="C-1").count() == 1
    assert _synchronous_commit() == before


@pytest.mark.django_db
def test_inside_a_callers_transaction_its_commit_is_left_alone(systems: Any) -> None:
    assert connection.in_atomic_block
    before = _synchronous_commit()

    verify_many([FactRequest(PARENT, "marriage.married")], purpose="C-2", requester="t")

    assert _synchronous_commit() == before
    assert ExchangeLog.objects.filter(purpose="C-2").count() == 1
    assert not DataAccess.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_both_logs_go_in_one_round_trip(systems: Any) -> None:
    from django.test.utils import CaptureQueriesContext

    from onedoor.registry.actions import register_person

    parent = register_person(actor="test", id_number=PARENT, name="李家长")
    before = _synchronous_commit()

    with CaptureQueriesContext(connection) as queries:
        verify_many(
            [FactRequest(PARENT, "marriage.married"), FactRequest(PARENT, "household.in_district")],
            purpose="C-3",
            requester="t",
            registered=[parent],
        )

    writes = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(writes) == 1 and writes[0].startswith("SET LOCAL synchronous_commit TO OFF;")
    assert ExchangeLog.objects.filter(purpose="C-3").count() == 2
    assert DataAccess.objects.filter(purpose="C-3", person=parent).count() == 2
    assert _synchronous_commit() == before
