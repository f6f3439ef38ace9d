"""The statements written by hand for call-next (core/db.py): the same rows as the ORM's."""

from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from onedoor.core.db import save_fields
from onedoor.counter.actions import call_next
from onedoor.counter.models import Window
from onedoor.counter.queries import access_window, policy_of
from onedoor.counter.tests.conftest import Hall


def test_the_locked_window_is_the_window_with_its_point_rules_and_ticket(
    hall: Hall, take: Any
) -> None:
    take("general")
    called = call_next(actor=hall.clerk, window="dc-01")
    assert called is not None
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        window = access_window(hall.clerk, "dc-01", for_update=True)
        assert window.service_point.code == "district-centre"
        assert window.current_ticket is not None
        assert window.current_ticket.number == called.number
        assert window.current_ticket.public_id == called.public_id
        assert window.current_ticket.called_at == called.called_at
        policy_of(window.service_point)  # the rules were read with the window
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1  # window, point, rules and ticket in one read
    reference = Window.objects.select_related("service_point", "current_ticket").get(code="dc-01")
    assert window.is_open == reference.is_open
    assert window.clerk_id == reference.clerk_id
    assert window.opened_at == reference.opened_at


def test_save_fields_writes_only_the_named_fields_and_stamps_auto_now(hall: Hall) -> None:
    window = Window.objects.get(code="dc-01")
    before = window.updated_at
    window.name = "changed"
    window.is_open = not window.is_open
    assert save_fields(window, ["is_open", "updated_at"]) == 1
    stored = Window.objects.get(pk=window.pk)
    assert stored.is_open == window.is_open
    assert stored.name != "changed"
    assert stored.updated_at >= before
    assert stored.updated_at == window.updated_at
