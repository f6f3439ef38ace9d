"""PostgreSQL keeps the audit table append-only; SQLite has no triggers of this kind."""

import pytest
from django.db import DatabaseError, connection, transaction

from onedoor.core.actions import seal_audit_chain
from onedoor.core.models import AuditEvent
from onedoor.core.tests.chain import write_events

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL's"
    ),
]


def _refused(sql: str, params: list[object]) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with (
        pytest.raises(DatabaseError, match="audit event"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql.format(table=table), params)


def test_updating_a_sealed_event_is_refused():
    event = write_events(1)[0]
    seal_audit_chain(grace_seconds=0)

    _refused("UPDATE {table} SET payload = %s WHERE id = %s", ['{"n": 1}', event.pk])
    _refused("UPDATE {table} SET hash = %s WHERE id = %s", ["0" * 64, event.pk])

    assert AuditEvent.objects.get(pk=event.pk).payload == event.payload


def test_deleting_a_sealed_event_is_refused():
    event = write_events(1)[0]
    seal_audit_chain(grace_seconds=0)

    _refused("DELETE FROM {table} WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_an_unsealed_event_is_refused():
    event = write_events(1)[0]

    _refused("DELETE FROM {table} WHERE id = %s", [event.pk])


def test_changing_the_content_of_an_unsealed_event_is_refused():
    event = write_events(1)[0]

    _refused("UPDATE {table} SET actor = %s WHERE id = %s", ["staff:mallory", event.pk])
