"""Each connector speaks its system's own API: every fact answers yes and no for known subjects,
and a subject the system does not know is answered no."""

from typing import Any

import pytest

from onedoor.catalog.facts import FACTS
from onedoor.exchange.actions import verify
from onedoor.exchange.connectors import Call, connectors
from onedoor.exchange.models import ConnectorConfig
from onedoor.exchange.queries import get_connector_settings
from onedoor.exchange.services.pool import client_for
from onedoor.exchange.tests.world import (
    CHILD,
    CLOSED_COMPANY,
    COMPANY,
    NEWCOMER,
    NEWCOMER_CHILD,
    PARENT,
    STRANGER,
    UNKNOWN_COMPANY,
    YOUNGER_CHILD,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fact", "subject", "params", "expected"),
    [
        ("household.in_district", PARENT, {}, "yes"),
        ("household.in_district", NEWCOMER, {}, "no"),
        ("household.in_district", STRANGER, {}, "no"),
        ("residence_permit.years_at_least", NEWCOMER, {"years": 1}, "yes"),
        ("residence_permit.years_at_least", NEWCOMER, {"years": 2}, "no"),
        ("residence_permit.years_at_least", PARENT, {"years": 1}, "no"),
        ("property.owns_in_district", PARENT, {}, "yes"),
        ("property.owns_in_district", NEWCOMER, {}, "no"),
        ("property.owns_in_district", STRANGER, {}, "no"),
        ("property.rents_in_district", NEWCOMER, {}, "yes"),
        ("property.rents_in_district", PARENT, {}, "no"),
        ("property.rents_in_district", STRANGER, {}, "no"),
        ("social_insurance.months_at_least", PARENT, {"months": 96}, "yes"),
        ("social_insurance.months_at_least", PARENT, {"months": 97}, "no"),
        ("social_insurance.months_at_least", STRANGER, {"months": 1}, "no"),
        ("marriage.married", PARENT, {}, "yes"),
        ("marriage.married", NEWCOMER, {}, "no"),
        ("marriage.married", STRANGER, {}, "no"),
        ("birth.registered", CHILD, {}, "yes"),
        ("birth.registered", YOUNGER_CHILD, {}, "no"),
        ("birth.registered", NEWCOMER_CHILD, {}, "no"),
        ("birth.registered", STRANGER, {}, "no"),
        ("vaccination.complete", CHILD, {}, "yes"),
        ("vaccination.complete", NEWCOMER_CHILD, {}, "no"),
        ("vaccination.complete", STRANGER, {}, "no"),
        ("business.registered", COMPANY, {}, "yes"),
        ("business.registered", CLOSED_COMPANY, {}, "no"),
        ("business.registered", UNKNOWN_COMPANY, {}, "no"),
        ("tax.no_arrears", PARENT, {}, "yes"),
        ("tax.no_arrears", COMPANY, {}, "yes"),
        ("tax.no_arrears", NEWCOMER, {}, "no"),
        ("tax.no_arrears", CLOSED_COMPANY, {}, "no"),
        ("tax.no_arrears", STRANGER, {}, "no"),
    ],
)
def test_each_fact_is_answered_by_its_system_in_its_own_style(
    systems: Any, fact: str, subject: str, params: dict[str, Any], expected: str
) -> None:
    answer = verify(subject, fact, params, purpose="test", requester="test")

    assert (answer.answer, answer.error) == (expected, "")
    assert answer.source == FACTS[fact].source
    assert not answer.cached


def test_every_fact_of_the_catalog_has_a_connector_that_answers_it() -> None:
    for code, fact in FACTS.items():
        assert code in connectors.get(fact.source).facts, code
    assert sorted(connectors.ids()) == sorted(
        ["police", "housing", "hrss", "civil", "health", "market", "tax", "education"]
    )


@pytest.mark.parametrize(
    ("subject", "expected"), [(YOUNGER_CHILD, True), (CHILD, False), (STRANGER, False)]
)
def test_education_answers_whether_a_child_is_enrolled(
    systems: Any, subject: str, expected: bool
) -> None:
    settings = get_connector_settings(["education"])["education"]
    call = Call(client_for("education"), settings)

    assert connectors.get("education").ask(call, "school.enrolled", subject, {}) is expected


def test_every_system_passes_its_probe_with_the_demo_credentials(systems: Any) -> None:
    report = {code: connectors.get(code).check_config() for code in connectors.ids()}

    assert report == {code: [] for code in connectors.ids()}


def test_a_system_without_settings_reports_it(db: None) -> None:
    assert not ConnectorConfig.objects.exists()

    problems = connectors.get("police").check_config()

    assert [p.message for p in problems] == ["尚未配置该系统的接口"]
