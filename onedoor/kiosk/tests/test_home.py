"""The kiosk index, the home screen, the language toggle and unknown service points."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from onedoor.cases.tests.conftest import World
from onedoor.kiosk.tests.conftest import HOME


def counts_down(page: Any) -> bool:
    """Whether the screen starts the idle countdown (the body's data-idle)."""
    return re.search(rb"<body[^>]* data-idle[ >]", page.content) is not None


SCREENS = (
    "",
    "ticket/",
    "ticket/issued/",
    "matters/",
    "matters/household-certificate/",
    "matters/household-certificate/apply/",
    "result/",
    "progress/",
    "progress/case/",
    "print/",
    "print/licence/",
    "print/licence/copy/",
    "print/case/",
    "print/case/papers/",
)


def test_the_index_links_every_service_points_kiosk(kiosk: Client) -> None:
    page = kiosk.get("/kiosk/")
    assert page.status_code == 200
    body = page.content.decode()
    for code in ("district-centre",):
        assert f'href="/kiosk/{code}/"' in body
    assert len(page.context["points"]) >= 5


def test_the_home_screen_offers_the_four_services(kiosk: Client) -> None:
    page = kiosk.get(HOME)
    assert page.status_code == 200
    body = page.content.decode()
    for tile in ("ticket", "matters", "progress", "print"):
        assert f'data-tile="{tile}"' in body
    assert '<html lang="zh-hans"' in body
    assert "行政服务中心" in body or page.context["point"].name in body
    assert "no-store" in page["Cache-Control"]


def test_the_home_screen_reads_little(kiosk: Client, django_assert_max_num_queries: Any) -> None:
    kiosk.get(HOME)
    with django_assert_max_num_queries(2):  # the service point, the session
        assert kiosk.get(HOME).status_code == 200


@pytest.mark.parametrize("screen", SCREENS)
def test_an_unknown_service_point_is_not_found(kiosk: Client, screen: str) -> None:
    page = kiosk.get(f"/kiosk/no-such-point/{screen}")
    assert page.status_code == 404
    assert "no-store" in page["Cache-Control"]


def test_every_screen_answers_and_none_is_kept_by_the_browser(kiosk: Client) -> None:
    for screen in SCREENS:
        page = kiosk.get(f"{HOME}{screen}")
        assert page.status_code in (200, 302), screen
        assert "no-store" in page["Cache-Control"], screen


def test_the_language_toggle_switches_to_english_and_back(kiosk: Client) -> None:
    page = kiosk.get(HOME)
    assert b'data-language="en"' in page.content
    switched = kiosk.post("/i18n/setlang/", {"language": "en", "next": HOME})
    assert switched.status_code == 302
    assert switched["Location"] == HOME
    english = kiosk.get(HOME)
    assert b'<html lang="en"' in english.content
    assert b'data-language="zh-hans"' in english.content
    # A screen in another language than the default counts down to go home, to reset it.
    assert counts_down(english)


def test_the_home_screen_in_the_default_language_does_not_count_down(kiosk: Client) -> None:
    page = kiosk.get(HOME)
    assert not counts_down(page)
    assert f'data-idle-seconds="{settings.KIOSK_IDLE_SECONDS}"'.encode() in page.content


def test_other_screens_count_down(kiosk: Client, world: World) -> None:
    page = kiosk.get(f"{HOME}progress/")
    assert counts_down(page)
    assert b"data-idle-dialog" in page.content
    assert b'action="/kiosk/district-centre/reset/"' in page.content
