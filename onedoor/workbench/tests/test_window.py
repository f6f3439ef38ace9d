"""The window clerk's screens: identify, read the vault, follow the checklist, submit, print."""

import datetime as dt
import io

from django.test import Client

from onedoor.cases.models import Case
from onedoor.core.identifiers import make_id_number
from onedoor.core.models import AuditEvent
from onedoor.licences.models import Upload
from onedoor.registry.models import DataAccess

HOUSEHOLD = "household-certificate"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_clerk_identifies_a_person_and_sees_their_vault_with_the_read_logged(world, signed_in):
    client = signed_in("clerk")
    parent = world.persons["parent"]
    response = client.post("/workbench/window/", {"applicant": f" {parent.id_number} "})
    assert response.status_code == 302
    page = client.get("/workbench/window/")
    assert page.status_code == 200
    vault = page.context["vault"]
    assert vault.person == parent
    assert {r.kind for r in vault.relations} >= {"ward"}
    assert vault.licences, "the parent's licences on file are shown"
    text = page.content.decode()
    assert parent.name in text
    assert parent.masked_id_number in text
    assert parent.id_number not in text
    assert DataAccess.objects.filter(
        person=parent, accessor="staff:clerk", action="read", purpose="窗口受理"
    ).exists()


def test_an_invalid_id_number_is_shown_beside_the_box_not_as_a_server_error(signed_in):
    client = signed_in("clerk")
    response = client.post("/workbench/window/", {"applicant": "440604199001011230"})
    assert response.status_code == 422
    assert "这不是有效的身份证件号码" in response.content.decode()
    assert "workbench_window_applicant" not in client.session


def test_a_person_not_in_the_registry_is_asked_for_a_name_first(world, signed_in):
    client = signed_in("clerk")
    number = make_id_number("440604", dt.date(2000, 1, 1), 11)
    response = client.post("/workbench/window/", {"applicant": number})
    assert response.status_code == 422
    assert "首次办事" in response.content.decode()
    response = client.post("/workbench/window/", {"applicant": number, "name": "新来者"})
    assert response.status_code == 302
    page = client.get("/workbench/window/")
    assert page.context["vault"].registered is False
    assert "新来者" in page.content.decode()


def test_an_enterprise_is_identified_by_its_credit_code_with_its_legal_representative(
    world, signed_in
):
    client = signed_in("clerk")
    assert client.post("/workbench/window/", {"applicant": world.company.uscc}).status_code == 302
    page = client.get("/workbench/window/matters/outdoor-signboard/")
    assert page.status_code == 200
    assert page.context["form"].initial["agent_id_number"] == world.persons["parent"].id_number
    assert page.context["form"].fields["agent_id_number"].required


def test_a_child_gets_their_guardian_prefilled_as_agent(world, signed_in):
    client = signed_in("clerk")
    client.post("/workbench/window/", {"applicant": world.persons["child_eligible"].id_number})
    page = client.get("/workbench/window/matters/new-student-enrollment/")
    guardians = {world.persons["parent"].id_number, world.persons["spouse"].id_number}
    assert page.context["form"].initial["agent_id_number"] in guardians


def test_matter_search_lists_matching_matters_as_links(world, signed_in):
    client = signed_in("clerk")
    client.post("/workbench/window/", {"applicant": world.persons["parent"].id_number})
    page = client.get("/workbench/window/", {"q": "户籍证明"})
    assert f'href="/workbench/window/matters/{HOUSEHOLD}/"' in page.content.decode()


def test_the_checklist_shows_licences_on_file_as_reused(world, signed_in):
    client = signed_in("clerk")
    client.post("/workbench/window/", {"applicant": world.persons["parent"].id_number})
    page = client.get(f"/workbench/window/matters/{HOUSEHOLD}/")
    rows = {row["material"].code: row for row in page.context["rows"]}
    assert rows["id-card"]["reused"]
    assert rows["household-register"]["reused"]
    assert "证照复用" in page.content.decode()
    assert 'name="form-purpose"' in page.content.decode()


def test_clerk_submits_the_household_certificate_and_gets_it_decided_with_a_licence(
    world, at_window
):
    parent = world.persons["parent"]
    response = at_window(parent.id_number, HOUSEHOLD, {"form-purpose": "kinship"})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(applicant_person=parent, code=HOUSEHOLD)
    assert response["Location"] == f"/workbench/window/cases/{case.number}/"
    assert case.channel == "window"
    assert case.service_point is not None and case.service_point.code == "district-centre"
    assert case.outcome == "decided"
    result = world.client.get(response["Location"])
    text = result.content.decode()
    assert "当场办结" in text
    [licence] = [r.licence for r in case.results.all()]
    assert licence.number in text
    assert f"/workbench/licences/{licence.number}.pdf" in text
    assert f"/workbench/cases/{case.number}/receipt.pdf" in text
    pdf = world.client.get(f"/workbench/licences/{licence.number}.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_sending_the_same_screen_twice_creates_one_case(world, at_window):
    parent = world.persons["parent"]
    first = at_window(parent.id_number, HOUSEHOLD, {"form-purpose": "kinship"})
    again = world.client.post(f"/workbench/window/matters/{HOUSEHOLD}/", first.sent)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Case.objects.filter(applicant_person=parent, code=HOUSEHOLD).count() == 1


def test_a_changed_screen_sent_with_a_used_key_shows_the_first_case(world, at_window):
    parent = world.persons["parent"]
    first = at_window(parent.id_number, HOUSEHOLD, {"form-purpose": "kinship"})
    changed = {**first.sent, "form-purpose": "other"}
    again = world.client.post(f"/workbench/window/matters/{HOUSEHOLD}/", changed, follow=True)
    assert again.redirect_chain[0][0] == first["Location"]
    assert "已经提交过" in again.content.decode()
    assert Case.objects.filter(applicant_person=parent, code=HOUSEHOLD).count() == 1


def test_a_missing_required_field_is_shown_inline_and_nothing_is_created(world, at_window):
    parent = world.persons["parent"]
    response = at_window(parent.id_number, HOUSEHOLD, {})
    assert response.status_code == 422
    assert response.context["form"].errors["form-purpose"]
    assert not Case.objects.filter(applicant_person=parent).exists()


def test_an_invalid_agent_id_number_is_shown_inline(world, at_window):
    response = at_window(
        world.company.uscc,
        "outdoor-signboard",
        {"agent_id_number": "123", "form-premises_address": "汾江中路1号"},
    )
    assert response.status_code == 422
    assert "agent_id_number" in response.context["form"].errors


def test_a_child_without_a_guardian_as_agent_is_refused_with_inline_error(world, at_window):
    response = at_window(
        world.persons["child_eligible"].id_number,
        "new-student-enrollment",
        {"agent_id_number": "", "form-school_preference": "zumiao-central"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["agent_id_number"]


SIGNBOARD = {
    "form-premises_address": "禅城区汾江中路1号",
    "form-signboard_width": "4",
    "form-signboard_height": "1.2",
    "form-signboard_lit": "false",
    "material-signboard-application": "paper",
    "material-premises-proof": "paper",
    "material-signboard-safety-commitment": "commitment",
}


def test_an_uploaded_material_is_stored_and_staff_can_open_it_from_the_case(world, at_window):
    design = io.BytesIO(PNG)
    design.name = "design.png"
    response = at_window(
        world.company.uscc,
        "outdoor-signboard",
        {**SIGNBOARD, "material-signboard-design": "upload", "file-signboard-design": design},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(applicant_organisation=world.company, code="outdoor-signboard")
    material = case.materials.get(code="signboard-design")
    assert material.state == "uploaded"
    upload = Upload.objects.get(public_id=material.source)
    assert upload.uploaded_by == "staff:clerk"
    page = world.client.get(f"/workbench/cases/{case.number}/")
    link = f"/workbench/cases/{case.number}/uploads/{upload.public_id}/"
    assert link in page.content.decode()
    served = world.client.get(link)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG


def test_an_upload_chosen_without_a_file_is_an_inline_error(world, at_window):
    response = at_window(
        world.company.uscc,
        "outdoor-signboard",
        {**SIGNBOARD, "material-signboard-design": "upload"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["file-signboard-design"]


def test_a_key_material_missing_gives_a_one_time_notice_listing_every_gap(world, at_window):
    response = at_window(
        world.company.uscc,
        "outdoor-signboard",
        {**SIGNBOARD, "material-signboard-design": "missing", "material-premises-proof": "missing"},
    )
    assert response.status_code == 302
    result = world.client.get(response["Location"])
    text = result.content.decode()
    assert "一次性告知" in text
    assert "招牌设计" in text or "signboard" in text
    assert len(result.context["gaps"]) >= 2
    case = Case.objects.get(applicant_organisation=world.company)
    assert f"/workbench/cases/{case.number}/notice.pdf" in text
    notice = world.client.get(f"/workbench/cases/{case.number}/notice.pdf")
    assert notice.status_code == 200
    assert notice.content.startswith(b"%PDF")


def test_a_too_young_child_is_refused_with_the_reason_and_a_refusal_notice(world, at_window):
    response = at_window(
        world.persons["child_too_young"].id_number,
        "new-student-enrollment",
        {"form-school_preference": "zumiao-central", "form-guardian_phone": "13800000000"},
    )
    assert response.status_code == 302, response.context["form"].errors
    result = world.client.get(response["Location"])
    assert "不予受理" in result.content.decode()
    assert result.context["reasons"]
    case = Case.objects.get(applicant_person=world.persons["child_too_young"])
    assert world.client.get(f"/workbench/cases/{case.number}/refusal.pdf").status_code == 200


def test_the_next_applicant_button_forgets_the_current_one(world, signed_in):
    client = signed_in("clerk")
    client.post("/workbench/window/", {"applicant": world.persons["parent"].id_number})
    client.post("/workbench/window/next/")
    assert "workbench_window_applicant" not in client.session
    assert client.get(f"/workbench/window/matters/{HOUSEHOLD}/").status_code == 302


def test_an_audit_event_records_the_window_submission(world, at_window):
    at_window(world.persons["parent"].id_number, HOUSEHOLD, {"form-purpose": "kinship"})
    event = AuditEvent.objects.get(action="case.submitted")
    assert event.actor == "staff:clerk"
    assert event.channel == "window"


def test_the_window_screen_is_for_clerks_only(world, client: Client, signed_in):
    assert signed_in("approver-education").get("/workbench/window/").status_code == 403


def test_the_eligible_child_is_accepted_at_the_window_and_decided_from_the_case_page(
    world, at_window, signed_in
):
    child = world.persons["child_eligible"]
    response = at_window(
        child.id_number,
        "new-student-enrollment",
        {"form-school_preference": "zumiao-central", "form-guardian_phone": "13800000000"},
    )
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get(applicant_person=child)
    assert case.outcome == "accepted"
    assert case.agent.id_number == response.sent["agent_id_number"]
    result = world.client.get(response["Location"])
    assert case.deadline.isoformat() in result.content.decode()
    client = signed_in("approver-education")
    [task] = case.tasks.all()
    prefix = str(task.public_id)
    client.post(
        f"/workbench/tasks/{task.public_id}/decide/",
        {f"{prefix}-decision": "approve", f"{prefix}-opinion": "符合条件"},
    )
    case.refresh_from_db()
    assert case.status == "decided"
    assert case.decision == "approved"
