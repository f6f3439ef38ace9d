"""The real worker sends what the outbox hands it after commit."""

import pytest
from django.core.management import call_command

from onedoor.notify.actions import enqueue_message
from onedoor.notify.tests.factories import make_person


# Transactional: the worker closes its database connection, as it does between tasks in service.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_message_queued_after_commit(_outbox_file):
    message = enqueue_message(
        actor="test",
        recipient=make_person(),
        template="signin_code",
        context={"code": "482913", "minutes": 5},
        dedupe_key="signin:worker",
    )

    call_command("worker", "--batch", "--interval", "0")

    message.refresh_from_db()
    assert message.status == "sent"
    assert "482913" in _outbox_file.read_text("utf-8")
