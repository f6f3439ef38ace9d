"""Make the audit trail append-only in PostgreSQL.

A trigger refuses DELETE, and UPDATE except the sealer's: filling chain_seq, prev_hash and hash
of a row not yet sealed, and nothing else. TRUNCATE is left alone (test databases are flushed
with it); the hash chain is what proves a truncated or rewritten trail. SQLite has no such
guard: there ``onedoor audit verify`` is the protection.
"""

from django.db import migrations

FUNCTION = "core_auditevent_append_only"
TRIGGER = "core_auditevent_append_only"

INSTALL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit event % is append-only: DELETE refused', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.hash <> '' THEN
        RAISE EXCEPTION 'audit event % is sealed: UPDATE refused', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id
        OR NEW.at IS DISTINCT FROM OLD.at
        OR NEW.actor IS DISTINCT FROM OLD.actor
        OR NEW.action IS DISTINCT FROM OLD.action
        OR NEW.object_type IS DISTINCT FROM OLD.object_type
        OR NEW.object_id IS DISTINCT FROM OLD.object_id
        OR NEW.payload IS DISTINCT FROM OLD.payload
        OR NEW.channel IS DISTINCT FROM OLD.channel THEN
        RAISE EXCEPTION 'audit event %: only chain_seq, prev_hash and hash may be filled', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS {TRIGGER} ON {{table}};
CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {{table}}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""

REMOVE = f"""
DROP TRIGGER IF EXISTS {TRIGGER} ON {{table}};
DROP FUNCTION IF EXISTS {FUNCTION}();
"""


def _run(sql, apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("core", "AuditEvent")._meta.db_table)
    # No parameters: the function body holds % signs that are not placeholders.
    schema_editor.execute(sql.format(table=table), params=None)


def install(apps, schema_editor):
    _run(INSTALL, apps, schema_editor)


def remove(apps, schema_editor):
    _run(REMOVE, apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_seed_work_calendar_2004_2026"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
