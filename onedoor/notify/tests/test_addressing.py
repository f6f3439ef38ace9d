"""Who gets a message where: channel, address and language from what is known."""

import pytest
from django.utils import translation

from onedoor.core.errors import DomainError
from onedoor.notify.backends import check_backends
from onedoor.notify.services.addressing import mask_address, message_language, resolve_target
from onedoor.notify.services.backoff import BACKOFF, next_attempt_after
from onedoor.notify.tests.factories import make_person, prefer

pytestmark = pytest.mark.django_db


def _target(recipient=None, preference=None, address="", channel=None):
    found = resolve_target(
        recipient=recipient, preference=preference, address=address, channel=channel
    )
    return found.channel, found.address


def test_a_phone_on_file_means_sms_and_none_means_the_inbox():
    with_phone, without = make_person(phone="138-0276-1234"), make_person(phone="")

    assert _target(with_phone) == ("sms", "13802761234")
    assert _target(without) == ("inbox", without.id_number)


def test_a_preferred_channel_wins_and_falls_back_to_the_inbox_without_an_address():
    person = make_person()
    by_mail = prefer(person, channel="email", email="chen@example.cn")
    by_wechat_unknown = prefer(make_person(phone=""), channel="wechat")

    assert _target(person, by_mail) == ("email", "chen@example.cn")
    assert _target(by_wechat_unknown.person, by_wechat_unknown)[0] == "inbox"


def test_an_explicit_channel_without_an_address_is_refused():
    person = make_person(phone="")

    with pytest.raises(DomainError) as refused:
        _target(person, channel="sms")

    assert refused.value.code == "no_address"
    assert refused.value.details == {"channel": "sms"}


def test_a_bare_address_implies_its_channel():
    assert _target(address="+86 139 2285 6789") == ("sms", "+8613922856789")
    assert _target(address="chen@example.cn") == ("email", "chen@example.cn")
    with pytest.raises(DomainError):
        _target(address="somewhere")
    with pytest.raises(DomainError):
        _target(address="13922856789", channel="inbox")


def test_the_language_is_the_persons_else_the_requests_when_spoken():
    person = make_person()

    with translation.override("en-us"):
        assert message_language(None) == "en"
        assert message_language(prefer(person, language="zh-hans")) == "zh-hans"
    with translation.override("fr"):
        assert message_language(None) == "zh-hans"


def test_addresses_are_masked_for_staff_lists():
    assert mask_address("sms", "13802761234") == "138****1234"
    assert mask_address("email", "chen@example.cn") == "c***@example.cn"
    assert mask_address("inbox", "440604198804120013") == "4406**********0013"


def test_backoff_grows_then_gives_up():
    waits = [next_attempt_after(n) for n in range(1, len(BACKOFF) + 2)]

    assert waits[:-1] == list(BACKOFF)
    assert waits[-1] is None
    assert waits[:-1] == sorted(waits[:-1])
    assert next_attempt_after(0) is None


def test_check_backends_names_unknown_and_unsuitable_backends(settings):
    settings.NOTIFY_BACKENDS = {"sms": "email", "email": "nope", "wechat": "file", "inbox": "inbox"}

    report = check_backends()

    assert "cannot send sms" in report["sms"][0].message
    assert "unknown backend" in report["email"][0].message
    assert report["wechat"] == [] and report["inbox"] == []


def test_the_system_checks_stop_an_unknown_backend_and_warn_of_a_bad_url(settings):
    from onedoor.notify.checks import check_notification_backends

    settings.NOTIFY_BACKENDS = {
        "sms": "sms_http",
        "email": "carrier_pigeon",
        "wechat": "file",
        "inbox": "inbox",
    }
    settings.NOTIFY_SMS_URL = "gateway.local/sms"

    found = {message.id for message in check_notification_backends()}

    assert found == {"notify.E001", "notify.W001"}
