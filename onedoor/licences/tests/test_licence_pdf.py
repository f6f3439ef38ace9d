import pytest

from onedoor.licences.services import pdf
from onedoor.licences.services.pdf import render_licence_pdf
from onedoor.licences.tests.factories import bearer, make_approver, make_licence, make_person

pytestmark = pytest.mark.django_db


def test_the_licence_renders_as_a_pdf_with_the_cjk_font_embedded():
    licence = make_licence()

    document = render_licence_pdf(licence)

    assert document.startswith(b"%PDF")
    assert b"WenQuanYiZenHei" in document or not pdf.CJK_FONT_PATH.exists()


def test_without_the_truetype_font_the_pdf_falls_back_to_the_builtin_cid_font(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(pdf, "CJK_FONT_PATH", tmp_path / "missing.ttc")
    pdf.cjk_font_name.cache_clear()
    try:
        document = render_licence_pdf(make_licence())
    finally:
        pdf.cjk_font_name.cache_clear()

    assert document.startswith(b"%PDF")
    assert b"STSong-Light" in document


def test_the_pdf_endpoint_serves_the_licence_to_staff(client):
    licence = make_licence()

    response = client.get(
        f"/api/v1/licences/{licence.number}/pdf", headers=bearer(user=make_approver(licence.issuer))
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_endpoint_hides_other_peoples_licences(client):
    licence = make_licence()

    response = client.get(
        f"/api/v1/licences/{licence.number}/pdf", headers=bearer(person=make_person())
    )

    assert response.status_code == 404


def test_a_result_licences_record_fields_are_labelled_and_the_holder_named_once():
    licence = make_licence()
    licence.fields = {
        "matter": "食品经营许可",
        "case_number": "20261204-ABCDEFG",
        "holder_name": "某某餐饮有限公司",
        "business_scope": "热食类食品制售",
    }

    labels = [label for label, _ in pdf._rows(licence)]

    assert {"办理事项", "办件编号", "经营项目"} <= set(labels)
    assert not {"matter", "case_number", "holder_name"} & set(labels)


def test_a_form_choice_kept_on_the_licence_is_shown_by_its_label():
    licence = make_licence()
    licence.fields = {"kinship": "parent", "grade": "1"}
    choices = {"kinship": {"parent": "父母", "grandparent": "祖父母"}}

    values = dict(pdf._rows(licence, choices))

    assert "父母" in values.values()
    assert "parent" not in values.values()
    assert "1" in values.values()  # a field without choices keeps its value
