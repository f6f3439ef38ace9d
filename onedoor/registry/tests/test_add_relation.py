import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.registry.actions import add_relation
from onedoor.registry.models import PersonRelation


@pytest.mark.django_db
def test_a_guardian_relation_points_from_the_guardian_to_the_child(make_person):
    parent = make_person()
    child = make_person(name="陈思远", birth=dt.date(2020, 12, 20), sequence=31)

    add_relation(actor="test", person=parent, other=child, kind="guardian")

    assert list(PersonRelation.objects.values_list("person", "other", "kind")) == [
        (parent.pk, child.pk, "guardian")
    ]
    assert AuditEvent.objects.get(action="registry.relation_added").payload == {
        "kind": "guardian",
        "other": child.id_number,
    }


@pytest.mark.django_db
def test_a_spouse_relation_is_stored_both_ways_and_only_once(make_person):
    husband = make_person()
    wife = make_person(name="林慧敏", birth=dt.date(1990, 9, 3), sequence=26)

    add_relation(actor="test", person=husband, other=wife, kind="spouse")
    add_relation(actor="test", person=wife, other=husband, kind="spouse")

    assert set(PersonRelation.objects.values_list("person", "other")) == {
        (husband.pk, wife.pk),
        (wife.pk, husband.pk),
    }
    assert AuditEvent.objects.filter(action="registry.relation_added").count() == 1


@pytest.mark.django_db
def test_a_person_cannot_be_related_to_themself(citizen):
    with pytest.raises(DomainError) as error:
        add_relation(actor="test", person=citizen, other=citizen, kind="spouse")

    assert error.value.code == "invalid_input"


@pytest.mark.django_db
def test_an_unknown_relation_kind_is_refused(make_person):
    with pytest.raises(DomainError):
        add_relation(
            actor="test", person=make_person(), other=make_person(sequence=26), kind="cousin"
        )
    assert not PersonRelation.objects.exists()
