import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from onedoor.core.models import AuditEvent, SystemAlert
from onedoor.notify.actions import claim_message, enqueue_message, send_message
from onedoor.notify.models import Message
from onedoor.notify.services.backoff import BACKOFF, MAX_ATTEMPTS
from onedoor.notify.tasks import send_message_task
from onedoor.notify.tests.factories import make_person

pytestmark = pytest.mark.django_db

CODE = {"code": "482913", "minutes": 5}


def _enqueue(key: str = "signin:1", **kwargs: Any) -> Message:
    kwargs.setdefault("recipient", make_person())
    return enqueue_message(
        actor="test", template="signin_code", context=CODE, dedupe_key=key, **kwargs
    )


def _retry_tasks(message: Message) -> list[dt.datetime | None]:
    rows = DBTaskResult.objects.filter(task_path=send_message_task.module_path)
    return [row.run_after for row in rows if row.args_kwargs["args"] == [str(message.pk)]]


def test_the_file_backend_writes_one_json_line_and_the_message_is_sent(_outbox_file):
    message = _enqueue()

    outcome = send_message(message.pk)

    message.refresh_from_db()
    lines = _outbox_file.read_text("utf-8").splitlines()
    assert outcome == "sent"
    assert message.status == "sent"
    assert message.attempts == 1
    assert message.backend == "file"
    assert message.provider_reference == f"file:{message.pk}"
    assert message.sent_at is not None
    assert len(lines) == 1
    assert json.loads(lines[0])["body"] == message.body
    assert json.loads(lines[0])["to"] == "13802761234"
    event = AuditEvent.objects.get(action="notify.message_sent")
    assert event.object_id == str(message.pk)
    assert "13802761234" not in json.dumps(event.payload)


def test_a_message_is_sent_once_however_often_its_task_runs(_outbox_file):
    message = _enqueue()

    outcomes = [send_message(message.pk) for _ in range(3)]

    assert outcomes == ["sent", "skipped", "skipped"]
    assert len(_outbox_file.read_text("utf-8").splitlines()) == 1
    assert AuditEvent.objects.filter(action="notify.message_sent").count() == 1


def test_a_claimed_message_cannot_be_claimed_again():
    message = _enqueue()

    first, second = claim_message(message.pk), claim_message(message.pk)

    assert first is not None and first.status == "sending"
    assert second is None


def test_an_sms_goes_through_the_gateway_over_http(gateway, received, phone):
    message = _enqueue(recipient=make_person(phone=phone))

    outcome = send_message(message.pk)

    message.refresh_from_db()
    at_gateway = received(phone)
    assert outcome == "sent"
    assert message.backend == "sms_http"
    assert [item["content"] for item in at_gateway] == [message.body]
    assert at_gateway[0]["reference"] == str(message.pk)
    assert message.provider_reference == at_gateway[0]["id"]


def test_a_gateway_error_schedules_a_retry_with_backoff_then_the_retry_sends(
    gateway, received, phone
):
    message = _enqueue(recipient=make_person(phone=phone))
    gateway("sms", mode="error")

    with time_machine.travel(timezone.now(), tick=True) as traveller:
        first = send_message(message.pk)
        message.refresh_from_db()
        failed_at = timezone.now()
        too_early = send_message(message.pk)
        gateway("sms", mode="ok")
        traveller.shift(BACKOFF[0])
        second = send_message(message.pk)

    assert (first, too_early, second) == ("failed", "skipped", "sent")
    assert message.last_error == "HTTP 500"
    assert message.next_attempt_at is not None
    assert abs((message.next_attempt_at - failed_at) - BACKOFF[0]) < dt.timedelta(seconds=2)
    assert _retry_tasks(message)[-1] == message.next_attempt_at
    message.refresh_from_db()
    assert message.status == "sent"
    assert message.attempts == 2
    assert message.last_error == ""
    assert len(received(phone)) == 1


def test_after_the_last_backoff_the_message_is_given_up_with_an_alert(gateway, received, phone):
    message = _enqueue(recipient=make_person(phone=phone))
    gateway("sms", mode="down")
    outcomes = []

    with time_machine.travel(timezone.now(), tick=True) as traveller:
        for wait in (dt.timedelta(0), *BACKOFF):
            traveller.shift(wait)
            outcomes.append(send_message(message.pk))
        traveller.shift(dt.timedelta(days=1))
        outcomes.append(send_message(message.pk))

    message.refresh_from_db()
    assert outcomes == ["failed"] * (MAX_ATTEMPTS - 1) + ["gave_up", "skipped"]
    assert message.status == "gave_up"
    assert message.attempts == MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert message.last_error == "HTTP 503"
    assert received(phone) == []
    alert = SystemAlert.objects.get(key="notify:gave_up:sms")
    assert str(message.pk) in alert.message
    assert AuditEvent.objects.filter(action="notify.message_gave_up").count() == 1


def test_a_refused_address_is_given_up_at_once(gateway, received):
    message = _enqueue(channel="wechat", address="not-an-openid")

    outcome = send_message(message.pk)

    message.refresh_from_db()
    assert outcome == "gave_up"
    assert message.attempts == 1
    assert "40003" in message.last_error
    assert SystemAlert.objects.filter(key="notify:gave_up:wechat").exists()


def test_a_wechat_subscription_message_reaches_the_openid(gateway, received):
    openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
    message = _enqueue(
        key="case:X:accepted:wechat", channel="wechat", address=openid, case_number="X"
    )

    outcome = send_message(message.pk)

    at_gateway = received(openid, "wechat")
    assert outcome == "sent"
    assert at_gateway[0]["title"] == message.subject
    assert at_gateway[0]["content"] == message.body


def test_an_unreachable_gateway_is_a_temporary_failure(settings):
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "sms": "sms_http"}
    settings.NOTIFY_SMS_URL = "http://127.0.0.1:9/sms"
    message = _enqueue()

    outcome = send_message(message.pk)

    message.refresh_from_db()
    assert outcome == "failed"
    assert message.last_error.startswith("connection")


def test_a_channel_without_a_known_backend_fails_and_is_retried(settings):
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "sms": "carrier_pigeon"}
    message = _enqueue()

    outcome = send_message(message.pk)

    message.refresh_from_db()
    assert outcome == "failed"
    assert "carrier_pigeon" in message.last_error


def test_an_email_goes_through_django_mail(settings, mailoutbox):
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "email": "email"}
    message = _enqueue(channel="email", address="chen@example.cn")

    outcome = send_message(message.pk)

    assert outcome == "sent"
    assert [m.to for m in mailoutbox] == [["chen@example.cn"]]
    assert mailoutbox[0].subject == message.subject
    assert mailoutbox[0].extra_headers["Message-ID"] == f"<{message.pk}@onedoor>"
