import pytest
from django.contrib.auth import get_user_model

from onedoor.core.models import AuditEvent
from onedoor.notify.actions import enqueue_message, send_message
from onedoor.notify.models import Message, NotifyPreference
from onedoor.notify.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", None)
    client.force_login(user)
    return client


def _message(key: str, **kwargs) -> Message:
    kwargs.setdefault("recipient", make_person())
    return enqueue_message(
        actor="test",
        template="signin_code",
        context={"code": "1", "minutes": 5},
        dedupe_key=key,
        **kwargs,
    )


def test_the_outbox_lists_messages_with_masked_addresses_and_filters(admin_client):
    _message("a")
    _message("b", recipient=make_person(phone=""))

    page = admin_client.get("/admin/notify/message/")
    sms_only = admin_client.get("/admin/notify/message/?channel__exact=sms")

    assert page.status_code == 200
    text = page.content.decode()
    assert "138****1234" in text
    assert "13802761234" not in text
    assert len(sms_only.context["cl"].result_list) == 1


def test_retry_now_goes_through_the_action_and_skips_what_cannot_be_retried(admin_client, settings):
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "sms": "sms_http"}
    settings.NOTIFY_SMS_URL = "http://127.0.0.1:9/sms"
    failed = _message("failed")
    send_message(failed.pk)
    sent = _message("sent", recipient=make_person(phone=""))

    response = admin_client.post(
        "/admin/notify/message/",
        {"action": "retry_now", "_selected_action": [str(failed.pk), str(sent.pk)]},
        follow=True,
    )

    failed.refresh_from_db()
    assert response.status_code == 200
    assert failed.status == "queued"
    assert AuditEvent.objects.get(action="notify.message_retried").actor == "staff:admin"
    assert "未重发" in response.content.decode()


def test_the_outbox_cannot_be_edited_or_deleted(admin_client):
    message = _message("a")

    change = admin_client.post(f"/admin/notify/message/{message.pk}/change/", {"status": "sent"})
    delete = admin_client.post(f"/admin/notify/message/{message.pk}/delete/", {"post": "yes"})

    message.refresh_from_db()
    assert message.status == "queued"
    assert change.status_code == 403
    assert delete.status_code == 403


def test_a_misconfigured_channel_is_shown_on_the_outbox_page(admin_client, settings):
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "sms": "carrier_pigeon"}

    page = admin_client.get("/admin/notify/message/", follow=True)

    assert "carrier_pigeon" in page.content.decode()


def test_a_preference_is_saved_through_the_action(admin_client):
    person = make_person()

    response = admin_client.post(
        "/admin/notify/notifypreference/add/",
        {"person": person.pk, "language": "en", "channel": "email", "email": "a@example.cn"},
    )

    assert response.status_code == 302
    preference = NotifyPreference.objects.get(person=person)
    assert (preference.language, preference.channel) == ("en", "email")
    assert AuditEvent.objects.get(action="notify.preference_set").actor == "staff:admin"
