"""``verify``: refuses bad questions before asking, logs every answer with its purpose, and
answers a repeated question from the short-lived cache."""

import logging
from typing import Any

import pytest

from onedoor.core.errors import DomainError
from onedoor.exchange.actions import verify
from onedoor.exchange.models import ExchangeLog
from onedoor.exchange.tests.world import COMPANY, NEWCOMER, PARENT, STRANGER
from onedoor.registry.actions import register_organisation, register_person
from onedoor.registry.models import DataAccess

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("subject", "fact", "params", "purpose", "code"),
    [
        (PARENT, "household.haunted", {}, "test", "unknown_fact"),
        ("440604198503150025", "household.in_district", {}, "test", "invalid_id_number"),
        ("not a number", "marriage.married", {}, "test", "invalid_id_number"),
        (COMPANY, "household.in_district", {}, "test", "invalid_id_number"),
        ("91440604MA4W000018", "business.registered", {}, "test", "invalid_uscc"),
        (PARENT, "business.registered", {}, "test", "invalid_uscc"),
        ("91440604MA4W000018", "tax.no_arrears", {}, "test", "invalid_uscc"),
        (PARENT, "social_insurance.months_at_least", {}, "test", "invalid_input"),
        (PARENT, "social_insurance.months_at_least", {"months": "many"}, "test", "invalid_input"),
        (PARENT, "household.in_district", {"years": 1}, "test", "invalid_input"),
        (PARENT, "household.in_district", {}, "  ", "invalid_input"),
    ],
)
def test_a_bad_question_is_refused_with_its_code_before_any_system_is_asked(
    systems: Any, subject: str, fact: str, params: dict[str, Any], purpose: str, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        verify(subject, fact, params, purpose=purpose, requester="test")

    assert refused.value.code == code
    assert refused.value.status == 422
    assert not ExchangeLog.objects.exists()


def test_each_verification_is_logged_with_its_purpose_and_digests(systems: Any) -> None:
    answer = verify(PARENT, "marriage.married", purpose="核对婚姻状况", requester="staff:clerk")

    entry = ExchangeLog.objects.get()
    assert (entry.system, entry.fact, entry.subject, entry.answer) == (
        "civil", "marriage.married", PARENT, "yes",
    )  # fmt: skip
    assert (entry.requester, entry.purpose, entry.case_number) == (
        "staff:clerk",
        "核对婚姻状况",
        "",
    )
    assert entry.latency_ms == answer.latency_ms
    assert len(entry.request_hash) == len(entry.response_hash) == 64
    assert entry.request_hash != entry.response_hash
    assert (entry.cached, entry.error) == (False, "")


def test_a_case_number_serves_as_the_purpose(systems: Any) -> None:
    verify(PARENT, "household.in_district", purpose="", requester="test", case_number="C-2026-1")

    entry = ExchangeLog.objects.get()
    assert (entry.purpose, entry.case_number) == ("C-2026-1", "C-2026-1")


def test_a_registered_person_sees_the_verification_in_their_access_log(systems: Any) -> None:
    person = register_person(actor="test", id_number=PARENT, name="李家长")
    company = register_organisation(actor="test", uscc=COMPANY, name="好味餐饮")

    verify(
        PARENT,
        "social_insurance.months_at_least",
        {"months": 12},
        purpose="C-7",
        requester="staff:clerk",
    )
    verify(COMPANY, "business.registered", purpose="C-7", requester="staff:clerk")
    verify(STRANGER, "household.in_district", purpose="C-7", requester="staff:clerk")

    person_access = DataAccess.objects.get(person=person)
    assert (person_access.action, person_access.purpose, person_access.accessor) == (
        "verify", "C-7", "staff:clerk",
    )  # fmt: skip
    assert person_access.detail == "social_insurance.months_at_least months=12"
    assert DataAccess.objects.get(organisation=company).detail == "business.registered"
    assert DataAccess.objects.count() == 2  # the stranger is in no registry
    assert ExchangeLog.objects.count() == 3


def test_a_repeated_question_is_answered_from_the_cache_and_still_logged(systems: Any) -> None:
    first = verify(NEWCOMER, "property.rents_in_district", purpose="test", requester="test")
    second = verify(NEWCOMER, "property.rents_in_district", purpose="test", requester="test")
    other = verify(NEWCOMER, "property.owns_in_district", purpose="test", requester="test")

    assert (first.answer, first.cached) == ("yes", False)
    assert (second.answer, second.cached, second.latency_ms) == ("yes", True, 0)
    assert second.at == first.at  # when the system said it
    assert (other.answer, other.cached) == ("no", False)
    logged = list(ExchangeLog.objects.order_by("id").values_list("cached", "request_hash"))
    assert [cached for cached, _ in logged] == [False, True, False]
    assert logged[1][1] == ""  # nothing was sent


def test_the_cache_is_off_when_its_lifetime_is_zero(systems: Any, settings: Any) -> None:
    settings.EXCHANGE_CACHE_SECONDS = 0

    verify(PARENT, "household.in_district", purpose="test", requester="test")
    again = verify(PARENT, "household.in_district", purpose="test", requester="test")

    assert not again.cached


def test_no_identity_number_reaches_the_python_logs(
    systems: Any, faults: Any, caplog: pytest.LogCaptureFixture
) -> None:
    faults("police", mode="down")
    caplog.set_level(logging.DEBUG)

    answer = verify(PARENT, "household.in_district", purpose="test", requester="test")

    assert answer.answer == "unknown"
    assert caplog.records, "the failure is logged"
    for record in caplog.records:
        assert PARENT not in record.getMessage()
        assert PARENT not in str(record.__dict__)
