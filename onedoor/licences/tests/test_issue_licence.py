import datetime as dt
import re
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.licences.actions import issue_licence
from onedoor.licences.models import Licence, SigningKey
from onedoor.licences.queries import verify_licence
from onedoor.licences.signers import move_signing_keys_stamp, signers
from onedoor.licences.tests.factories import (
    make_department,
    make_licence,
    make_licence_type,
    make_organisation,
    make_person,
)

pytestmark = pytest.mark.django_db


def test_issued_licence_is_signed_numbered_audited_and_verifies():
    company = make_organisation()

    licence = make_licence(holder=company, case_number="C-1")

    licence.refresh_from_db()
    assert re.fullmatch(r"440604-FBL-\d{4}-000001", licence.number)
    assert licence.holder_organisation == company
    assert licence.issuer.code == "market"
    assert licence.status == "valid"
    assert licence.key_id.startswith("market-ed25519-")
    assert SigningKey.objects.get(key_id=licence.key_id).active
    assert verify_licence(licence.number).reason == "ok"
    event = AuditEvent.objects.get(action="licences.licence_issued")
    assert event.object_id == licence.number
    assert event.payload["case_number"] == "C-1"


def test_numbers_count_up_per_type_and_year():
    first = make_licence()
    second = make_licence()

    assert first.number.endswith("-000001")
    assert second.number.endswith("-000002")


def test_types_with_the_same_initials_never_share_a_number():
    one = make_licence(licence_type=make_licence_type("fire-safety-check", name="消防检查"))
    other = make_licence(licence_type=make_licence_type("food-sales-certificate", name="食品销售"))

    assert one.number.rsplit("-", 2)[0] == other.number.rsplit("-", 2)[0]
    assert one.number != other.number


def test_a_retry_with_the_same_idempotency_key_returns_the_first_licence():
    company = make_organisation()
    first = make_licence(holder=company, idempotency_key="case:C-9:food-business-licence")

    again = make_licence(holder=company, idempotency_key="case:C-9:food-business-licence")

    assert again.pk == first.pk
    assert Licence.objects.count() == 1
    assert AuditEvent.objects.filter(action="licences.licence_issued").count() == 1


def test_a_retry_draws_no_serial_of_its_own():
    company = make_organisation()
    make_licence(holder=company, idempotency_key="case:C-9:food-business-licence")
    make_licence(holder=company, idempotency_key="case:C-9:food-business-licence")

    following = make_licence(holder=company)

    assert following.number.endswith("-000002")


def test_the_same_idempotency_key_for_another_holder_is_a_conflict():
    make_licence(idempotency_key="case:C-9:food-business-licence")

    with pytest.raises(DomainError) as caught:
        make_licence(
            holder=make_organisation(name="另一家公司"),
            idempotency_key="case:C-9:food-business-licence",
        )

    assert caught.value.code == "idempotency_key_conflict"
    assert caught.value.status == 409


def test_a_person_licence_type_refuses_an_organisation_holder():
    licence_type = make_licence_type("resident-id-card", holder_kind="person", name="居民身份证")

    with pytest.raises(DomainError) as caught:
        issue_licence(
            actor="system", licence_type=licence_type, holder=make_organisation(), fields={}
        )

    assert caught.value.code == "holder_kind_mismatch"
    assert not Licence.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
def test_validity_days_of_the_type_set_the_end_of_validity():
    licence_type = make_licence_type(validity_days=365)

    licence = make_licence(licence_type=licence_type)

    assert licence.valid_until == dt.date(2027, 2, 28)
    assert licence.number.startswith("440604-FBL-2026-")


def test_fields_with_dates_are_stored_as_json_and_still_verify():
    licence = make_licence(fields={"opened_on": dt.date(2026, 1, 5), "seats": 40})

    licence.refresh_from_db()
    assert licence.fields == {"opened_on": "2026-01-05", "seats": 40}
    assert verify_licence(licence.number).valid


def test_the_first_issue_of_a_department_makes_its_key_once():
    make_licence()
    make_licence(holder=make_organisation(name="又一家公司"))

    assert SigningKey.objects.filter(department__code="market").count() == 1


def test_issuing_for_another_department_uses_that_departments_key():
    health = make_department("health", "禅城区卫生健康局")
    licence_type = make_licence_type(
        "public-place-hygiene-licence", department=health, name="公共场所卫生许可证"
    )

    licence = make_licence(licence_type=licence_type)

    assert licence.key_id.startswith("health-ed25519-")


def test_issuing_takes_a_bounded_number_of_queries():
    make_licence()  # the department's key exists from now on
    holder = make_person()
    licence_type = make_licence_type("resident-id-card", holder_kind="person", name="居民身份证")

    with CaptureQueriesContext(connection) as queries:
        issue_licence(actor="system", licence_type=licence_type, holder=holder, fields={})

    # The licence, its audit event and the type's first counter row, in their savepoints.
    assert len(queries) <= 8, [q["sql"][:60] for q in queries]


def test_the_active_key_is_read_once_until_a_key_is_recorded():
    make_licence()  # the department's key exists from now on
    make_licence()

    with CaptureQueriesContext(connection) as queries:
        make_licence()

    assert not [q["sql"] for q in queries if "licences_signingkey" in q["sql"]]


def test_a_key_rotated_by_another_process_signs_once_the_stamp_moves():
    first = make_licence()
    # Another process rotates the key: the rows change, this process's memory does not.
    with mock.patch("onedoor.licences.actions.move_signing_keys_stamp"):
        new_key_id = signers.get("ed25519").rotate("market")
    before_the_stamp = make_licence()

    move_signing_keys_stamp()  # as the other process does once its rotation commits
    after_the_stamp = make_licence()

    assert before_the_stamp.key_id == first.key_id
    assert after_the_stamp.key_id == new_key_id
    assert verify_licence(before_the_stamp.number).reason == "ok"
    assert verify_licence(after_the_stamp.number).reason == "ok"


def test_signing_goes_on_when_the_shared_cache_is_out():
    first = make_licence()
    out = mock.MagicMock()
    out.__getitem__.side_effect = ConnectionError("cache down")

    with mock.patch("onedoor.licences.signers.caches", out):
        licence = make_licence()

    assert licence.key_id == first.key_id
    assert verify_licence(licence.number).reason == "ok"


def test_a_validity_ending_before_the_issue_date_is_refused():
    with pytest.raises(DomainError) as caught:
        make_licence(valid_until=dt.date(2000, 1, 1))

    assert caught.value.code == "invalid_input"
    assert not Licence.objects.exists()


def test_fields_that_json_cannot_hold_are_refused():
    with pytest.raises(DomainError) as caught:
        make_licence(fields={"area": float("nan")})

    assert caught.value.code == "invalid_input"
