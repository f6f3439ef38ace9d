"""Test tools for the audit chain: writing events and tampering with stored rows."""

from django.db import connection

from onedoor.core.audit import record_event
from onedoor.core.models import AuditEvent


def write_events(count: int, *, action: str = "test.event") -> list[AuditEvent]:
    return [
        record_event(actor="system", action=action, object_id=str(i), payload={"n": i, "名": "值"})
        for i in range(count)
    ]


def tamper(sql: str, params: list[object]) -> None:
    """Run raw SQL against the audit table, around PostgreSQL's append-only trigger."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute(sql.format(table=table), params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
