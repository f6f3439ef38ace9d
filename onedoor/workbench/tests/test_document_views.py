"""The printed papers of a case, served to staff as PDFs."""

from onedoor.cases.models import Case
from onedoor.workbench.tests.test_review import signboard


def test_receipt_of_an_accepted_case_is_a_pdf(world, submit, signed_in):
    case = signboard(world, submit)
    response = signed_in("clerk").get(f"/workbench/cases/{case.number}/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert case.number in response["Content-Disposition"]


def test_a_tolerant_case_has_a_notice_but_no_refusal(world, submit, signed_in):
    case = signboard(world, submit)
    assert case.outcome == "tolerant"
    client = signed_in("clerk")
    assert client.get(f"/workbench/cases/{case.number}/notice.pdf").status_code == 200
    assert client.get(f"/workbench/cases/{case.number}/refusal.pdf").status_code == 404


def test_a_case_decided_on_the_spot_has_no_notice(world, submit, signed_in):
    response = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": world.persons["parent"].id_number},
            "form": {"purpose": "kinship"},
        }
    )
    number = response.json()["number"]
    client = signed_in("clerk")
    assert client.get(f"/workbench/cases/{number}/notice.pdf").status_code == 404
    assert client.get(f"/workbench/cases/{number}/receipt.pdf").status_code == 200


def test_refusal_notice_of_a_refused_case_is_a_pdf(world, submit, signed_in):
    response = submit(
        {
            "matter": "new-student-enrollment",
            "applicant": {"id_number": world.persons["child_too_young"].id_number},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": {"school_preference": "zumiao-central", "guardian_phone": "13800000000"},
        }
    )
    case = Case.objects.get(number=response.json()["number"])
    assert case.outcome == "refused"
    client = signed_in("approver-education")
    pdf = client.get(f"/workbench/cases/{case.number}/refusal.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/workbench/cases/{case.number}/receipt.pdf").status_code == 404


def test_an_upload_not_of_the_case_is_not_served(world, submit, signed_in):
    case = signboard(world, submit)
    response = signed_in("clerk").get(
        f"/workbench/cases/{case.number}/uploads/00000000-0000-0000-0000-000000000001/"
    )
    assert response.status_code == 404
