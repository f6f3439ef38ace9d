"""Applying online: for whom, the prefilled form, only the real gaps, drafts, one submission."""

import pytest

from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import world
from onedoor.hall.models import Draft
from onedoor.hall.tests.citizens import pdf, sign_in
from onedoor.registry.models import DataAccess

pytestmark = pytest.mark.django_db

__all__ = ["world"]

ENROLLMENT = "new-student-enrollment"


def _start(world, persona: str, who: str, path: str = f"/apply/{ENROLLMENT}") -> Draft:
    """``persona`` signs in and starts an application for ``who`` (a persona or the company)."""
    client = world.client
    sign_in(client, world.persons[persona])
    key = f"o:{world.company.uscc}" if who == "company" else f"p:{world.persons[who].id_number}"
    response = client.post(path, {"for": key})
    assert response.status_code == 302, response.content.decode()[:500]
    return Draft.objects.get(owner=world.persons[persona], status="open")


def test_the_guide_offers_to_apply_online_and_asks_for_whom(world):
    client = world.client
    guide = client.get(f"/matters/{ENROLLMENT}").content.decode()
    assert f'href="/apply/{ENROLLMENT}"' in guide

    assert client.get(f"/apply/{ENROLLMENT}").status_code == 302  # sign in first
    sign_in(client, world.persons["parent"])
    page = client.get(f"/apply/{ENROLLMENT}").content.decode()

    for persona in ("parent", "child_eligible", "child_too_young"):
        assert f'value="p:{world.persons[persona].id_number}"' in page
    assert world.company.uscc not in page  # a person's matter is not applied for by a company


def test_the_enrollment_needs_no_upload_and_is_accepted_online(world):
    parent, child = world.persons["parent"], world.persons["child_eligible"]
    draft = _start(world, "parent", "child_eligible")
    assert draft.form == {"guardian_phone": parent.phone}
    page = world.client.get(f"/drafts/{draft.public_id}/").content.decode()
    assert 'data-handling="gap"' not in page  # every material is on file or verified
    assert page.count('data-handling="reused"') >= 3

    response = world.client.post(
        f"/drafts/{draft.public_id}/",
        {
            "action": "submit",
            "idempotency_key": draft.idempotency_key,
            "form-school_preference": "zumiao-central",
            "form-guardian_phone": parent.phone,
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.number}?new=1"
    assert (case.channel, case.status, case.outcome) == ("online", "accepted", "accepted")
    assert (case.applicant_person, case.agent) == (child, parent)
    draft.refresh_from_db()
    assert (draft.status, draft.case_number) == ("submitted", case.number)
    # The child's data was read to prefill the form: the child's access log says so.
    assert DataAccess.objects.filter(person=child, action="prefill").exists()
    page = world.client.get(response["Location"]).content.decode()
    assert "已受理" in page and case.number in page


def test_sending_the_application_twice_makes_one_case(world):
    draft = _start(world, "parent", "child_eligible")
    body = {
        "action": "submit",
        "idempotency_key": draft.idempotency_key,
        "form-school_preference": "lianhua",
        "form-guardian_phone": "13800000000",
    }

    first = world.client.post(f"/drafts/{draft.public_id}/", body)
    second = world.client.post(f"/drafts/{draft.public_id}/", body)

    assert Case.objects.count() == 1
    number = Case.objects.get().number
    assert first["Location"].startswith(f"/cases/{number}")
    assert second["Location"] == f"/cases/{number}"


def test_a_draft_is_saved_half_filled_and_resumed(world):
    draft = _start(world, "parent", "child_eligible")

    saved = world.client.post(
        f"/drafts/{draft.public_id}/",
        {"action": "save", "form-school_preference": "shiwan-central", "form-guardian_phone": ""},
    )

    assert saved.status_code == 302
    draft.refresh_from_db()
    assert draft.form["school_preference"] == "shiwan-central"
    assert Case.objects.count() == 0
    again = world.client.post(f"/apply/{ENROLLMENT}", {"for": f"p:{draft.applicant_code}"})
    assert again["Location"] == f"/drafts/{draft.public_id}/"  # the same draft, resumed
    page = world.client.get(again["Location"]).content.decode()
    assert 'value="shiwan-central" selected' in page


def test_a_missing_required_field_is_shown_and_nothing_is_submitted(world):
    draft = _start(world, "parent", "child_eligible")

    response = world.client.post(
        f"/drafts/{draft.public_id}/", {"action": "submit", "form-guardian_phone": "1380000"}
    )

    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    assert Case.objects.count() == 0


def test_applying_for_someone_one_may_not_act_for_is_403(world):
    sign_in(world.client, world.persons["newcomer"])
    child = world.persons["child_eligible"]

    response = world.client.post(f"/apply/{ENROLLMENT}", {"for": f"p:{child.id_number}"})

    assert response.status_code == 403
    assert Draft.objects.count() == 0


def test_another_persons_draft_is_not_found(world):
    draft = _start(world, "parent", "child_eligible")
    world.client.post("/signout/")
    sign_in(world.client, world.persons["newcomer"])

    assert world.client.get(f"/drafts/{draft.public_id}/").status_code == 404
    assert world.client.post(f"/drafts/{draft.public_id}/", {"action": "submit"}).status_code == 404


PROMISED = (
    "food-safety-rules",
    "food-safety-manager",
    "signboard-safety-commitment",
    "fire-safety-rules",
)
KEY_PAPERS = (
    "food-licence-application",
    "layout-and-process",
    "signboard-application",
    "signboard-design",
    "premises-proof",
    "fire-check-application",
    "fire-plans",
)


def _restaurant_answers(draft: Draft) -> dict:
    return {
        "action": "submit",
        "idempotency_key": draft.idempotency_key,
        "form-business_type": "catering",
        "form-venue_type": "restaurant",
        "form-premises_address": "禅城区汾江中路1号",
        "form-premises_area": "120.5",
        "form-signboard_width": "4",
        "form-signboard_height": "1.2",
        **{f"material-{code}": "commitment" for code in PROMISED},
    }


def test_the_legal_representative_applies_for_the_restaurant_bundle(world):
    draft = _start(world, "parent", "company", path="/apply/bundles/restaurant-opening")
    assert draft.form["premises_address"] == world.company.address
    body = _restaurant_answers(draft)
    for code in KEY_PAPERS:
        body[f"material-{code}"] = "upload"
        body[f"file-{code}"] = pdf(f"{code}.pdf")

    response = world.client.post(f"/drafts/{draft.public_id}/", body)

    page = response.content.decode()
    assert response.status_code == 302, page[page.find("<main") :][:3000]
    case = Case.objects.get()
    assert (case.applicant_organisation, case.agent) == (world.company, world.persons["parent"])
    assert case.channel == "online"
    assert case.status == "accepted", (case.outcome, case.unmet_conditions)
    states = {m.code: m.state for m in case.materials.all()}
    assert all(states[code] == "uploaded" for code in KEY_PAPERS)
    assert states["business-licence"] in ("reused", "verified")
    assert states["food-safety-rules"] == "commitment"


def test_a_file_that_is_not_what_it_claims_is_refused_and_kept_out(world):
    draft = _start(world, "parent", "company", path="/apply/bundles/restaurant-opening")
    body = _restaurant_answers(draft)
    from django.core.files.uploadedfile import SimpleUploadedFile

    body["material-premises-proof"] = "upload"
    body["file-premises-proof"] = SimpleUploadedFile(
        "lease.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf"
    )

    response = world.client.post(f"/drafts/{draft.public_id}/", body)

    assert response.status_code == 422
    assert "只接受 PDF、JPEG、PNG 或 OFD 文件" in response.content.decode()
    assert Case.objects.count() == 0
