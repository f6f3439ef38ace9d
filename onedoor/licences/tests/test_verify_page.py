import datetime as dt

import pytest
import time_machine

from onedoor.licences.actions import revoke_licence
from onedoor.licences.models import Licence
from onedoor.licences.tests.factories import (
    make_approver,
    make_licence,
    make_licence_type,
    make_person,
)

pytestmark = pytest.mark.django_db


def _person_licence(**kwargs):
    licence_type = make_licence_type("resident-id-card", holder_kind="person", name="居民身份证")
    return make_licence(licence_type=licence_type, holder=make_person(name="张小明"), **kwargs)


def test_a_valid_licence_shows_valid_with_a_masked_holder(client):
    licence = _person_licence()
    id_number = licence.holder_person.id_number

    response = client.get(f"/licences/{licence.number}/verify")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-reason="ok"' in page
    assert "证照有效" in page
    assert "居民身份证" in page
    assert f"{id_number[:4]}**********{id_number[-4:]}" in page
    assert id_number not in page
    assert "张小明" not in page
    assert "张**" in page
    assert response["Cache-Control"] == "no-store"


def test_a_revoked_licence_shows_revoked(client):
    licence = _person_licence()
    revoke_licence(actor=make_approver(licence.issuer), licence=licence, reason="证照信息有误")

    page = client.get(f"/licences/{licence.number}/verify").content.decode()

    assert 'data-reason="revoked"' in page
    assert "已撤销" in page
    assert licence.holder_person.id_number not in page


def test_an_expired_licence_shows_expired(client):
    with time_machine.travel(dt.datetime(2026, 1, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        licence = _person_licence(valid_until=dt.date(2026, 1, 31))

    with time_machine.travel(dt.datetime(2026, 2, 2, 2, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(f"/licences/{licence.number}/verify").content.decode()

    assert 'data-reason="expired"' in page
    assert "已过期" in page


def test_a_tampered_licence_shows_a_warning_and_none_of_its_content(client):
    licence = _person_licence()
    Licence.objects.filter(pk=licence.pk).update(fields={"note": "伪造"})

    page = client.get(f"/licences/{licence.number}/verify").content.decode()

    assert 'data-reason="tampered"' in page
    assert "可能已被篡改" in page
    assert "居民身份证" not in page
    assert licence.holder_person.id_number not in page


def test_an_unknown_number_shows_not_found(client):
    response = client.get("/licences/440604-RIC-2026-000404/verify")

    assert response.status_code == 404
    assert 'data-reason="not_found"' in response.content.decode()


def test_an_organisations_licence_shows_its_name_and_credit_code(client):
    licence = make_licence()

    page = client.get(f"/licences/{licence.number}/verify").content.decode()

    assert licence.holder_organisation.name in page
    assert licence.holder_organisation.uscc in page


def test_the_page_answers_in_few_queries(client, django_assert_max_num_queries):
    licence = _person_licence()

    with django_assert_max_num_queries(2):
        client.get(f"/licences/{licence.number}/verify")
