"""Who may apply for whom with a citizen token (API.md): the rules on every case endpoint."""

import pytest

from onedoor.cases.models import Case
from onedoor.cases.tests.applications import (
    ENROLLMENT_FORM,
    RESTAURANT_FORM,
    RESTAURANT_PAPERS,
)
from onedoor.cases.tests.conftest import world
from onedoor.registry.actions import record_authorisation

pytestmark = pytest.mark.django_db

__all__ = ["world"]


def _enrollment(world, child="child_eligible", **extra):
    return {
        "matter": "new-student-enrollment",
        "applicant": {"id_number": world.persons[child].id_number},
        "channel": "app",
        "form": ENROLLMENT_FORM,
        **extra,
    }


def _restaurant(world, agent="parent"):
    return {
        "bundle": "restaurant-opening",
        "applicant": {"uscc": world.company.uscc},
        "agent": {"id_number": world.persons[agent].id_number},
        "channel": "app",
        "form": RESTAURANT_FORM,
        "materials": [{"code": code, "commitment": True} for code in RESTAURANT_PAPERS],
    }


def test_a_guardian_applies_for_their_child_and_becomes_the_agent(world):
    response = world.post("cases", _enrollment(world), world.persons["parent"])

    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert (case.agent, case.channel) == (world.persons["parent"], "app")


def test_a_citizen_may_not_apply_for_someone_elses_child(world):
    response = world.post("cases", _enrollment(world), world.persons["newcomer"])

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Case.objects.count() == 0


def test_a_citizen_may_not_name_someone_else_as_the_agent(world):
    body = _enrollment(world, agent={"id_number": world.persons["newcomer"].id_number})

    response = world.post("cases", body, world.persons["parent"])

    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_a_citizen_may_not_apply_for_another_adult_without_an_authorisation(world):
    body = {
        "matter": "household-certificate",
        "applicant": {"id_number": world.persons["spouse"].id_number},
        "channel": "app",
        "form": {"purpose": "kinship"},
    }

    response = world.post("cases", body, world.persons["parent"])

    assert response.status_code == 403
    record_authorisation(
        actor="test", agent=world.persons["parent"], principal=world.persons["spouse"]
    )
    assert world.post("cases", body, world.persons["parent"]).status_code == 201


def test_the_legal_representative_applies_for_the_company(world):
    response = world.post("cases", _restaurant(world), world.persons["parent"])

    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert (case.applicant_organisation, case.agent) == (world.company, world.persons["parent"])


def test_only_an_authorised_agent_besides_the_representative_may_apply_for_the_company(world):
    newcomer = world.persons["newcomer"]

    refused = world.post("cases", _restaurant(world, agent="newcomer"), newcomer)
    assert refused.status_code == 403

    record_authorisation(actor="test", agent=newcomer, organisation=world.company)
    created = world.post("cases", _restaurant(world, agent="newcomer"), newcomer)
    assert created.status_code == 201, created.json()


def test_a_citizen_token_may_not_use_the_window_channel(world):
    body = _enrollment(world, channel="window")

    response = world.post("cases", body, world.persons["parent"])

    assert response.status_code == 403


def test_another_persons_case_is_not_found_on_every_endpoint(world):
    created = world.post("cases", _enrollment(world), world.persons["parent"])
    number = created.json()["number"]
    stranger = world.persons["newcomer"]

    assert world.get(f"cases/{number}", stranger).status_code == 404
    supplement = {"materials": [{"code": "vaccination-record", "commitment": True}]}
    assert world.post(f"cases/{number}/supplement", supplement, stranger).status_code == 404
    assert world.post(f"cases/{number}/withdraw", {}, stranger).status_code == 404
    assert world.post(f"cases/{number}/rating", {"grade": 5}, stranger).status_code == 404
    assert Case.objects.get(number=number).status == "accepted"


def test_the_representative_who_names_no_agent_is_recorded_as_the_agent(world):
    body = _restaurant(world)
    del body["agent"]

    response = world.post("cases", body, world.persons["parent"])

    assert response.status_code == 201, response.json()
    case = Case.objects.get(number=response.json()["number"])
    assert (case.applicant_organisation, case.agent) == (world.company, world.persons["parent"])
