import datetime as dt
import random

import pytest

from onedoor.core.identifiers import is_valid_uscc, make_id_number, parse_id_number
from onedoor.core.models import AuditEvent
from onedoor.registry.actions import register_person
from onedoor.registry.models import Organisation, Person, PersonRelation
from onedoor.registry.queries import age_on
from onedoor.registry.services import scale
from onedoor.registry.services.scale import iter_scale_sandbox_batches, seed_scale


@pytest.mark.django_db
def test_a_small_population_has_valid_unique_numbers_households_and_organisations():
    result = seed_scale(500, progress=False, seed=1, batch_size=200)

    assert (result.persons, Person.objects.count()) == (500, 500)
    numbers = list(Person.objects.values_list("id_number", "birth_date", "sex"))
    for number, birth, sex in numbers:
        parsed = parse_id_number(number)
        assert parsed is not None and parsed.birth_date == birth and parsed.sex == sex
        assert int(number[14:17]) < 900  # the demo personas' sequences stay free
    assert result.organisations == Organisation.objects.count()
    assert 15 <= result.organisations <= 35
    assert all(is_valid_uscc(code) for code in Organisation.objects.values_list("uscc", flat=True))
    assert not Organisation.objects.filter(legal_representative__isnull=True).exists()
    # one audit event per batch
    assert AuditEvent.objects.filter(action="registry.population_bulk_registered").count() == 3


@pytest.mark.django_db
def test_guardians_are_adults_of_minor_children_and_spouses_point_both_ways():
    seed_scale(400, progress=False, seed=2)
    today = dt.date.today()

    guardianships = PersonRelation.objects.filter(kind="guardian").select_related("person", "other")
    assert guardianships.exists()
    for relation in guardianships:
        assert age_on(relation.person.birth_date, today) >= 18
        assert age_on(relation.other.birth_date, today) < 18
        assert relation.person.household_address == relation.other.household_address
    spouses = set(PersonRelation.objects.filter(kind="spouse").values_list("person", "other"))
    assert spouses and all((b, a) in spouses for a, b in spouses)


@pytest.mark.django_db
def test_running_again_adds_a_distinct_population():
    seed_scale(300, progress=False, seed=3)
    second = seed_scale(300, progress=False, seed=3)  # the same draw: every number clashes

    assert second.persons == 300
    assert Person.objects.count() == 600
    assert Person.objects.values("id_number").distinct().count() == 600


@pytest.mark.django_db
def test_the_sandbox_batches_cover_the_run_and_members_of_a_household_agree():
    result = seed_scale(300, progress=False, seed=4)

    batches = list(iter_scale_sandbox_batches(result, batch_size=120))

    persons = [p for batch in batches for p in batch["persons"]]
    organisations = [o for batch in batches for o in batch["organisations"]]
    assert len(persons) == 300 and len(organisations) == result.organisations
    assert max(len(batch["persons"]) for batch in batches) == 120
    by_number = {p["id_number"]: p for p in persons}
    for relation in PersonRelation.objects.select_related("person", "other"):
        a, b = by_number[relation.person.id_number], by_number[relation.other.id_number]
        assert a["household"] == b["household"] and a["property"] == b["property"]
        if relation.kind == "spouse":
            assert a["marriage"] == {"married": True, "spouse": b["id_number"]}


@pytest.mark.django_db
def test_a_number_drawn_twice_and_already_registered_is_redrawn_at_both_places(monkeypatch):
    birth = dt.date(1990, 1, 1)
    taken = register_person(
        actor="test", id_number=make_id_number("440604", birth, 11), name="陈伟"
    ).id_number
    sequences = iter([11, 11, 13, 15, 17, 19, 21, 23])
    monkeypatch.setattr(scale, "_sequence", lambda rng, sex: next(sequences))
    draft = scale._Draft("陈伟", birth, "male", "440604", True, "", "")

    numbers = scale._unique_id_numbers(random.Random(1), [draft, draft])

    assert len(set(numbers)) == 2
    assert taken not in numbers


@pytest.mark.django_db
def test_the_whole_registry_batches_leave_the_demo_personas_to_their_own_facts():
    from onedoor.registry.demo import current_personas, seed_demo_personas

    seed_demo_personas()
    seed_scale(50, progress=False, seed=5)

    numbers = {p["id_number"] for b in iter_scale_sandbox_batches() for p in b["persons"]}

    personas = current_personas()
    assert personas is not None
    assert len(numbers) == 50
    assert personas["parent"]["id_number"] not in numbers
