import pytest

from onedoor.core.errors import DomainError
from onedoor.core.identifiers import make_id_number
from onedoor.registry.models import DataAccess
from onedoor.registry.queries import access_person, get_access_log


@pytest.mark.django_db
def test_a_clerks_read_is_logged_with_its_purpose(clerk, citizen):
    person = access_person(clerk, citizen.id_number, purpose="  FS2026-000123 ")

    assert person == citizen
    entry = DataAccess.objects.get()
    assert (entry.person, entry.accessor, entry.action, entry.purpose) == (
        citizen,
        "staff:clerk",
        "read",
        "FS2026-000123",
    )
    assert get_access_log(citizen) == (1, [entry])


@pytest.mark.django_db
@pytest.mark.parametrize("purpose", ["", "   ", "x" * 201])
def test_a_read_without_a_stated_purpose_is_refused_and_not_logged(clerk, citizen, purpose):
    with pytest.raises(DomainError) as error:
        access_person(clerk, citizen.id_number, purpose=purpose)

    assert error.value.code == "invalid_input"
    assert "purpose" in error.value.details["fields"]
    assert not DataAccess.objects.exists()


@pytest.mark.django_db
def test_a_citizen_cannot_read_the_registry(citizen):
    with pytest.raises(DomainError) as error:
        access_person(citizen, citizen.id_number, purpose="curious")

    assert error.value.status == 403


@pytest.mark.django_db
def test_an_unknown_valid_number_is_not_found(clerk):
    import datetime as dt

    with pytest.raises(DomainError) as error:
        access_person(clerk, make_id_number("440604", dt.date(2001, 1, 1), 1), purpose="check")

    assert error.value.code == "not_found"


@pytest.mark.django_db
def test_an_invalid_number_is_refused_before_any_lookup(clerk):
    with pytest.raises(DomainError) as error:
        access_person(clerk, "440604198804129131", purpose="check")

    assert error.value.code == "invalid_id_number"
