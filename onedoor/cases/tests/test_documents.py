"""The printed papers: what the receipt, the one-time notice and the refusal notice say."""

import re
from dataclasses import replace

from django.conf import settings

from onedoor.cases.documents import (
    notice_gaps,
    notice_lines,
    receipt_lines,
    refusal_lines,
    render_document,
    render_notice,
    render_receipt,
    render_refusal,
    tracking_url,
    wrap_to_width,
)
from onedoor.cases.models import Case
from onedoor.licences.services.pdf import cjk_font_name

SIGNBOARD_FORM = {"premises_address": "汾江中路1号", "signboard_width": 4, "signboard_height": 1.2}


def _case(submit, body) -> Case:
    response = submit(body)
    assert response.status_code == 201, response.json()
    return Case.objects.get(number=response.json()["number"])


def signboard(world, submit, materials) -> Case:
    return _case(
        submit,
        {
            "matter": "outdoor-signboard",
            "applicant": {"uscc": world.company.uscc},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": SIGNBOARD_FORM,
            "materials": materials,
        },
    )


def test_receipt_names_the_case_applicant_deadline_materials_and_tracking_code(world, submit):
    case = signboard(
        world,
        submit,
        [{"code": c, "paper": True} for c in ("signboard-application", "signboard-design")]
        + [{"code": "premises-proof", "paper": True}]
        + [{"code": "signboard-safety-commitment", "commitment": True}],
    )
    document = receipt_lines(case)
    text = "\n".join(document.lines)
    assert document.title == "受理回执"
    assert case.number in text
    assert case.name in text
    assert world.company.name in text
    assert case.deadline.isoformat() in text
    assert "营业执照：证照复用" in text
    assert "纸质原件已核" in text
    assert case.service_point.name in text
    assert document.qr_url == f"{settings.ONEDOOR_PUBLIC_URL}/cases/{case.number}"
    assert tracking_url(case) == document.qr_url
    assert render_receipt(case).startswith(b"%PDF")


def test_notice_lists_every_missing_material_and_every_unmet_condition_at_once(world, submit):
    case = signboard(world, submit, [{"code": "signboard-application", "paper": True}])
    assert case.outcome == "notice"
    gaps = notice_gaps(case)
    missing = [m.name for m in case.materials.all() if m.state == "missing"]
    assert len(missing) >= 2
    for name in missing:
        assert any(name in gap for gap in gaps), name
    document = notice_lines(case)
    text = "\n".join(document.lines)
    assert document.title == "一次性告知书"
    assert case.number in text
    assert "一次性列明" in text
    assert render_notice(case).startswith(b"%PDF")


def test_notice_says_which_conditions_could_not_be_checked(world, submit):
    world.fault("market", mode="down")
    case = signboard(world, submit, [])
    text = "\n".join(notice_lines(case).lines)
    unknown = [c for c in case.unmet_conditions if c["state"] == "unknown"]
    assert unknown, case.unmet_conditions
    assert f"暂无法核实：{unknown[0]['message']}" in text


def test_refusal_gives_the_reasons_and_the_remedies(world, submit):
    case = _case(
        submit,
        {
            "matter": "new-student-enrollment",
            "applicant": {"id_number": world.persons["child_too_young"].id_number},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": {"school_preference": "zumiao-central", "guardian_phone": "13800000000"},
        },
    )
    assert case.outcome == "refused"
    document = refusal_lines(case)
    text = "\n".join(document.lines)
    assert document.title == "不予受理通知书"
    assert case.number in text
    [reason] = [c["message"] for c in case.unmet_conditions]
    assert f"1. {reason}" in text
    assert "行政复议" in text
    assert world.persons["child_too_young"].id_number not in text
    assert world.persons["child_too_young"].masked_id_number in text
    assert render_refusal(case).startswith(b"%PDF")


def test_long_chinese_lines_wrap_within_the_width():
    font = cjk_font_name()
    lines = wrap_to_width("一" * 200, font, 11, 100)
    assert len(lines) > 1
    assert "".join(lines) == "一" * 200


def _pages(pdf: bytes) -> int:
    return int(re.search(rb"/Count (\d+)", pdf).group(1))


def test_a_long_document_runs_onto_more_pages(world, submit):
    case = signboard(world, submit, [])
    document = notice_lines(case)
    assert _pages(render_document(document)) == 1
    long = replace(document, sections=[("很多", [f"第 {i} 项" for i in range(120)])])
    assert _pages(render_document(long)) > 1
