"""Signing in to the web hall by ID number and SMS code; signing out; pages that need it."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from onedoor.accounts.citizen import SESSION_KEY
from onedoor.core.identifiers import make_id_number
from onedoor.hall.tests.citizens import latest_code, sign_in
from onedoor.notify.models import Message
from onedoor.registry.actions import register_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return register_person(
        actor="test",
        id_number=make_id_number("440604", dt.date(1985, 7, 7), 415),
        name="陈美玲",
        phone="13802761234",
    )


def test_a_citizen_signs_in_with_the_sms_code_and_goes_where_they_were_going(client, resident):
    step_one = client.post("/signin/", {"id_number": resident.id_number, "next": "/me/data/"})
    assert step_one.status_code == 302
    assert step_one["Location"].startswith("/signin/code/")

    page = client.get(step_one["Location"])
    assert resident.masked_id_number in page.content.decode()
    response = client.post("/signin/code/", {"code": latest_code(resident), "next": "/me/data/"})

    assert (response.status_code, response["Location"]) == (302, "/me/data/")
    assert client.session[SESSION_KEY]["id_number"] == resident.id_number
    assert client.get("/me/").status_code == 200


def test_a_wrong_code_says_so_and_keeps_the_citizen_out(client, resident):
    client.post("/signin/", {"id_number": resident.id_number})
    wrong = f"{(int(latest_code(resident)) + 1) % 1_000_000:06d}"

    response = client.post("/signin/code/", {"code": wrong})

    assert response.status_code == 422
    assert "验证码不正确" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_expired_code_is_explained_with_a_way_to_get_a_new_one(client, resident):
    client.post("/signin/", {"id_number": resident.id_number})
    code = latest_code(resident)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
        response = client.post("/signin/code/", {"code": code})
        page = response.content.decode()
        assert response.status_code == 422
        assert "验证码已过期，请重新获取。" in page
        assert "验证码已过期，重新获取" in page  # the resend button
        again = client.post("/signin/", {"id_number": resident.id_number})
        assert again.status_code == 302
        assert Message.objects.filter(recipient=resident).count() == 2


def test_asking_again_within_a_minute_reuses_the_code_already_sent(client, resident):
    client.post("/signin/", {"id_number": resident.id_number})
    response = client.post("/signin/", {"id_number": resident.id_number}, follow=True)

    assert "秒后再试" in response.content.decode()
    assert Message.objects.filter(recipient=resident).count() == 1


def test_an_unknown_id_number_goes_through_the_same_steps(client):
    stranger = make_id_number("440604", dt.date(1979, 1, 1), 19)

    response = client.post("/signin/", {"id_number": stranger})

    assert response.status_code == 302 and response["Location"].startswith("/signin/code/")
    assert client.post("/signin/code/", {"code": "123456"}).status_code == 422


def test_a_malformed_id_number_is_refused_on_the_form(client):
    response = client.post("/signin/", {"id_number": "12345"})

    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_page_of_ones_own_sends_a_stranger_to_sign_in_and_back(client):
    response = client.get("/me/licences/")

    assert response.status_code == 302
    assert response["Location"] == "/signin/?next=%2Fme%2Flicences%2F"


def test_signing_out_forgets_the_citizen(client, resident):
    sign_in(client, resident)

    response = client.post("/signout/")

    assert response.status_code == 302
    assert client.get("/me/").status_code == 302


def test_a_sign_in_lapses_after_half_an_hour_unused(client, resident):
    sign_in(client, resident)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        assert client.get("/me/").status_code == 302


def test_an_offsite_next_is_ignored(client, resident):
    response = sign_in(client, resident, next_path="https://evil.example/")

    assert response["Location"] == "/me/"


def test_the_identity_platform_button_is_off_unless_configured(client):
    assert client.get("/signin/oidc/").status_code == 404
    assert client.get("/signin/oidc/callback/?code=x&state=y").status_code == 404
    assert "统一身份认证" not in client.get("/signin/").content.decode()
