"""Submitting applications: the demo district's stories, end to end over HTTP."""

import datetime as dt

from onedoor.cases.models import Case
from onedoor.core.models import AuditEvent
from onedoor.licences.models import Licence
from onedoor.licences.queries import verify_licence

ENROLLMENT_FORM = {"school_preference": "zumiao-central", "guardian_phone": "13800000000"}


def enrollment(world, child: str, guardian: str, **extra):
    return {
        "matter": "new-student-enrollment",
        "applicant": {"id_number": world.persons[child].id_number},
        "agent": {"id_number": world.persons[guardian].id_number},
        "form": ENROLLMENT_FORM,
        **extra,
    }


def test_household_certificate_is_decided_on_the_spot_with_a_signed_licence(world, submit):
    response = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": world.persons["parent"].id_number},
            "form": {"purpose": "kinship"},
        }
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["outcome"] == "decided"
    assert body["status"] == "decided"
    assert body["decision"] == "approved"
    assert body["deadline"] is None
    [result] = body["results"]
    assert result["matter"] == "household-certificate"
    assert verify_licence(result["licence"]).valid
    states = {line["material"]: line["state"] for line in body["checklist"]}
    assert states == {"id-card": "reused", "household-register": "reused"}
    assert AuditEvent.objects.filter(object_id=body["number"], action="case.decided").exists()


def test_eligible_child_is_accepted_with_nothing_uploaded(world, submit):
    response = submit(enrollment(world, "child_eligible", "parent"))
    body = response.json()
    assert response.status_code == 201, body
    assert body["outcome"] == "accepted", body
    assert body["status"] == "accepted"
    assert body["deadline"]
    assert all(line["state"] not in ("missing", "uploaded") for line in body["checklist"])
    case = Case.objects.get(number=body["number"])
    assert [t.department.code for t in case.tasks.all()] == ["education"]


def test_too_young_child_is_refused_with_the_reason(world, submit):
    response = submit(enrollment(world, "child_too_young", "parent"))
    body = response.json()
    assert response.status_code == 201, body
    assert body["outcome"] == "refused"
    assert body["status"] == "refused"
    assert [c["code"] for c in body["unmet_conditions"]] == ["age-six"]


def test_newcomers_child_is_told_everything_missing_at_once(world, submit):
    response = submit(enrollment(world, "newcomer_child", "newcomer"))
    body = response.json()
    assert response.status_code == 201, body
    assert body["outcome"] == "notice", body
    assert body["status"] == "submitted"
    missing = {line["material"] for line in body["checklist"] if line["state"] == "missing"}
    assert {"residence-permit", "home-proof"} <= missing
    assert "residence" in {c["code"] for c in body["unmet_conditions"]}


def test_restaurant_bundle_is_one_case_reviewed_by_three_departments(world, submit):
    company = world.company
    response = submit(
        {
            "bundle": "restaurant-opening",
            "applicant": {"uscc": company.uscc},
            "agent": {"id_number": world.persons["parent"].id_number},
            "form": {
                "business_type": "catering",
                "venue_type": "restaurant",
                "premises_address": "禅城区汾江中路1号",
                "premises_area": 120.5,
                "signboard_width": 4,
                "signboard_height": 1.2,
            },
            "materials": [
                {"code": code, "paper": True}
                for code in (
                    "food-licence-application",
                    "layout-and-process",
                    "signboard-application",
                    "signboard-design",
                    "premises-proof",
                    "fire-check-application",
                    "fire-plans",
                )
            ]
            + [
                {"code": code, "commitment": True}
                for code in (
                    "food-safety-rules",
                    "food-safety-manager",
                    "signboard-safety-commitment",
                    "fire-safety-rules",
                )
            ],
        }
    )
    body = response.json()
    assert response.status_code == 201, body
    assert body["bundle"] == "restaurant-opening"
    assert body["outcome"] in ("accepted", "tolerant"), body
    case = Case.objects.get(number=body["number"])
    assert sorted(t.department.code for t in case.tasks.all()) == ["fire", "market", "urban"]


def test_only_a_valid_licence_on_file_stands_in_for_a_material(world, submit):
    parent = world.persons["parent"]
    on_file = Licence.objects.filter(holder_person=parent)
    on_file.filter(licence_type__code="household-register").update(valid_until=dt.date(2020, 1, 1))
    on_file.filter(licence_type__code="resident-id-card").update(status="revoked")
    body = {
        "matter": "household-certificate",
        "applicant": {"id_number": parent.id_number},
        "form": {"purpose": "kinship"},
    }

    response = submit(body)

    states = {line["material"]: line["state"] for line in response.json()["checklist"]}
    assert "reused" not in states.values(), states


def test_a_licence_number_sent_stands_in_only_for_its_own_type(world, submit):
    parent = world.persons["parent"]
    numbers = dict(
        Licence.objects.filter(holder_person=parent).values_list("licence_type__code", "number")
    )
    body = {
        "matter": "household-certificate",
        "applicant": {"id_number": parent.id_number},
        "form": {"purpose": "kinship"},
        "materials": [
            {"code": "id-card", "licence_number": numbers["resident-id-card"]},
            {"code": "household-register", "licence_number": numbers["property-certificate"]},
        ],
    }

    response = submit(body)

    lines = {line["material"]: line for line in response.json()["checklist"]}
    assert lines["id-card"]["source"] == numbers["resident-id-card"]
    assert lines["household-register"]["source"] != numbers["property-certificate"]
