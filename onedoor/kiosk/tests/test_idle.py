"""Leaving the kiosk: exit, the idle countdown's reset, and the server forgetting on its own."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.conf import settings
from django.test import Client, override_settings

from onedoor.cases.tests.conftest import World
from onedoor.kiosk.tests.conftest import HOME
from onedoor.kiosk.tests.test_instant_matter import CERTIFICATE


def test_reset_clears_the_visit_on_the_server_and_goes_home(
    kiosk: Client, applied: Callable[..., Any]
) -> None:
    answer = applied("parent", CERTIFICATE)
    assert kiosk.session["kiosk"]["values"]["case"]
    reset = kiosk.post(f"{HOME}reset/")
    assert reset.status_code == 302
    assert reset["Location"] == HOME
    assert "kiosk" not in kiosk.session
    again = kiosk.get(answer["Location"])
    assert again.status_code == 302
    assert again["Location"] == HOME


def test_reset_brings_the_default_language_back(kiosk: Client, world: World) -> None:
    kiosk.post("/i18n/setlang/", {"language": "en", "next": HOME})
    assert kiosk.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    kiosk.post(f"{HOME}reset/")
    assert kiosk.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    assert b'<html lang="zh-hans"' in kiosk.get(HOME).content


def test_reset_is_a_post(kiosk: Client, world: World) -> None:
    assert kiosk.get(f"{HOME}reset/").status_code == 405


def test_the_visit_expires_on_the_server_without_a_request(
    kiosk: Client, identified: Callable[..., Any]
) -> None:
    start = dt.datetime.now(tz=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        identified("parent")
        traveller.shift(settings.KIOSK_SESSION_SECONDS - 5)
        assert kiosk.get(f"{HOME}matters/household-certificate/apply/").status_code == 200
        traveller.shift(settings.KIOSK_SESSION_SECONDS + 1)
        page = kiosk.get(f"{HOME}matters/household-certificate/apply/")
    assert page.status_code == 302
    assert page["Location"] == f"{HOME}matters/household-certificate/"
    assert "kiosk" not in kiosk.session


def test_one_kiosks_visit_is_nothing_to_another_service_points_kiosk(
    kiosk: Client, identified: Callable[..., Any]
) -> None:
    identified("parent")
    other = "/kiosk/zumiao-centre/matters/household-certificate/apply/"
    page = kiosk.get(other)
    assert page.status_code == 302
    assert page["Location"] == "/kiosk/zumiao-centre/matters/household-certificate/"


def test_going_home_forgets_the_citizen(kiosk: Client, identified: Callable[..., Any]) -> None:
    identified("parent")
    kiosk.get(HOME)
    assert "kiosk" not in kiosk.session
    assert kiosk.get(f"{HOME}matters/household-certificate/apply/").status_code == 302


@override_settings(KIOSK_IDLE_SECONDS=7, KIOSK_COUNTDOWN_SECONDS=3)
def test_the_idle_timeout_is_configurable(kiosk: Client, world: World) -> None:
    page = kiosk.get(f"{HOME}print/")
    assert b'data-idle-seconds="7"' in page.content
    assert b'data-countdown-seconds="3"' in page.content
