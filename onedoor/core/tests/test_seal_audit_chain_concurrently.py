import threading

import pytest
from django.db import connection

from onedoor.core.actions import seal_audit_chain
from onedoor.core.models import AuditEvent
from onedoor.core.queries import verify_audit_chain
from onedoor.core.tests.chain import write_events


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks whole tables across threads; "
    "SQLite serialises writers by itself",
)
def test_two_sealers_at_once_build_one_unbroken_chain():
    write_events(600)
    barrier = threading.Barrier(2)
    sealed: list[int] = []
    errors: list[BaseException] = []

    def seal() -> None:
        try:
            barrier.wait()
            sealed.append(seal_audit_chain(grace_seconds=0, batch_size=50).sealed)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=seal) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert sum(sealed) == 600
    assert sorted(AuditEvent.objects.values_list("chain_seq", flat=True)) == list(range(1, 601))
    assert verify_audit_chain().ok
