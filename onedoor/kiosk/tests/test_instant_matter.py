"""Instant matters by ID number at the kiosk: identify, checklist, form, submit with channel
"kiosk", and the licence (or the outcome) to print."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from onedoor.accounts.models import User
from onedoor.cases.actions.supplement import supplement_case
from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import World, catalog_subset
from onedoor.catalog.actions import import_catalog
from onedoor.core.models import AuditEvent
from onedoor.kiosk.tests.conftest import HOME, hidden_key

CERTIFICATE = {"form-purpose": "kinship", "form-note": "办理继承公证"}


def test_the_list_shows_the_instant_matters_a_kiosk_serves_and_no_other(
    kiosk: Client,
) -> None:
    page = kiosk.get(f"{HOME}matters/")
    assert page.status_code == 200
    codes = [v.matter.code for v in page.context["matters"]]
    assert codes == ["household-certificate"]
    assert b'data-matter="household-certificate"' in page.content
    assert "户籍证明开具" in page.content.decode()


def test_a_matter_not_served_at_kiosks_is_not_found(kiosk: Client) -> None:
    # The enrollment is no instant matter; food business licences are not decided on the spot.
    for code in ("new-student-enrollment", "food-business-licence", "no-such-matter"):
        page = kiosk.get(f"{HOME}matters/{code}/")
        assert page.status_code == 404, code
        assert "综合窗口" in page.content.decode() or code == "no-such-matter"


def test_an_invalid_id_number_is_refused_with_a_clear_message(kiosk: Client) -> None:
    page = kiosk.post(f"{HOME}matters/household-certificate/", {"id_number": "440604199001011230"})
    assert page.status_code == 422
    assert "这不是有效的身份证件号码。" in page.content.decode()
    assert not kiosk.session.get("kiosk")


def test_a_person_the_registry_does_not_know_is_sent_to_a_window(kiosk: Client) -> None:
    page = kiosk.post(f"{HOME}matters/household-certificate/", {"id_number": "11010519491231002X"})
    assert page.status_code == 422
    assert "首次办事请到综合窗口" in page.content.decode()


def test_the_checklist_shows_what_is_reused_and_what_is_verified(
    identified: Callable[..., Any], world: World
) -> None:
    page = identified("parent")
    handling = {row.material.code: row.handling for row in page.context["form"].checklist}
    # The parent holds an e-ID card and a household register: both reused, nothing to bring.
    assert handling == {"id-card": "reused", "household-register": "reused"}
    body = page.content.decode()
    assert "证照复用" in body
    assert world.persons["parent"].masked_id_number in body
    assert world.persons["parent"].id_number not in body


def test_a_newcomers_household_register_is_left_to_the_department_system(
    identified: Callable[..., Any],
) -> None:
    page = identified("newcomer")
    handling = {row.material.code: row.handling for row in page.context["form"].checklist}
    assert handling == {"id-card": "reused", "household-register": "verified"}


def test_the_parent_gets_the_certificate_on_the_spot_with_its_qr_code(
    kiosk: Client, applied: Callable[..., Any], world: World
) -> None:
    answer = applied("parent", CERTIFICATE)
    assert answer.status_code == 302
    assert answer["Location"] == f"{HOME}result/"
    case = Case.objects.get()
    assert (case.channel, case.service_point.code, case.status) == (
        "kiosk",
        "district-centre",
        "decided",
    )
    assert case.applicant_person == world.persons["parent"]
    assert case.submitted_by == world.persons["parent"].audit_label
    assert case.form == {"purpose": "kinship", "note": "办理继承公证"}
    event = AuditEvent.objects.get(action="case.submitted")
    assert event.channel == "kiosk"

    page = kiosk.get(answer["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    licence = case.results.get().licence
    assert licence is not None and licence.licence_type.code == "household-certificate"
    assert f'data-licence="{licence.number}"' in body
    assert "<svg" in body  # the QR code to the public verification page
    assert 'data-outcome="decided"' in body
    assert "data-print" in body
    # The screen masks the ID number; the full one prints only.
    assert world.persons["parent"].masked_id_number in body
    # The copy shows the form's answers in words and labels what the result records.
    rows = {row.label: row.value for row in page.context["copies"][0].rows}
    assert rows["证明事项"] == "曾经同户人员间亲属关系证明"
    assert rows["办件编号"] == case.number
    assert "holder_name" not in rows


def test_a_double_tap_submits_once(kiosk: Client, applied: Callable[..., Any]) -> None:
    first = applied("parent", CERTIFICATE)
    again = kiosk.post(f"{HOME}matters/household-certificate/apply/", first.sent)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Case.objects.count() == 1


def test_the_same_screen_sent_again_with_other_answers_shows_the_first_case(
    kiosk: Client, applied: Callable[..., Any]
) -> None:
    first = applied("parent", CERTIFICATE)
    other = {**first.sent, "form-purpose": "other"}
    again = kiosk.post(f"{HOME}matters/household-certificate/apply/", other)
    assert again.status_code == 302
    assert Case.objects.count() == 1
    assert kiosk.session["kiosk"]["values"]["case"] == Case.objects.get().number


def test_a_newcomer_is_refused_with_the_reason(kiosk: Client, applied: Callable[..., Any]) -> None:
    answer = applied("newcomer", CERTIFICATE)
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.status == "refused"
    page = kiosk.get(answer["Location"])
    body = page.content.decode()
    assert 'data-outcome="refused"' in body
    assert "申请人户籍不在本区" in body
    assert "不予受理通知书" in body
    assert page.context["copies"] == []


def test_a_form_left_incomplete_is_shown_again_with_the_problem(
    kiosk: Client, applied: Callable[..., Any]
) -> None:
    answer = applied("parent", {"form-note": "x"})
    assert answer.status_code == 422
    assert answer.context["form"].errors["form-purpose"]
    assert not Case.objects.exists()


def test_the_form_needs_an_identified_citizen(kiosk: Client) -> None:
    answer = kiosk.get(f"{HOME}matters/household-certificate/apply/")
    assert answer.status_code == 302
    assert answer["Location"] == f"{HOME}matters/household-certificate/"
    sent = kiosk.post(
        f"{HOME}matters/household-certificate/apply/",
        {"idempotency_key": "a" * 32, **CERTIFICATE},
    )
    assert sent.status_code == 302
    assert not Case.objects.exists()


def test_no_address_carries_personal_data(
    kiosk: Client, identified: Callable[..., Any], world: World
) -> None:
    page = identified("parent")
    answer = kiosk.post(
        f"{HOME}matters/household-certificate/apply/",
        {"idempotency_key": hidden_key(page), **CERTIFICATE},
    )
    number = Case.objects.get().number
    for location in (answer["Location"], page.request["PATH_INFO"]):
        assert number not in location
        assert world.persons["parent"].id_number not in location
    assert "no-store" in answer["Cache-Control"]
    assert "no-store" in page["Cache-Control"]


def test_the_result_is_gone_once_the_citizen_goes_home(
    kiosk: Client, applied: Callable[..., Any]
) -> None:
    answer = applied("parent", CERTIFICATE)
    kiosk.get(HOME)
    again = kiosk.get(answer["Location"])
    assert again.status_code == 302
    assert again["Location"] == HOME


def test_a_citizen_already_identified_goes_straight_to_the_form(
    kiosk: Client, identified: Callable[..., Any]
) -> None:
    identified("parent")
    page = kiosk.get(f"{HOME}matters/household-certificate/")
    assert page.status_code == 302
    assert page["Location"].endswith("/apply/")


@pytest.fixture
def unemployment(world: World) -> None:
    """Unemployment registration too: a kiosk matter with a material a promise may stand for."""
    import_catalog(catalog_subset(matters=("unemployment-registration",), bundles=()), actor=None)


UNEMPLOYED = {"form-last_employer": "佛山市某某有限公司", "form-reason": "contract-ended"}


def test_a_material_the_citizen_may_promise_is_offered_as_a_promise(
    unemployment: None, identified: Callable[..., Any]
) -> None:
    page = identified("parent", "unemployment-registration")
    handling = {row.material.code: row.handling for row in page.context["form"].checklist}
    assert handling == {"id-card": "reused", "separation-proof": "commitment"}
    assert 'name="commit-separation-proof"' in page.content.decode()


def test_without_the_promise_the_notice_lists_the_gap(
    unemployment: None, kiosk: Client, applied: Callable[..., Any]
) -> None:
    answer = applied("parent", UNEMPLOYED, "unemployment-registration")
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    case = Case.objects.get()
    assert case.outcome == "notice"
    page = kiosk.get(answer["Location"])
    body = page.content.decode()
    assert 'data-outcome="notice"' in body
    assert "与原单位解除或终止劳动关系的证明" in body
    assert [paper.title for paper in page.context["papers"]] == ["一次性告知书"]


def test_with_the_promise_the_case_goes_on(
    unemployment: None, kiosk: Client, applied: Callable[..., Any]
) -> None:
    answer = applied(
        "parent", {**UNEMPLOYED, "commit-separation-proof": "on"}, "unemployment-registration"
    )
    assert answer.status_code == 302
    case = Case.objects.get()
    assert case.sent_materials == {
        "separation-proof": {"code": "separation-proof", "commitment": True}
    }
    assert (case.outcome, case.status) == ("tolerant", "accepted")
    assert not case.tasks.exists(), "an instant matter has no review to open"
    assert not case.results.exists(), "the result waits for the promised material"

    supplement_case(
        case.number,
        actor=User.objects.get(username="clerk"),
        materials=[{"code": "separation-proof", "paper": True}],
    )
    case.refresh_from_db()
    assert (case.status, case.decision) == ("decided", "approved")
    assert case.results.count() == 1
