"""Bad input to a submission gets a clear, coded error and changes nothing; retries are safe."""

import pytest

from onedoor.cases.models import Case
from onedoor.core.models import AuditEvent

CERTIFICATE = "household-certificate"


def certificate(world, **extra):
    return {
        "matter": CERTIFICATE,
        "applicant": {"id_number": world.persons["parent"].id_number},
        "form": {"purpose": "kinship"},
        **extra,
    }


def _nothing_written():
    return (
        not Case.objects.exists()
        and not AuditEvent.objects.filter(action="case.submitted").exists()
    )


def test_unknown_matter_is_404(world, submit):
    response = submit({**certificate(world), "matter": "no-such-matter"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert _nothing_written()


def test_invalid_id_number_is_422(world, submit):
    response = submit({**certificate(world), "applicant": {"id_number": "440604199001011235"}})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_id_number"
    assert _nothing_written()


def test_invalid_uscc_is_422(world, submit):
    body = {**certificate(world), "bundle": "restaurant-opening", "applicant": {"uscc": "123"}}
    del body["matter"]
    response = submit(body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_uscc"


def test_material_of_another_matter_is_422(world, submit):
    response = submit(certificate(world, materials=[{"code": "fire-plans", "paper": True}]))
    assert response.status_code == 422
    assert response.json()["code"] == "material_not_in_matter"
    assert _nothing_written()


def test_form_errors_name_every_field_at_once(world, submit):
    response = submit(certificate(world, form={"purpose": "holiday", "note": 5, "extra": 1}))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_form"
    assert set(body["details"]["fields"]) == {"purpose", "note", "extra"}
    assert _nothing_written()


def test_missing_required_field_is_named(world, submit):
    response = submit(certificate(world, form={}))
    assert response.status_code == 422
    assert response.json()["details"]["fields"] == {"purpose": "必填。"}


def test_unknown_upload_is_refused(world, submit):
    body = certificate(world, materials=[{"code": "id-card", "upload_id": "not-a-uuid"}])
    response = submit(body)
    assert response.status_code == 422
    assert _nothing_written()


def test_anonymous_submission_is_401(world, client):
    response = client.post("/api/v1/cases", certificate(world), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_same_idempotency_key_and_body_returns_the_same_case(world, submit):
    first = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-1")
    again = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Case.objects.count() == 1


def test_same_idempotency_key_with_another_body_is_409(world, submit):
    submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-2")
    other = submit(certificate(world, form={"purpose": "other"}), HTTP_IDEMPOTENCY_KEY="visit-2")
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_conflict"
    assert Case.objects.count() == 1


def test_idempotency_keys_are_scoped_to_the_caller(world, submit):
    submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-3")
    other = submit(certificate(world), world.staff("supervisor"), HTTP_IDEMPOTENCY_KEY="visit-3")
    assert other.status_code == 201
    assert Case.objects.count() == 2


@pytest.mark.parametrize("child", ["child_eligible"])
def test_second_open_enrollment_for_the_same_child_is_409(world, submit, child):
    body = {
        "matter": "new-student-enrollment",
        "applicant": {"id_number": world.persons[child].id_number},
        "agent": {"id_number": world.persons["parent"].id_number},
        "form": {"school_preference": "zumiao-central", "guardian_phone": "13800000000"},
    }
    assert submit(body).status_code == 201
    again = submit(body)
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate_application"
    assert Case.objects.count() == 1


def test_submission_runs_a_bounded_number_of_queries(world, submit, django_assert_max_num_queries):
    body = certificate(world)
    submit(body)  # warm caches (catalog index, calendar)
    Case.objects.all().delete()
    with django_assert_max_num_queries(60):
        assert submit(body).status_code == 201


def test_a_case_number_already_taken_is_never_reused(world, submit, monkeypatch):
    from onedoor.cases.actions import submit as submit_module

    first = submit(certificate(world)).json()["number"]
    numbers = iter([first, "20261128-ZZZZZZZ"])
    monkeypatch.setattr(submit_module, "new_case_number", lambda: next(numbers))
    second = submit(certificate(world))
    assert second.status_code == 201
    assert second.json()["number"] == "20261128-ZZZZZZZ"
