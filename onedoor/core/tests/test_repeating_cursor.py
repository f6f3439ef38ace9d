"""Statements of the hot paths are prepared on PostgreSQL, unless prepared statements are off."""

from typing import Any

import pytest
from django.db import connection

from onedoor.core.db import repeating_cursor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    ),
]

PROBE = "SELECT %s::int + 1 AS probe_for_the_repeating_cursor"


def _prepared() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%probe_for_the_repeating_cursor%"],
        )
        return int(cursor.fetchone()[0])


def test_a_repeating_statement_is_prepared_once_and_answers_as_usual(settings: Any) -> None:
    settings.DB_PREPARED_STATEMENTS = True
    answers = []
    for value in (1, 2, 3):
        with repeating_cursor() as cursor:
            cursor.execute(PROBE, [value])
            answers.append(cursor.fetchone()[0])
    assert answers == [2, 3, 4]
    assert _prepared() == 1


def test_with_prepared_statements_off_nothing_is_prepared(settings: Any) -> None:
    settings.DB_PREPARED_STATEMENTS = False
    for value in (1, 2, 3):
        with repeating_cursor() as cursor:
            cursor.execute(PROBE.replace("probe_for", "unprepared_probe_for"), [value])
            assert cursor.fetchone()[0] == value + 1
    assert _prepared() == 0


def test_the_ordinary_cursor_still_prepares_nothing(settings: Any) -> None:
    settings.DB_PREPARED_STATEMENTS = True
    with repeating_cursor() as cursor:
        cursor.execute(PROBE, [1])
    for _ in range(10):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 AS probe_for_the_repeating_cursor_plain")
    assert _prepared() == 1  # the repeating statement only
