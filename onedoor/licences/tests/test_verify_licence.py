import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onedoor.licences.actions import revoke_licence, rotate_key
from onedoor.licences.models import Licence
from onedoor.licences.queries import verify_licence
from onedoor.licences.tests.factories import make_approver, make_licence

pytestmark = pytest.mark.django_db


def test_a_genuine_licence_verifies_ok():
    licence = make_licence()

    result = verify_licence(licence.number)

    assert (result.valid, result.reason) == (True, "ok")
    assert result.licence is None  # the fast check reads only what the signature covers


def test_a_licence_whose_fields_were_changed_in_the_database_is_tampered():
    licence = make_licence()
    assert verify_licence(licence.number).valid  # remembered as verified from now on
    Licence.objects.filter(pk=licence.pk).update(fields={"business_scope": "全部经营项目"})

    result = verify_licence(licence.number)

    assert (result.valid, result.reason) == (False, "tampered")


def test_a_licence_whose_validity_was_extended_in_the_database_is_tampered():
    licence = make_licence(valid_until=timezone.localdate() + dt.timedelta(days=30))
    Licence.objects.filter(pk=licence.pk).update(valid_until=dt.date(2099, 12, 31))

    assert verify_licence(licence.number).reason == "tampered"


def test_a_licence_signed_by_an_unknown_key_is_tampered():
    licence = make_licence()
    Licence.objects.filter(pk=licence.pk).update(key_id="market-ed25519-20260101-deadbeef")

    assert verify_licence(licence.number).reason == "tampered"


def test_a_licence_whose_signature_is_not_base64_is_tampered():
    licence = make_licence()
    Licence.objects.filter(pk=licence.pk).update(signature="not base64 at all!")

    assert verify_licence(licence.number).reason == "tampered"


def test_a_revoked_licence_is_not_valid():
    licence = make_licence()
    revoke_licence(actor=make_approver(licence.issuer), licence=licence, reason="以欺骗手段取得")

    result = verify_licence(licence.number)

    assert (result.valid, result.reason) == (False, "revoked")


def test_a_licence_is_valid_on_its_last_day_and_expired_the_day_after():
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        licence = make_licence(valid_until=dt.date(2026, 3, 31))

    with time_machine.travel(dt.datetime(2026, 3, 31, 15, 0, tzinfo=dt.UTC), tick=False):
        assert verify_licence(licence.number).reason == "ok"  # 23:00 in Shanghai
    with time_machine.travel(dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC), tick=False):
        result = verify_licence(licence.number)  # 00:30 on 1 April in Shanghai
    assert (result.valid, result.reason) == (False, "expired")


def test_an_unknown_number_is_not_found():
    result = verify_licence("440604-FBL-2026-999999")

    assert (result.valid, result.reason, result.licence) == (False, "not_found", None)


def test_the_number_is_read_without_surrounding_spaces_and_in_any_case():
    licence = make_licence()

    assert verify_licence(f"  {licence.number.lower()} ").reason == "ok"


def test_licences_signed_before_a_key_rotation_still_verify():
    old = make_licence()
    new_key = rotate_key(actor="system", department=old.issuer)

    new = make_licence()

    assert new.key_id == new_key.key_id != old.key_id
    assert verify_licence(old.number).reason == "ok"
    assert verify_licence(new.number).reason == "ok"
