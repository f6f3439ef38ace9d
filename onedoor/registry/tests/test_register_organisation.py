import pytest

from onedoor.core.errors import DomainError
from onedoor.core.identifiers import make_uscc
from onedoor.core.models import AuditEvent
from onedoor.registry.actions import register_organisation
from onedoor.registry.models import Organisation

USCC = make_uscc(20190615)


@pytest.mark.django_db
def test_registering_an_organisation_with_its_legal_representative(citizen):
    organisation = register_organisation(
        actor="test",
        uscc=USCC,
        name="佛山市禅城区陈记餐饮管理有限公司",
        org_type="有限责任公司",
        legal_representative=citizen,
    )

    organisation.refresh_from_db()
    assert organisation.legal_representative == citizen
    assert AuditEvent.objects.filter(action="registry.organisation_registered").count() == 1


@pytest.mark.django_db
def test_registering_the_same_code_again_updates_the_organisation(citizen):
    register_organisation(actor="test", uscc=USCC, name="陈记餐饮")
    again = register_organisation(
        actor="test", uscc=USCC.lower(), name="陈记餐饮", legal_representative=citizen
    )

    assert Organisation.objects.count() == 1
    again.refresh_from_db()
    assert again.legal_representative == citizen
    event = AuditEvent.objects.get(action="registry.organisation_updated")
    assert event.payload == {"fields": ["legal_representative"]}


@pytest.mark.django_db
def test_an_invalid_credit_code_is_refused():
    with pytest.raises(DomainError) as error:
        register_organisation(actor="test", uscc=USCC[:-1] + "0", name="陈记餐饮")

    assert error.value.code == "invalid_uscc"
    assert not Organisation.objects.exists()
