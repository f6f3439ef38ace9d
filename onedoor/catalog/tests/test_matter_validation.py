import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from onedoor.catalog.facts import FACTS, check_fact_params, get_fact
from onedoor.catalog.models import MatterCondition, MatterFormField, MatterVerification
from onedoor.catalog.services.expressions import referenced_attributes
from onedoor.catalog.tests.factories import draft
from onedoor.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_promised_days_beyond_statutory_days_is_refused_by_clean_and_by_the_database():
    version = draft()
    version.promised_days = 11

    with pytest.raises(ValidationError) as caught:
        version.full_clean()
    assert "promised_days" in caught.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()


def test_an_instant_matter_promises_zero_days():
    version = draft(instant=True, promised_days=0)
    version.promised_days = 1

    with pytest.raises(ValidationError) as caught:
        version.full_clean()

    assert "即办件" in caught.value.message_dict["promised_days"][0]


def test_a_condition_that_does_not_parse_is_refused_with_the_parser_message():
    condition = MatterCondition(
        version=draft(), code="age", description="年龄", expression="applicant.age >= "
    )

    with pytest.raises(ValidationError) as caught:
        condition.full_clean()

    assert "syntax error" in caught.value.message_dict["expression"][0]


def test_a_condition_reading_an_unknown_root_is_refused():
    condition = MatterCondition(
        version=draft(), code="x", description="x", expression="applicnt.age >= 6"
    )

    with pytest.raises(ValidationError) as caught:
        condition.full_clean()

    assert "applicnt" in caught.value.message_dict["expression"][0]


def test_a_well_formed_condition_is_accepted():
    condition = MatterCondition(
        version=draft(),
        code="age",
        description="年龄",
        expression="applicant.age >= 6 and (verified.household or form.reason == 'x')",
    )

    condition.full_clean()


def test_a_verification_of_an_unknown_fact_is_refused():
    verification = MatterVerification(version=draft(), key="x", fact="weather.sunny")

    with pytest.raises(ValidationError) as caught:
        verification.full_clean()

    assert "weather.sunny" in caught.value.message_dict["fact"][0]


def test_a_fact_with_wrong_params_is_refused():
    verification = MatterVerification(
        version=draft(), key="permit", fact="residence_permit.years_at_least", params={}
    )

    with pytest.raises(ValidationError) as caught:
        verification.full_clean()

    assert "years" in caught.value.message_dict["params"][0]


def test_the_fact_vocabulary_holds_the_ten_facts_with_their_sources():
    assert len(FACTS) == 10
    assert get_fact("property.owns_in_district").source == "housing"
    assert get_fact("social_insurance.months_at_least").params[0].name == "months"
    with pytest.raises(DomainError) as caught:
        get_fact("nope")
    assert caught.value.code == "unknown_fact"
    check_fact_params("social_insurance.months_at_least", {"months": 6})
    with pytest.raises(DomainError):
        check_fact_params("social_insurance.months_at_least", {"months": True})


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ({"type": "choice", "choices": []}, "choices"),
        ({"type": "text", "choices": [{"value": "a", "label": "A"}]}, "choices"),
        ({"type": "integer", "min": 1.5}, "min"),
        ({"type": "integer", "min": 5, "max": 1}, "max"),
        ({"type": "date", "min": "2024-02-30"}, "min"),
        ({"type": "boolean", "max": 1}, "max"),
        ({"type": "integer", "max_length": 3}, "max_length"),
    ],
)
def test_form_field_constraints_must_fit_the_type(field, problem):
    row = MatterFormField(version=draft(), name="f", label="字段", **field)

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert problem in caught.value.message_dict


def test_form_field_names_must_be_identifiers_of_the_rule_language():
    row = MatterFormField(version=draft(), name="shop-name", label="店名", type="text")

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert "name" in caught.value.message_dict


def test_referenced_attributes_ignore_string_literals():
    expression = "verified.a and form.kind == 'verified.b' or verified.c"

    assert referenced_attributes(expression, "verified") == {"a", "c"}
