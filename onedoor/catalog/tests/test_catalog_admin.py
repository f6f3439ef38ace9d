import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from onedoor.catalog.actions import create_draft_version, publish_version
from onedoor.catalog.models import (
    Bundle,
    Department,
    MatterCondition,
    MatterVerification,
    MatterVersion,
    SearchSynonym,
)
from onedoor.catalog.tests.factories import draft
from onedoor.core.models import AuditEvent


def _value(bound: Any) -> Any:
    value = bound.value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _form_fields(form: Any) -> dict[str, Any]:
    data = {}
    for name in form.fields:
        value = _value(form[name])
        if value != "":
            data[form.add_prefix(name)] = value
    return data


def change_form_data(response: Any) -> dict[str, Any]:
    """What the admin page would post back unchanged: the form and every inline."""
    data = _form_fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {formset.management_form.add_prefix(k): v
                 for k, v in formset.management_form.initial.items()}  # fmt: skip
        for form in formset.initial_forms:
            data |= _form_fields(form)
    return data


def _change_url(obj: Any) -> str:
    return reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def staff(admin_client):
    return admin_client


def test_every_catalog_admin_page_renders(staff, catalog):
    version = MatterVersion.objects.get(matter__code="new-student-enrollment")
    bundle = Bundle.objects.get(code="restaurant-opening")
    for model in ("department", "matter", "matterversion", "bundle", "searchsynonym"):
        assert staff.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200
        assert staff.get(reverse(f"admin:catalog_{model}_add")).status_code == 200
    for obj in (version, version.matter, bundle, Department.objects.get(code="police"),
                SearchSynonym.objects.first()):  # fmt: skip
        assert staff.get(_change_url(obj)).status_code == 200


def test_a_draft_edit_is_saved_and_audited(staff, db):
    version = draft()
    data = change_form_data(staff.get(_change_url(version)))
    data["name"] = "店招设置备案"

    response = staff.post(_change_url(version), data)

    assert response.status_code == 302
    version.refresh_from_db()
    assert version.name == "店招设置备案"
    assert "店招设置备案" in version.search_text
    assert AuditEvent.objects.filter(action="catalog.draft_edited").count() == 1


def test_a_condition_that_does_not_parse_shows_the_parser_error_in_the_form(staff, db):
    version = draft()
    data = change_form_data(staff.get(_change_url(version)))
    data |= {
        "conditions-TOTAL_FORMS": "1",
        "conditions-0-code": "age",
        "conditions-0-description": "年龄",
        "conditions-0-expression": "applicant.age >=",
        "conditions-0-order": "0",
    }

    response = staff.post(_change_url(version), data)

    assert response.status_code == 200
    assert "表达式无法解析" in response.content.decode()
    assert "syntax error" in response.content.decode()
    assert not MatterCondition.objects.exists()


def test_promised_days_beyond_statutory_days_is_a_form_error(staff, db):
    version = draft()
    data = change_form_data(staff.get(_change_url(version)))
    data["promised_days"] = "30"

    response = staff.post(_change_url(version), data)

    assert response.status_code == 200
    assert "承诺时限不得超过法定时限" in response.content.decode()
    version.refresh_from_db()
    assert version.promised_days == 5


def test_an_unknown_fact_is_a_form_error(staff, db):
    version = draft()
    data = change_form_data(staff.get(_change_url(version)))
    data |= {
        "verifications-TOTAL_FORMS": "1",
        "verifications-0-key": "weather",
        "verifications-0-fact": "weather.sunny",
        "verifications-0-subject": "applicant",
        "verifications-0-params": "{}",
        "verifications-0-order": "0",
    }

    response = staff.post(_change_url(version), data)

    assert response.status_code == 200
    assert "未知的核验事实" in response.content.decode()
    assert not MatterVerification.objects.exists()


def test_a_material_naming_a_verification_not_in_the_version_is_a_form_error(staff, db):
    version = draft()
    data = change_form_data(staff.get(_change_url(version)))
    data |= {
        "materials-TOTAL_FORMS": "1",
        "materials-0-code": "plan",
        "materials-0-name": "平面图",
        "materials-0-copies": "1",
        "materials-0-order": "0",
        "materials-0-verification": "nothing",
    }

    response = staff.post(_change_url(version), data)

    assert response.status_code == 200
    assert "本版本没有键为 nothing 的数据核验" in response.content.decode()


def test_review_departments_are_typed_as_codes_in_order(staff, db):
    version = draft()
    Department.objects.create(code="urban", name="城管")
    data = change_form_data(staff.get(_change_url(version)))
    data["stages-0-review_departments"] = "urban、market"

    response = staff.post(_change_url(version), data)

    assert response.status_code == 302
    stage = version.stages.get()
    assert [r.department.code for r in stage.reviews.all()] == ["urban", "market"]


def test_the_publish_action_publishes_through_the_action(staff, db):
    version = draft()

    response = staff.post(
        reverse("admin:catalog_matterversion_changelist"),
        {"action": "publish_selected", "_selected_action": [version.pk]},
        follow=True,
    )

    assert response.status_code == 200
    version.refresh_from_db()
    assert version.status == "published"
    assert AuditEvent.objects.filter(action="catalog.version_published").exists()


def test_a_refused_publication_is_a_message_not_a_server_error(staff, db):
    first = publish_version(draft(), actor="system")
    second = create_draft_version(first.matter, actor="system", valid_from=dt.date(2025, 1, 1))

    response = staff.post(
        reverse("admin:catalog_matterversion_changelist"),
        {"action": "publish_selected", "_selected_action": [second.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "有效期重叠" in response.content.decode()
    second.refresh_from_db()
    assert second.status == "draft"


def test_a_published_version_only_takes_a_new_end_date_that_overlaps_nothing(staff, db):
    first = publish_version(draft(), actor="system")
    first_until = dt.date(2026, 12, 31)
    MatterVersion.objects.filter(pk=first.pk).update(valid_until=first_until)
    second = MatterVersion.objects.create(
        matter=first.matter, version=2, name="店招备案", kind="administrative_licence",
        department=first.department, valid_from=dt.date(2027, 1, 1), statutory_days=10,
        promised_days=5, status="published",
    )  # fmt: skip
    data = change_form_data(staff.get(_change_url(first)))

    data["valid_until"] = "2027-06-30"
    refused = staff.post(_change_url(first), data)
    data["valid_until"] = "2026-10-31"
    accepted = staff.post(_change_url(first), data)

    assert refused.status_code == 200 and "有效期重叠" in refused.content.decode()
    assert accepted.status_code == 302
    first.refresh_from_db()
    assert first.valid_until == dt.date(2026, 10, 31)
    assert AuditEvent.objects.filter(action="catalog.version_validity_set").count() == 1
    assert second.pk


def test_a_synonym_saved_in_the_admin_goes_through_the_action(staff, db):
    response = staff.post(
        reverse("admin:catalog_searchsynonym_add"),
        {"term": "护照", "synonyms": "出国证件、因私护照"},
    )

    assert response.status_code == 302
    assert SearchSynonym.objects.get(term="护照").synonym_list() == ["出国证件", "因私护照"]
    assert AuditEvent.objects.filter(action="catalog.synonym_saved").exists()


def test_a_matter_added_in_the_admin_is_registered_through_the_action(staff, db):
    response = staff.post(reverse("admin:catalog_matter_add"), {"code": "pet-licence"})

    assert response.status_code == 302
    assert AuditEvent.objects.get(action="catalog.matter_registered").object_id
    assert staff.get(reverse("admin:catalog_matter_changelist")).status_code == 200


def test_a_published_bundle_is_read_only_until_reopened(staff, catalog):
    bundle = Bundle.objects.get(code="restaurant-opening")
    page = staff.get(_change_url(bundle))
    assert 'name="name"' not in page.content.decode()

    staff.post(
        reverse("admin:catalog_bundle_changelist"),
        {"action": "reopen_selected", "_selected_action": [bundle.pk]},
    )

    bundle.refresh_from_db()
    assert bundle.status == "draft"
    assert 'name="name"' in staff.get(_change_url(bundle)).content.decode()
