"""Following a case online: its page, supplements, results to download, ratings; my licences
and who read my data."""

import pytest

from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import world
from onedoor.hall.models import Draft
from onedoor.hall.tests.citizens import pdf, sign_in
from onedoor.ratings.models import Rating
from onedoor.registry.actions import log_data_access

pytestmark = pytest.mark.django_db

__all__ = ["world"]


def _apply(world, persona: str, who: str, matter: str, form: dict) -> Case:
    """``persona`` signs in and applies online for ``who``; answers the case."""
    client = world.client
    sign_in(client, world.persons[persona])
    client.post(f"/apply/{matter}", {"for": f"p:{world.persons[who].id_number}"})
    draft = Draft.objects.get(owner=world.persons[persona], status="open")
    body = {"action": "submit", **{f"form-{k}": v for k, v in form.items()}}
    response = client.post(f"/drafts/{draft.public_id}/", body)
    page = response.content.decode()
    assert response.status_code == 302, page[page.find("error-summary") :][:1500]
    draft.refresh_from_db()
    return Case.objects.get(number=draft.case_number)


def _enrollment_of(world, persona: str, child: str) -> Case:
    form = {"school_preference": "zumiao-central", "guardian_phone": "15017893456"}
    return _apply(world, persona, child, "new-student-enrollment", form)


def test_a_notice_lists_every_gap_and_the_gaps_are_filled_online(world):
    case = _enrollment_of(world, "newcomer", "newcomer_child")
    assert (case.status, case.outcome) == ("submitted", "notice")

    page = world.client.get(f"/cases/{case.number}").content.decode()
    assert 'data-outcome="notice"' in page
    waiting = [m for m in case.materials.all() if m.state == "missing"]
    assert waiting
    for material in waiting:
        assert material.name in page
        assert f'name="file-{material.code}"' in page

    body = {f"file-{m.code}": pdf(f"{m.code}.pdf") for m in waiting}
    response = world.client.post(f"/cases/{case.number}/supplement", body)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "accepted", (case.outcome, case.unmet_conditions)
    assert all(m.state == "uploaded" for m in case.materials.all() if m.code in body)


def test_a_supplement_without_a_file_or_with_a_bad_file_changes_nothing(world):
    case = _enrollment_of(world, "newcomer", "newcomer_child")
    code = next(m.code for m in case.materials.all() if m.state == "missing")
    from django.core.files.uploadedfile import SimpleUploadedFile

    empty = world.client.post(f"/cases/{case.number}/supplement", {})
    bad = world.client.post(
        f"/cases/{case.number}/supplement",
        {f"file-{code}": SimpleUploadedFile("a.pdf", b"plain text", content_type="text/plain")},
    )

    assert empty.status_code == bad.status_code == 422
    assert "只接受 PDF" in bad.content.decode()
    case.refresh_from_db()
    assert case.status == "submitted"


def test_the_case_page_tells_status_department_deadline_and_timeline(
    world, django_assert_max_num_queries
):
    case = _enrollment_of(world, "parent", "child_eligible")

    with django_assert_max_num_queries(20):
        response = world.client.get(f"/cases/{case.number}")

    page = response.content.decode()
    assert response.status_code == 200
    assert "已受理" in page
    assert "教育局" in page or case.department.name in page
    assert case.deadline.isoformat() in page
    assert "提交申请" in page  # the timeline's first event


def test_another_persons_case_page_is_not_found(world):
    case = _enrollment_of(world, "parent", "child_eligible")
    world.client.post("/signout/")
    sign_in(world.client, world.persons["newcomer"])

    assert world.client.get(f"/cases/{case.number}").status_code == 404
    assert world.client.post(f"/cases/{case.number}/rating", {"grade": 1}).status_code == 404
    assert world.client.post(f"/cases/{case.number}/supplement", {}).status_code == 404


def test_a_decided_case_gives_its_licence_to_download_and_is_delivered(world):
    case = _apply(world, "parent", "parent", "household-certificate", {"purpose": "kinship"})
    assert case.status == "decided"
    licence = case.results.get().licence
    page = world.client.get(f"/cases/{case.number}").content.decode()
    assert f'data-licence="{licence.number}"' in page
    assert "<svg" in page  # the QR code that opens the verification page

    response = world.client.post(f"/cases/{case.number}/licences/{licence.number}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    case.refresh_from_db()
    assert case.status == "delivered"


def test_a_finished_case_is_rated_once(world):
    case = _apply(world, "parent", "parent", "household-certificate", {"purpose": "kinship"})

    first = world.client.post(f"/cases/{case.number}/rating", {"grade": "5", "comment": "方便"})
    second = world.client.post(f"/cases/{case.number}/rating", {"grade": "1"})

    assert first.status_code == second.status_code == 302
    assert "您已评价过" in world.client.get(second["Location"]).content.decode()
    rating = Rating.objects.get()
    assert (rating.grade, rating.comment, rating.channel) == (5, "方便", "online")
    assert 'data-rated="5"' in world.client.get(f"/cases/{case.number}").content.decode()


def test_an_open_case_offers_no_rating(world):
    case = _enrollment_of(world, "parent", "child_eligible")

    page = world.client.get(f"/cases/{case.number}").content.decode()
    response = world.client.post(f"/cases/{case.number}/rating", {"grade": "4"})

    assert 'id="rating"' not in page
    assert response.status_code == 422
    assert Rating.objects.count() == 0


def test_my_cases_my_licences_and_my_data(world, django_assert_max_num_queries):
    parent = world.persons["parent"]
    case = _enrollment_of(world, "parent", "child_eligible")
    log_data_access(accessor="staff:clerk", person=parent, action="read", purpose="窗口受理")

    with django_assert_max_num_queries(15):
        cases = world.client.get("/me/").content.decode()
    with django_assert_max_num_queries(15):
        licences = world.client.get("/me/licences/").content.decode()
    with django_assert_max_num_queries(15):
        data = world.client.get("/me/data/").content.decode()

    assert f'data-case="{case.number}"' in cases
    assert 'data-licence="' in licences
    assert "staff:clerk" in data and "窗口受理" in data


def test_a_licence_of_mine_downloads_and_anothers_is_not_found(world):
    from onedoor.licences.models import Licence

    sign_in(world.client, world.persons["parent"])
    mine = Licence.objects.filter(holder_person=world.persons["parent"]).first()
    theirs = Licence.objects.filter(holder_person=world.persons["newcomer"]).first()

    assert world.client.get(f"/me/licences/{mine.number}/pdf").status_code == 200
    assert world.client.get(f"/me/licences/{theirs.number}/pdf").status_code == 404


def test_an_approved_enrollment_shows_its_notice_of_admission_to_download(world):
    case = _enrollment_of(world, "parent", "child_eligible")
    task = case.tasks.get()
    decided = world.post(
        f"tasks/{task.public_id}/decide",
        {"decision": "approve", "opinion": "符合条件"},
        world.staff("approver-education"),
    )
    assert decided.status_code == 200, decided.json()

    page = world.client.get(f"/cases/{case.number}").content.decode()

    case.refresh_from_db()
    licence = case.results.get().licence
    assert case.status == "decided" and licence is not None
    assert f'data-licence="{licence.number}"' in page
    assert f"/cases/{case.number}/licences/{licence.number}" in page
    assert 'id="rating"' in page
