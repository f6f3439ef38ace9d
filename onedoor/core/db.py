"""Database helpers for the few statements that run on every press of a busy button."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

_NEVER_BY_COUNT = 2**62


@contextmanager
def repeating_cursor() -> Iterator[Any]:
    """A cursor for a statement that runs over and over with the same text.

    On PostgreSQL its parameters are bound by the server and the statement is prepared once
    per connection, so later runs skip the planner (with persistent connections,
    ``ONEDOOR_DB_CONN_MAX_AGE``; off with ``ONEDOOR_DB_PREPARED_STATEMENTS=0``); elsewhere it
    is the usual cursor. Either way it goes through Django's cursor wrapper: query logging,
    execute wrappers and the query counts of the tests see it.
    """
    db = _database()
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            yield cursor
        return
    db.ensure_connection()
    db.validate_thread_sharing()
    if db.connection.prepare_threshold is None:
        # Django sets none, which turns preparation off even for a statement that asks for it;
        # a count no statement reaches keeps every other statement unprepared.
        db.connection.prepare_threshold = _NEVER_BY_COUNT
    raw: Any = _preparing_cursor()(db.connection)  # what Django's wrappers wrap
    wrapper = db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)
    try:
        yield wrapper
    finally:
        raw.close()


def _database() -> BaseDatabaseWrapper:
    """This thread's default connection itself: ``django.db.connection`` is a proxy that
    looks it up again on every attribute, which the hot paths would pay dozens of times."""
    return connections[DEFAULT_DB_ALIAS]


@cache
def _preparing_cursor() -> type:
    import psycopg

    class PreparingCursor(psycopg.Cursor):  # type: ignore[type-arg]
        """Server-side binding; prepared statements (Django turns psycopg's off by default)
        unless ``DB_PREPARED_STATEMENTS`` is off, read on each run so a change applies."""

        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            options["prepare"] = bool(settings.DB_PREPARED_STATEMENTS)
            return super().execute(query, params, **options)

    return PreparingCursor


def columns_of(model: type[Model], alias: str) -> str:
    """The column list of ``model``'s concrete fields, as ``from_row`` reads them back."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def from_row(row: tuple[Any, ...], *models: type[Model]) -> list[Model | None]:
    """Instances of ``models`` from one row that holds each one's ``columns_of`` in turn,
    values as psycopg reads them (PostgreSQL), through each field's ``from_db_value``; None for
    a model whose primary key is NULL (a LEFT JOIN that found nothing)."""
    instances: list[Model | None] = []
    start = 0
    for model in models:
        fields = model._meta.concrete_fields
        values = list(row[start : start + len(fields)])
        start += len(fields)
        for index, field in enumerate(fields):
            convert = getattr(field, "from_db_value", None)
            if convert is not None and values[index] is not None:
                values[index] = convert(values[index], None, connection)
        if values[[f.primary_key for f in fields].index(True)] is None:
            instances.append(None)
        else:
            instances.append(model.from_db(connection.alias, [f.attname for f in fields], values))
    return instances


def save_fields(instance: Model, names: list[str]) -> int:
    """``instance.save(update_fields=names)`` as one prepared statement; the number of rows.

    For the hot paths only: it sends no signals (the project connects none) and, like
    ``save``, stamps ``auto_now`` fields among ``names``.
    """
    meta = instance._meta
    fields = [meta.get_field(name) for name in names]
    values = [
        field.get_db_prep_save(field.pre_save(instance, False), connection)  # type: ignore[union-attr]
        for field in fields
    ]
    assignments = ", ".join(f"{field.column} = %s" for field in fields)  # type: ignore[union-attr]
    sql = f"UPDATE {meta.db_table} SET {assignments} WHERE {meta.pk.column} = %s"  # noqa: S608
    with repeating_cursor() as cursor:
        cursor.execute(sql, [*values, instance.pk])
        return int(cursor.rowcount)


def insert_rows(model: type[Model], rows: Sequence[Model]) -> None:
    """Insert ``rows`` (new instances of ``model``) with one prepared statement, as
    ``bulk_create`` would, and give them their primary keys.

    For the hot paths only: it sends no signals (the project connects none), stamps
    ``auto_now`` and ``auto_now_add`` fields as ``save`` does, and inserts every concrete field
    but a database-made primary key. Rows come back from ``RETURNING`` in the order they went
    in, on PostgreSQL and SQLite alike, as Django's own bulk insert relies on.
    """
    if not rows:
        return
    fields, returning = _insert_fields(model)
    db = _database()
    values = [
        field.get_db_prep_save(field.pre_save(row, True), db) for row in rows for field in fields
    ]
    with repeating_cursor() as cursor:
        cursor.execute(_insert_sql(model, len(rows)), values)
        if returning:
            for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                row.pk = pk
    for row in rows:
        row._state.adding = False
        row._state.db = db.alias


@cache
def _insert_fields(model: type[Model]) -> tuple[list[Any], bool]:
    """The fields an insert writes, and whether the database makes the primary key."""
    pk = model._meta.pk
    returning = bool(pk is not None and getattr(pk, "db_returning", False))
    fields = [f for f in model._meta.concrete_fields if not (returning and f is pk)]
    return fields, returning


@cache
def _insert_sql(model: type[Model], count: int) -> str:
    fields, returning = _insert_fields(model)
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * count)}"  # noqa: S608  # names from the model
    if returning:
        sql += f" RETURNING {quote(str(meta.pk.column))}"  # type: ignore[union-attr]  # every model has a primary key
    return sql
