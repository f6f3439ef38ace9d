import pytest
from django_tasks_db.models import DBTaskResult

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.notify.actions import enqueue_message, retry_message, send_message
from onedoor.notify.models import Message
from onedoor.notify.services.backoff import MAX_ATTEMPTS
from onedoor.notify.tasks import send_message_task
from onedoor.notify.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _given_up(settings) -> Message:
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "wechat": "wechat"}
    settings.NOTIFY_WECHAT_URL = "http://127.0.0.1:9/wechat"
    message = enqueue_message(
        actor="test",
        channel="wechat",
        address="oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        template="signin_code",
        context={"code": "1", "minutes": 5},
        dedupe_key="retry:1",
    )
    Message.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)
    assert send_message(message.pk) == "gave_up"
    return message


def test_an_operator_retries_a_given_up_message_once_more(
    settings, django_capture_on_commit_callbacks
):
    message = _given_up(settings)
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "wechat": "file"}

    with django_capture_on_commit_callbacks(execute=True):
        retried = retry_message(actor="admin", message_id=message.pk)

    assert retried.status == "queued"
    event = AuditEvent.objects.get(action="notify.message_retried")
    assert event.actor == "admin"
    assert event.payload["was"] == "gave_up"
    queued = DBTaskResult.objects.filter(task_path=send_message_task.module_path)
    assert [row.args_kwargs["args"] for row in queued] == [[str(message.pk)]]
    assert send_message(message.pk) == "sent"
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS


def test_a_sent_message_cannot_be_retried_and_nothing_changes():
    message = enqueue_message(
        actor="test",
        recipient=make_person(phone=""),
        template="signin_code",
        context={"code": "1", "minutes": 5},
        dedupe_key="retry:sent",
    )

    with pytest.raises(DomainError) as refused:
        retry_message(actor="admin", message_id=message.pk)

    message.refresh_from_db()
    assert refused.value.code == "message_not_retryable"
    assert message.status == "sent"
    assert not AuditEvent.objects.filter(action="notify.message_retried").exists()


def test_retrying_an_unknown_message_is_not_found():
    with pytest.raises(DomainError) as refused:
        retry_message(actor="admin", message_id="6d1f0b7e-2f59-4c7b-9a53-0c6ad7e1b5a1")

    assert refused.value.code == "not_found"
