"""``log_data_access``: a read's row is committed on its own without waiting for the WAL flush
(PostgreSQL), and a caller's transaction keeps its own commit."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from onedoor.registry.actions import log_data_access
from onedoor.registry.models import DataAccess


def _synchronous_commit() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])


def _committed_without_waiting(queries: list[dict[str, str]]) -> bool:
    return any("synchronous_commit TO OFF" in q["sql"] for q in queries)


@pytest.mark.django_db(transaction=True)
def test_a_read_outside_a_transaction_is_committed_and_the_setting_restored(make_person):
    person = make_person()
    before = _synchronous_commit()

    with CaptureQueriesContext(connection) as queries:
        row = log_data_access(accessor="user:clerk", person=person, action="read", purpose="C-1")

    assert not connection.in_atomic_block
    stored = DataAccess.objects.get(pk=row.pk)
    assert (stored.person_id, stored.accessor, stored.action, stored.purpose) == (
        person.pk,
        "user:clerk",
        "read",
        "C-1",
    )
    assert stored.at == row.at
    assert _synchronous_commit() == before
    postgresql = connection.vendor == "postgresql"
    assert _committed_without_waiting(queries.captured_queries) == postgresql
    # On PostgreSQL one round trip: the setting and the insert go together.
    assert len(queries.captured_queries) == 1


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_its_commit_is_left_alone(make_person):
    person = make_person()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        log_data_access(accessor="user:clerk", person=person, action="read", purpose="C-2")

    assert not _committed_without_waiting(queries.captured_queries)
    assert DataAccess.objects.filter(purpose="C-2").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_callers_transaction_takes_the_row_with_it(make_person):
    person = make_person()

    with pytest.raises(RuntimeError), transaction.atomic():
        log_data_access(accessor="user:clerk", person=person, action="read", purpose="C-3")
        raise RuntimeError

    assert not DataAccess.objects.filter(purpose="C-3").exists()
