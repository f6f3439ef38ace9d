"""Supplements complete a one-time notice, a return, or a tolerant gap."""

from onedoor.cases.models import Case
from onedoor.licences.actions import store_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(name: str = "proof.png") -> str:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = store_upload(
        actor_label="test", file=SimpleUploadedFile(name, PNG + name.encode(), "image/png")
    )
    return str(upload.public_id)


def enrollment(world, child: str, guardian: str):
    return {
        "matter": "new-student-enrollment",
        "applicant": {"id_number": world.persons[child].id_number},
        "agent": {"id_number": world.persons[guardian].id_number},
        "form": {"school_preference": "zumiao-central", "guardian_phone": "13800000000"},
    }


def test_supplement_that_fills_every_gap_accepts_the_notice_case(world, submit):
    body = submit(enrollment(world, "newcomer_child", "newcomer")).json()
    assert body["outcome"] == "notice"
    missing = [line["material"] for line in body["checklist"] if line["state"] == "missing"]
    response = world.post(
        f"cases/{body['number']}/supplement",
        {"materials": [{"code": code, "paper": True} for code in missing]},
        world.staff("clerk"),
    )
    assert response.status_code == 200, response.json()
    after = response.json()
    assert after["status"] == "accepted", after
    assert after["deadline"]
    case = Case.objects.get(number=body["number"])
    assert case.tasks.count() == 1
    assert case.clock_state == "running"


def test_partial_supplement_keeps_the_case_waiting_with_the_rest_listed(world, submit):
    body = submit(enrollment(world, "newcomer_child", "newcomer")).json()
    response = world.post(
        f"cases/{body['number']}/supplement",
        {"materials": [{"code": "home-proof", "upload_id": _upload()}]},
        world.persons["newcomer"],
    )
    assert response.status_code == 200, response.json()
    after = response.json()
    assert after["status"] == "submitted"
    states = {line["material"]: line["state"] for line in after["checklist"]}
    assert states["home-proof"] == "uploaded"
    assert states["residence-permit"] == "missing"


def test_return_pauses_the_clock_and_a_supplement_resumes_review(world, submit):
    number = submit(enrollment(world, "child_eligible", "parent")).json()["number"]
    case = Case.objects.get(number=number)
    task = case.tasks.get()
    approver = world.staff("approver-education")
    returned = world.post(
        f"tasks/{task.public_id}/decide",
        {"decision": "return", "opinion": "请补充户口簿原件"},
        approver,
    )
    assert returned.status_code == 200, returned.json()
    case.refresh_from_db()
    assert case.status == "returned"
    assert case.clock_state == "paused"
    response = world.post(
        f"cases/{number}/supplement",
        {"materials": [{"code": "child-household-register", "paper": True}]},
        world.staff("clerk"),
    )
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.status == "in_review"
    assert case.clock_state == "running"
    assert case.tasks.get().status == "open"


def test_supplement_of_a_material_not_in_the_case_is_422(world, submit):
    number = submit(enrollment(world, "newcomer_child", "newcomer")).json()["number"]
    response = world.post(
        f"cases/{number}/supplement",
        {"materials": [{"code": "fire-plans", "paper": True}]},
        world.staff("clerk"),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "material_not_in_matter"


def test_supplement_of_a_decided_case_is_409(world, submit):
    body = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": world.persons["parent"].id_number},
            "form": {"purpose": "kinship"},
        }
    ).json()
    response = world.post(
        f"cases/{body['number']}/supplement",
        {"materials": [{"code": "id-card", "paper": True}]},
        world.staff("clerk"),
    )
    assert response.status_code == 409


def test_a_stranger_cannot_supplement_someone_elses_case(world, submit):
    number = submit(enrollment(world, "newcomer_child", "newcomer")).json()["number"]
    response = world.post(
        f"cases/{number}/supplement",
        {"materials": [{"code": "home-proof", "upload_id": _upload("x.png")}]},
        world.persons["blacklisted"],
    )
    assert response.status_code == 404
