import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from onedoor.core.schedule import discover_jobs
from onedoor.notify.actions import (
    STUCK_AFTER,
    SWEEP_GRACE,
    claim_message,
    enqueue_message,
    send_due_messages,
    sweep_outbox,
)
from onedoor.notify.models import Message
from onedoor.notify.tasks import send_message_task, sweep_outbox_task
from onedoor.notify.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _enqueue(key: str) -> Message:
    return enqueue_message(
        actor="test",
        recipient=make_person(),
        template="signin_code",
        context={"code": "1", "minutes": 5},
        dedupe_key=key,
    )


def _tasks_for(message: Message) -> int:
    rows = DBTaskResult.objects.filter(task_path=send_message_task.module_path)
    return sum(1 for row in rows if row.args_kwargs["args"] == [str(message.pk)])


def test_a_message_whose_task_was_lost_is_handed_over_once_after_the_grace():
    # Outside django_capture_on_commit_callbacks the on-commit dispatch never runs: lost.
    message = _enqueue("lost")

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        early = sweep_outbox()
        traveller.shift(SWEEP_GRACE + dt.timedelta(seconds=1))
        late = sweep_outbox()
        again = sweep_outbox()

    assert (early.handed_over, late.handed_over, again.handed_over) == (0, 1, 0)
    assert _tasks_for(message) == 1


def test_a_send_that_never_finished_is_counted_failed_and_retried():
    message = _enqueue("stuck")
    claim_message(message.pk)

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        traveller.shift(STUCK_AFTER + dt.timedelta(seconds=1))
        result = sweep_outbox()

    message.refresh_from_db()
    assert result.unstuck == 1
    assert message.status == "failed"
    assert message.attempts == 1
    assert "worker lost" in message.last_error
    assert _tasks_for(message) == 1


def test_sent_and_given_up_messages_are_left_alone():
    sent = _enqueue("sent")
    send_due_messages()

    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        result = sweep_outbox()

    sent.refresh_from_db()
    assert sent.status == "sent"
    assert result.handed_over == 0


def test_send_due_sends_every_due_message_in_this_process(_outbox_file):
    for key in ("a", "b", "c"):
        _enqueue(key)

    outcomes = send_due_messages()

    assert outcomes == {"sent": 3}
    assert len(_outbox_file.read_text("utf-8").splitlines()) == 3


def test_the_worker_sweeps_the_outbox_periodically():
    assert sweep_outbox_task.module_path in [job.name for job in discover_jobs()]
