"""Bad input to a submission gets a clear, coded error and changes nothing; retries are safe."""

import json

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


def test_unknown_service_point_is_404(world, submit):
    response = submit({**certificate(world), "service_point": "no-such-point"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert _nothing_written()


def test_the_case_records_its_service_point(world, submit):
    number = submit(certificate(world)).json()["number"]
    assert Case.objects.get(number=number).service_point.code == "district-centre"


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


PAPER_ID_CARD = [{"code": "id-card", "paper": True}]
ENROLLMENT_PAPERS = [
    {"code": code, "paper": True}
    for code in (
        "child-household-register",
        "guardian-id-card",
        "home-proof",
        "residence-permit",
        "vaccination-record",
    )
]


# Queries of one submission through the API, whatever the number of materials; in a test's
# transaction each transaction of the action is a SAVEPOINT and its RELEASE.
BUDGET = 30


def _clerk_posting(world):
    """Submit as the clerk with one token (its first use is recorded once, not measured);
    answers (outcome, queries) of a submission done within ``budget`` queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = world.headers(world.staff("clerk"))

    def post(body, budget=None):
        body = {"channel": "window", "service_point": "district-centre", **body}
        with CaptureQueriesContext(connection) as queries:
            response = world.client.post(
                "/api/v1/cases", json.dumps(body), content_type="application/json", **headers
            )
        assert response.status_code == 201, response.json()
        if budget is not None:
            assert len(queries) <= budget, [q["sql"][:80] for q in queries.captured_queries]
        return response.json()["outcome"], len(queries)

    return post


def test_submission_runs_a_bounded_number_of_queries(world):
    """Whatever the number of materials. A certificate decided on the spot: the token, the
    spec, the applicant, the service point, the number, the verification and its log, the
    credit list, the licences on file, the case, its checklist, verifications, reuses and
    events, the licence issued and signed, the result, the message to the applicant."""
    post = _clerk_posting(world)
    post(certificate(world, materials=PAPER_ID_CARD))  # warm caches (token, spec, calendar)
    papers = [*PAPER_ID_CARD, {"code": "household-register", "paper": True}]

    one = post(certificate(world, materials=PAPER_ID_CARD), budget=BUDGET)
    two = post(certificate(world, materials=papers), budget=BUDGET)

    assert one == two and one[0] == "decided"


def test_an_accepted_submission_runs_as_many_queries_with_five_materials(world):
    from onedoor.cases.tests.applications import enrollment_body, restaurant_body

    post = _clerk_posting(world)
    # Warm caches: a spec, the calendar, and the alert that 2027's holidays are not known yet.
    post(restaurant_body(world))
    post(enrollment_body(world, "newcomer_child", "newcomer"))
    body = enrollment_body(world)

    one = post({**body, "materials": [{"code": "guardian-id-card", "paper": True}]}, budget=BUDGET)
    Case.objects.filter(applicant_person=world.persons["child_eligible"]).update(duplicate_key=None)
    five = post({**body, "materials": ENROLLMENT_PAPERS}, budget=BUDGET)

    assert one == five and one[0] == "accepted"


def test_a_case_number_already_taken_is_never_reused(world, submit, monkeypatch):
    from onedoor.cases.actions import submit as submit_module

    first = submit(certificate(world)).json()["number"]
    numbers = iter([first, "20261128-ZZZZZZZ"])
    monkeypatch.setattr(submit_module, "new_case_number", lambda: next(numbers))
    second = submit(certificate(world))
    assert second.status_code == 201
    assert second.json()["number"] == "20261128-ZZZZZZZ"


def test_a_case_number_already_taken_is_never_reused_under_an_idempotency_key(
    world, submit, monkeypatch
):
    from onedoor.cases.actions import submit as submit_module

    first = submit(certificate(world)).json()["number"]
    numbers = iter([first, "20261128-ZZZZZZY"])
    monkeypatch.setattr(submit_module, "new_case_number", lambda: next(numbers))
    second = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-5")
    assert second.status_code == 201
    assert second.json()["number"] == "20261128-ZZZZZZY"


def test_a_replay_answers_its_case_whatever_number_was_drawn(world, submit, monkeypatch):
    from onedoor.cases.actions import submit as submit_module

    first = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-6").json()
    monkeypatch.setattr(submit_module, "new_case_number", lambda: first["number"])
    again = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-6")
    assert again.status_code == 201
    assert again.json() == first
    assert Case.objects.count() == 1
