import datetime as dt

import pytest
import time_machine

from onedoor.core.identifiers import is_valid_uscc, parse_id_number
from onedoor.registry.models import Organisation, Person, PersonRelation
from onedoor.registry.personas import ROLES, apply_personas, build_personas, enrollment_year
from onedoor.registry.queries import age_on

SANDBOX_PERSON_KEYS = {
    "id_number", "name", "birth_date", "sex", "household", "property", "residence_permit",
    "vaccination", "marriage", "social_insurance", "birth", "tax", "school",
}  # fmt: skip


def built_on(day: dt.date, *, fresh: bool, seed: int | None = 7) -> dict:
    with time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False):
        return build_personas(fresh=fresh, seed=seed)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2026, 11, 28), 2027),
        (dt.date(2027, 3, 1), 2027),
        (dt.date(2027, 8, 31), 2027),
        (dt.date(2027, 9, 1), 2028),
        (dt.date(2027, 9, 15), 2028),
    ],
)
def test_the_enrollment_year_is_that_of_the_coming_first_of_september(day, year):
    assert enrollment_year(day) == year


@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("day", [dt.date(2026, 11, 28), dt.date(2027, 3, 1), dt.date(2027, 9, 15)])
def test_the_eligible_children_are_six_by_31_august_and_the_young_one_a_year_short(day, fresh):
    built = built_on(day, fresh=fresh)
    personas = built["personas"]
    cutoff = dt.date(enrollment_year(day), 8, 31)

    def birth(role: str) -> dt.date:
        return dt.date.fromisoformat(personas[role]["birth_date"])

    assert built["enrollment_year"] == enrollment_year(day)
    for role in ("child_eligible", "newcomer_child"):
        assert age_on(birth(role), cutoff) == 6, role
        assert birth(role) < day
    assert age_on(birth("child_too_young"), cutoff.replace(year=cutoff.year + 1)) < 6
    for role in ("parent", "newcomer", "blacklisted"):
        assert age_on(birth(role), day) >= 18


@pytest.mark.parametrize("fresh", [False, True])
def test_every_persona_has_a_valid_number_and_the_stories_hold(fresh):
    built = built_on(dt.date(2026, 11, 28), fresh=fresh)
    personas = built["personas"]

    assert set(personas) == set(ROLES)
    for role in ROLES[:-1]:
        parsed = parse_id_number(personas[role]["id_number"])
        assert parsed is not None and parsed.birth_date.isoformat() == personas[role]["birth_date"]
        assert parsed.sex == personas[role]["sex"]
    locals_ = ("parent", "child_eligible", "child_too_young", "blacklisted")
    assert all(personas[r]["id_number"].startswith("440604") for r in locals_)
    assert not personas["newcomer"]["id_number"].startswith("44")
    parent, newcomer = personas["parent"]["facts"], personas["newcomer"]["facts"]
    assert parent["household"]["in_district"] and parent["property"]["owns_in_district"]
    assert parent["marriage"] == {
        "married": True,
        "spouse": personas["parent"]["spouse"]["id_number"],
    }
    assert not newcomer["household"]["in_district"]
    assert newcomer["residence_permit"]["years"] < 1
    assert newcomer["property"] == {"owns_in_district": False, "rents_in_district": False}
    assert personas["blacklisted"]["facts"]["credit"] == {"black_list": True}
    company = personas["restaurant_company"]
    assert is_valid_uscc(company["uscc"])
    assert company["legal_representative"] == personas["parent"]["id_number"]


def test_the_sandbox_part_has_exactly_the_seeding_format():
    sandbox = built_on(dt.date(2026, 11, 28), fresh=False)["sandbox"]

    assert len(sandbox["persons"]) == 7  # the six personas and the parent's spouse
    assert all(set(p) == SANDBOX_PERSON_KEYS for p in sandbox["persons"])
    assert all("credit" not in p for p in sandbox["persons"])
    assert set(sandbox["organisations"][0]) == {
        "uscc", "name", "registered", "legal_representative", "tax",
    }  # fmt: skip


def test_the_canonical_set_is_the_same_all_enrollment_year_and_fresh_sets_differ():
    november = built_on(dt.date(2026, 11, 28), fresh=False)
    march = built_on(dt.date(2027, 3, 1), fresh=False)
    fresh = built_on(dt.date(2027, 3, 1), fresh=True, seed=None)

    assert november["personas"] == march["personas"]
    ids = {p["id_number"] for p in march["sandbox"]["persons"]}
    assert ids.isdisjoint(p["id_number"] for p in fresh["sandbox"]["persons"])


@pytest.mark.django_db
def test_applying_the_personas_writes_people_relations_and_the_company_once():
    built = build_personas(fresh=False)

    apply_personas(built, actor="test")
    apply_personas(built, actor="test")

    assert Person.objects.count() == 7
    parent = Person.objects.get(id_number=built["personas"]["parent"]["id_number"])
    assert set(
        PersonRelation.objects.filter(person=parent).values_list("other__id_number", "kind")
    ) == {
        (built["spouse"]["id_number"], "spouse"),
        (built["personas"]["child_eligible"]["id_number"], "guardian"),
        (built["personas"]["child_too_young"]["id_number"], "guardian"),
    }
    assert PersonRelation.objects.count() == 7  # spouse both ways, five guardianships
    company = Organisation.objects.get()
    assert company.legal_representative == parent
