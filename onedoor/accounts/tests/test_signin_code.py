"""One-time sign-in codes: sent by the outbox, hashed, single use, limited in time and tries."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from onedoor.accounts.models import SignInCode
from onedoor.accounts.signin import MAX_ATTEMPTS, redeem_signin_code, request_signin_code
from onedoor.core.errors import DomainError
from onedoor.core.identifiers import make_id_number
from onedoor.core.models import AuditEvent
from onedoor.notify.models import Message
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident() -> Person:
    return register_person(
        actor="test",
        id_number=make_id_number("440604", dt.date(1986, 3, 2), 311),
        name="黄丽娟",
        phone="13802761234",
    )


def _code_sent_to(person: Person) -> str:
    message = Message.objects.filter(recipient=person, template="signin_code").latest("created_at")
    return str(message.context["code"])


def _refusal(**kwargs: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        redeem_signin_code(**kwargs)
    return caught.value


def test_a_code_of_six_digits_goes_by_sms_and_only_its_hash_is_stored(resident):
    sent = request_signin_code(id_number=resident.id_number)

    assert (sent.expires_in, sent.resend_in) == (300, 60)
    message = Message.objects.get(recipient=resident, template="signin_code")
    assert (message.channel, message.address) == ("sms", "13802761234")
    code = _code_sent_to(resident)
    assert re.fullmatch(r"\d{6}", code)
    assert code in message.body
    row = SignInCode.objects.get()
    assert row.person == resident
    assert code not in row.code_hash and resident.id_number not in row.subject_hash
    assert AuditEvent.objects.filter(action="accounts.signin_code_sent").count() == 1


def test_the_right_code_signs_in_once(resident):
    request_signin_code(id_number=resident.id_number)
    code = _code_sent_to(resident)

    assert redeem_signin_code(id_number=resident.id_number, code=code) == resident

    again = _refusal(id_number=resident.id_number, code=code)
    assert (again.code, again.status) == ("invalid_code", 401)
    assert AuditEvent.objects.filter(action="accounts.signed_in").count() == 1


def test_a_wrong_code_counts_a_try_and_five_wrong_tries_spend_the_code(resident):
    request_signin_code(id_number=resident.id_number)
    code = _code_sent_to(resident)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    first = _refusal(id_number=resident.id_number, code=wrong)
    assert (first.code, first.details["attempts_left"]) == ("invalid_code", MAX_ATTEMPTS - 1)
    for _ in range(MAX_ATTEMPTS - 1):
        _refusal(id_number=resident.id_number, code=wrong)

    assert SignInCode.objects.get().attempts == MAX_ATTEMPTS
    spent = _refusal(id_number=resident.id_number, code=code)
    assert (spent.code, spent.details["attempts_left"]) == ("invalid_code", 0)


def test_an_expired_code_says_so(resident):
    request_signin_code(id_number=resident.id_number)
    code = _code_sent_to(resident)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5, seconds=1)):
        expired = _refusal(id_number=resident.id_number, code=code)

    assert (expired.code, expired.status) == ("code_expired", 422)
    assert "过期" in expired.message


def test_a_new_code_is_sent_at_most_once_a_minute_and_replaces_the_old_one(resident):
    request_signin_code(id_number=resident.id_number)
    old = _code_sent_to(resident)

    with pytest.raises(DomainError) as caught:
        request_signin_code(id_number=resident.id_number)
    assert (caught.value.code, caught.value.status) == ("code_rate_limited", 429)
    assert 1 <= caught.value.details["retry_after"] <= 60
    assert SignInCode.objects.count() == 1

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=61)):
        request_signin_code(id_number=resident.id_number)
        new = _code_sent_to(resident)
        if new != old:  # one chance in a million that the new code is the same
            assert _refusal(id_number=resident.id_number, code=old).code == "invalid_code"
        assert redeem_signin_code(id_number=resident.id_number, code=new) == resident


def test_an_unknown_id_number_gets_the_same_answer_and_can_never_sign_in():
    stranger = make_id_number("440604", dt.date(1990, 1, 1), 123)

    sent = request_signin_code(id_number=stranger)

    assert (sent.expires_in, sent.resend_in) == (300, 60)
    assert Message.objects.count() == 0
    row = SignInCode.objects.get()
    assert row.person is None
    with pytest.raises(DomainError) as caught:
        request_signin_code(id_number=stranger)
    assert caught.value.code == "code_rate_limited"
    for guess in ("000000", "123456"):
        assert _refusal(id_number=stranger, code=guess).code == "invalid_code"


def test_a_malformed_id_number_is_refused_before_anything_is_written():
    with pytest.raises(DomainError) as caught:
        request_signin_code(id_number="44060419900101123")
    assert caught.value.code == "invalid_id_number"
    assert SignInCode.objects.count() == 0


def test_a_person_without_a_phone_is_told_the_same_but_gets_no_message():
    silent = register_person(
        actor="test", id_number=make_id_number("440604", dt.date(1970, 5, 5), 217), name="梁伯"
    )
    request_signin_code(id_number=silent.id_number)
    assert Message.objects.count() == 0
    assert AuditEvent.objects.get(action="accounts.signin_code_sent").payload == {
        "delivered": False
    }
