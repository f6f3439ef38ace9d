import io

import pytest
from django.core.management import CommandError, call_command

from onedoor.notify.actions import enqueue_message
from onedoor.notify.models import Message
from onedoor.notify.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("notify", *args, stdout=out)
    return out.getvalue()


def _enqueue(key: str, code: str = "482913") -> Message:
    return enqueue_message(
        actor="test",
        recipient=make_person(),
        template="signin_code",
        context={"code": code, "minutes": 5},
        dedupe_key=key,
        case_number="20261128-K7Q3M9P",
    )


def test_send_due_sends_what_is_queued(_outbox_file):
    _enqueue("a")
    _enqueue("b")

    first = _run("send-due")
    again = _run("send-due")

    assert first.strip() == "sent 2"
    assert again.strip() == "nothing due"
    assert len(_outbox_file.read_text("utf-8").splitlines()) == 2


def test_tail_shows_the_newest_messages_without_their_text_or_full_address():
    _enqueue("a", code="111111")
    _enqueue("b", code="222222")

    lines = _run("tail", "-n", "1").splitlines()

    assert len(lines) == 1
    assert "signin_code" in lines[0]
    assert "138****1234" in lines[0]
    assert "20261128-K7Q3M9P" in lines[0]
    assert "222222" not in lines[0]
    assert "13802761234" not in lines[0]


def test_check_reports_a_misconfigured_channel(settings):
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "sms": "sms_http"}
    settings.NOTIFY_SMS_URL = "ftp://gateway"

    with pytest.raises(CommandError):
        _run("check")


def test_check_passes_on_the_default_setup():
    out = _run("check")

    assert "sms: ok" in out
