"""The kiosk in a real browser: a ticket, an instant matter decided with its licence shown,
and the idle countdown that clears the screen."""

import re
from typing import Any

import pytest

from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import World
from onedoor.counter.models import Ticket
from onedoor.kiosk.tests.browser import browser_page  # noqa: F401

pytestmark = pytest.mark.browser


def _tap_digits(page: Any, text: str) -> None:
    """Type on the kiosk's on-screen keypad, key by key."""
    for key in text:
        page.locator(f'[data-keypad-board] [data-key="{key}"]').click()


def test_a_citizen_takes_a_ticket(live_server: Any, world: World, browser_page: Any) -> None:  # noqa: F811
    page = browser_page
    page.goto(f"{live_server.url}/kiosk/district-centre/")
    page.locator('[data-tile="ticket"]').click()
    page.locator('[data-category="priority"]').click()
    page.get_by_role("button", name="取号", exact=True).click()
    page.wait_for_url(re.compile(r"/ticket/issued/$"))
    number = page.locator("[data-ticket-number]").inner_text()
    ticket = Ticket.objects.get()
    assert number == ticket.number
    assert (ticket.category, ticket.channel) == ("priority", "kiosk")
    assert page.locator("[data-position]").inner_text() == "下一位就是您"
    assert page.locator("[data-ticket-number]").bounding_box()["height"] >= 64


def test_an_instant_matter_is_decided_and_its_licence_shown(
    live_server: Any,
    world: World,
    browser_page: Any,  # noqa: F811
) -> None:
    page = browser_page
    parent = world.persons["parent"]
    page.goto(f"{live_server.url}/kiosk/district-centre/")
    page.locator('[data-tile="matters"]').click()
    page.locator('[data-matter="household-certificate"]').click()
    _tap_digits(page, parent.id_number)
    assert page.locator("#id_id_number").input_value() == parent.id_number
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url(re.compile(r"/apply/$"))
    assert page.locator('[data-material="id-card"][data-handling="reused"]').is_visible()
    page.get_by_label("曾经同户人员间亲属关系证明").check()
    page.get_by_role("button", name="提交申请").dblclick()
    page.wait_for_url(re.compile(r"/result/$"))
    case = Case.objects.get()
    assert (case.channel, case.status) == ("kiosk", "decided")
    licence = case.results.get().licence
    shown = page.locator(f'[data-licence="{licence.number}"]')
    assert shown.is_visible()
    assert shown.locator("svg").count() == 1
    # The screen shows the holder's ID number masked; the full number is for the printer only.
    assert shown.get_by_text(parent.masked_id_number).is_visible()
    assert shown.get_by_text(parent.id_number).is_hidden()
    assert page.get_by_role("button", name="打印").is_visible()
    # On paper: the licence with the full number, without the screen's header and buttons.
    page.emulate_media(media="print")
    assert shown.get_by_text(parent.id_number).is_visible()
    assert page.locator(".k-header").is_hidden()
    assert page.get_by_role("button", name="打印").is_hidden()


def test_the_idle_countdown_clears_the_screen(
    live_server: Any,
    world: World,
    settings: Any,
    browser_page: Any,  # noqa: F811
) -> None:
    settings.KIOSK_IDLE_SECONDS = 2
    settings.KIOSK_COUNTDOWN_SECONDS = 2
    page = browser_page
    parent = world.persons["parent"]
    home = f"{live_server.url}/kiosk/district-centre/"
    page.goto(f"{home}matters/household-certificate/")
    page.locator("#id_id_number").fill(parent.id_number)  # as a card reader types it
    page.locator("#id_id_number").press("Enter")
    page.wait_for_url(re.compile(r"/apply/$"))
    assert parent.masked_id_number in page.content()
    dialog = page.locator("[data-idle-dialog]")
    dialog.wait_for(state="visible", timeout=6_000)
    assert page.locator("[data-idle-count]").inner_text() in ("1", "2")
    page.wait_for_url(home, timeout=8_000)
    assert parent.masked_id_number not in page.content()
    # The server forgot the visit: neither going back nor the form's address shows it again.
    page.go_back()
    page.wait_for_load_state()
    assert parent.masked_id_number not in page.content()
    page.goto(f"{home}matters/household-certificate/apply/")
    assert page.url == f"{home}matters/household-certificate/"
    assert parent.masked_id_number not in page.content()


def test_touching_the_screen_during_the_countdown_keeps_the_visit(
    live_server: Any,
    world: World,
    settings: Any,
    browser_page: Any,  # noqa: F811
) -> None:
    settings.KIOSK_IDLE_SECONDS = 1
    settings.KIOSK_COUNTDOWN_SECONDS = 30
    page = browser_page
    page.goto(f"{live_server.url}/kiosk/district-centre/progress/")
    page.locator("[data-idle-dialog]").wait_for(state="visible", timeout=5_000)
    page.get_by_role("button", name="继续使用").click()
    assert page.locator("[data-idle-dialog]").is_hidden()
    assert page.url.endswith("/progress/")
