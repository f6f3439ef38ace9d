import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from onedoor.core.errors import DomainError
from onedoor.notify.actions import MessageSpec, enqueue_message, enqueue_messages
from onedoor.notify.models import Message
from onedoor.notify.tasks import send_message_task
from onedoor.notify.tests.factories import make_person, prefer
from onedoor.registry.models import Person

pytestmark = pytest.mark.django_db

CONTEXT = {"code": "482913", "minutes": 5}


def _queued_tasks() -> list[list[str]]:
    rows = DBTaskResult.objects.filter(task_path=send_message_task.module_path)
    return [row.args_kwargs["args"] for row in rows]


def test_message_is_written_rendered_and_handed_to_the_worker_after_commit(
    django_capture_on_commit_callbacks,
):
    person = make_person()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = enqueue_message(
            actor="test",
            recipient=person,
            template="signin_code",
            context=CONTEXT,
            dedupe_key="signin:1",
        )
        assert _queued_tasks() == []

    message.refresh_from_db()
    assert len(callbacks) == 1
    assert message.channel == "sms"
    assert message.address == "13802761234"
    assert message.status == "queued"
    assert message.language == "zh-hans"
    assert message.body == "【禅城区政务服务】您的登录验证码为482913，5分钟内有效，请勿告诉他人。"
    assert message.subject == "登录验证码"
    assert _queued_tasks() == [[str(message.pk)]]


def test_a_rolled_back_transaction_leaves_no_message_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    person = make_person()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enqueue_message(
            actor="test",
            recipient=person,
            template="signin_code",
            context=CONTEXT,
            dedupe_key="signin:rolled-back",
        )
        raise RuntimeError("the caller fails after enqueueing")

    assert callbacks == []
    assert not Message.objects.exists()
    assert _queued_tasks() == []


def test_the_same_dedupe_key_returns_the_stored_message_and_writes_nothing(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    person = make_person()
    with django_capture_on_commit_callbacks(execute=True):
        first = enqueue_message(
            actor="test",
            recipient=person,
            template="signin_code",
            context=CONTEXT,
            dedupe_key="case:X:accepted",
        )

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        django_assert_num_queries(1),
    ):
        again = enqueue_message(
            actor="test",
            recipient=person,
            template="signin_code",
            context={"code": "000000", "minutes": 9},
            dedupe_key="case:X:accepted",
        )

    assert again.pk == first.pk
    assert again.body == first.body
    assert callbacks == []
    assert Message.objects.count() == 1
    assert len(_queued_tasks()) == 1


def test_a_person_without_a_phone_gets_an_inbox_message_delivered_at_once():
    person = make_person(phone="")

    message = enqueue_message(
        actor="test",
        recipient=person,
        template="signin_code",
        context=CONTEXT,
        dedupe_key="signin:inbox",
    )

    message.refresh_from_db()
    assert message.channel == "inbox"
    assert message.address == person.id_number
    assert message.status == "sent"
    assert message.sent_at is not None
    assert _queued_tasks() == []


def test_an_english_speaker_gets_the_message_in_english():
    person = make_person()
    prefer(person, language="en")

    message = enqueue_message(
        actor="test",
        recipient=person,
        template="signin_code",
        context=CONTEXT,
        dedupe_key="signin:en",
    )

    assert message.language == "en"


def test_new_keys_with_a_preference_read_with_the_person_cost_one_insert(
    django_assert_num_queries,
):
    person = make_person()
    prefer(person, language="en")
    read = Person.objects.select_related("notify_preference").get(pk=person.pk)
    spec = MessageSpec(
        template="signin_code", context=CONTEXT, dedupe_key="signin:new", recipient=read
    )

    with django_assert_num_queries(1):
        [message] = enqueue_messages(actor="test", specs=[spec], new_keys=True)

    message.refresh_from_db()
    assert (message.language, message.status, message.dedupe_key) == ("en", "queued", "signin:new")


def test_a_person_read_without_a_preference_falls_back_to_the_default(django_assert_num_queries):
    person = make_person()
    read = Person.objects.select_related("notify_preference").get(pk=person.pk)
    spec = MessageSpec(
        template="signin_code", context=CONTEXT, dedupe_key="signin:none", recipient=read
    )

    with django_assert_num_queries(1):
        [message] = enqueue_messages(actor="test", specs=[spec], new_keys=True)

    assert message.language == "zh-hans"


def test_bad_input_is_refused_with_a_code_and_writes_nothing():
    person = make_person(phone="")
    cases = [
        ({"template": "no_such_template", "context": CONTEXT}, "unknown_template"),
        ({"template": "signin_code", "context": {"code": "1"}}, "template_context_missing"),
        ({"template": "signin_code", "context": CONTEXT, "channel": "sms"}, "no_address"),
        ({"template": "signin_code", "context": CONTEXT, "channel": "pigeon"}, "unknown_channel"),
        ({"template": "signin_code", "context": CONTEXT, "dedupe_key": ""}, "dedupe_key_required"),
    ]
    for kwargs, code in cases:
        kwargs.setdefault("dedupe_key", f"bad:{code}")
        with pytest.raises(DomainError) as refused:
            enqueue_message(actor="test", recipient=person, **kwargs)
        assert refused.value.code == code

    assert not Message.objects.exists()
