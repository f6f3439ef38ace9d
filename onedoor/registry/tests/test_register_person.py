import datetime as dt

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.identifiers import make_id_number
from onedoor.core.models import AuditEvent
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person

NUMBER = make_id_number("440604", dt.date(1990, 9, 3), 926)


@pytest.mark.django_db
def test_registering_a_person_derives_birth_date_and_sex_and_records_an_event():
    person = register_person(actor="test", id_number=NUMBER, name="林慧敏", phone="13922856789")

    person.refresh_from_db()
    assert person.birth_date == dt.date(1990, 9, 3)
    assert person.sex == "female"
    assert person.phone == "13922856789"
    event = AuditEvent.objects.get(action="registry.person_registered")
    assert event.object_id == str(person.pk) and event.actor == "test"


@pytest.mark.django_db
def test_registering_the_same_number_again_updates_the_person_instead_of_duplicating():
    first = register_person(actor="test", id_number=NUMBER, name="林慧敏", phone="139")
    again = register_person(
        actor="test", id_number=NUMBER.lower(), name="林慧敏", residence_address="绿景路 9 号"
    )

    assert again.pk == first.pk
    assert Person.objects.count() == 1
    again.refresh_from_db()
    assert again.residence_address == "绿景路 9 号"
    assert again.phone == "139"  # a blank argument never erases what the registry holds
    event = AuditEvent.objects.get(action="registry.person_updated")
    assert event.payload == {"fields": ["residence_address"]}


@pytest.mark.django_db
def test_registering_with_nothing_new_writes_no_event():
    register_person(actor="test", id_number=NUMBER, name="林慧敏")
    register_person(actor="test", id_number=NUMBER, name="林慧敏")

    assert AuditEvent.objects.filter(action__startswith="registry.person").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["440604199009039260", "12345", "", "440604209909099261"])
def test_an_invalid_id_number_is_refused_and_nothing_is_written(number):
    with pytest.raises(DomainError) as error:
        register_person(actor="test", id_number=number, name="林慧敏")

    assert error.value.code == "invalid_id_number"
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_blank_name_is_refused():
    with pytest.raises(DomainError) as error:
        register_person(actor="test", id_number=NUMBER, name="  ")

    assert error.value.code == "invalid_input"
    assert not Person.objects.exists()
