"""Every fact of the exchange, answered by its system for seeded subjects, through the
translation docs/sandbox.md gives the connectors."""

import httpx
import pytest

from onedoor.sandbox.tests.callers import answer_fact
from onedoor.sandbox.tests.conftest import (
    CHILD,
    CLOSED_COMPANY,
    COMPANY,
    NEWCOMER,
    NEWCOMER_CHILD,
    PARENT,
    STRANGER,
    YOUNGER_CHILD,
)


@pytest.mark.parametrize(
    ("fact", "subject", "params", "answer"),
    [
        ("household.in_district", PARENT, {}, "yes"),
        ("household.in_district", NEWCOMER, {}, "no"),
        ("household.in_district", STRANGER, {}, "no"),
        ("residence_permit.years_at_least", NEWCOMER, {"years": 0.5}, "yes"),
        ("residence_permit.years_at_least", NEWCOMER, {"years": 1}, "no"),
        ("residence_permit.years_at_least", PARENT, {"years": 1}, "no"),
        ("property.owns_in_district", PARENT, {}, "yes"),
        ("property.owns_in_district", NEWCOMER, {}, "no"),
        ("property.owns_in_district", STRANGER, {}, "no"),
        ("property.rents_in_district", NEWCOMER, {}, "yes"),
        ("property.rents_in_district", PARENT, {}, "no"),
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
        ("business.registered", "91440604MA4W0000X9", {}, "no"),
        ("tax.no_arrears", PARENT, {}, "yes"),
        ("tax.no_arrears", COMPANY, {}, "yes"),
        ("tax.no_arrears", NEWCOMER, {}, "no"),
        ("tax.no_arrears", CLOSED_COMPANY, {}, "no"),
        ("tax.no_arrears", STRANGER, {}, "no"),
    ],
)
def test_each_system_answers_its_fact_for_seeded_subjects(
    http: httpx.Client, world: dict, fact: str, subject: str, params: dict, answer: str
) -> None:
    assert answer_fact(http, fact, subject, params) == answer
