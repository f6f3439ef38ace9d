import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.licences.actions import record_reuse, revoke_licence
from onedoor.licences.models import Licence, LicenceReuse
from onedoor.licences.queries import get_wallet, licences_for
from onedoor.licences.tests.factories import (
    make_approver,
    make_licence,
    make_licence_type,
    make_organisation,
    make_person,
)

pytestmark = pytest.mark.django_db


def _id_card_type():
    return make_licence_type("resident-id-card", holder_kind="person", name="居民身份证")


def test_the_wallet_holds_the_persons_and_their_companys_licences():
    boss = make_person()
    own = make_licence(licence_type=_id_card_type(), holder=boss, fields={})
    company = make_licence(holder=make_organisation(legal_representative=boss))
    make_licence(licence_type=_id_card_type(), holder=make_person(name="李四"), fields={})

    wallet = set(get_wallet(boss))

    assert wallet == {own, company}


def test_reuse_finds_a_valid_licence_of_the_type():
    company = make_organisation()
    licence = make_licence(holder=company)

    assert licences_for(company, "food-business-licence") == licence
    assert licences_for(company, "outdoor-signboard") is None


def test_reuse_skips_revoked_expired_and_tampered_licences():
    company = make_organisation()
    revoked = make_licence(holder=company)
    revoke_licence(actor=make_approver(revoked.issuer), licence=revoked, reason="注销")
    with time_machine.travel(timezone.now() - dt.timedelta(days=30), tick=False):
        make_licence(holder=company, valid_until=timezone.localdate() + dt.timedelta(days=1))
    tampered = make_licence(holder=company)
    Licence.objects.filter(pk=tampered.pk).update(fields={"business_scope": "改过"})

    assert licences_for(company, "food-business-licence") is None


def test_a_reuse_is_recorded_once_per_case_and_material():
    licence = make_licence()

    first = record_reuse(
        actor="system", licence=licence, material_code="licence", case_number="C-1"
    )
    again = record_reuse(
        actor="system", licence=licence, material_code="licence", case_number="C-1"
    )

    assert first.pk == again.pk
    assert LicenceReuse.objects.filter(licence=licence).count() == 1


def test_a_reuse_outside_a_case_states_its_purpose():
    licence = make_licence()

    with pytest.raises(DomainError) as caught:
        record_reuse(actor="system", licence=licence, material_code="licence")
    reuse = record_reuse(actor="system", licence=licence, material_code="licence", purpose="核验")

    assert caught.value.code == "invalid_input"
    assert reuse.purpose == "核验"
    assert AuditEvent.objects.filter(action="licences.licence_reused").count() == 1
