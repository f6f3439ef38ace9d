"""The hall's display board on a TV-sized screen: a window calls, and the board shows it without
a reload, within about a second."""

import time

import pytest
from playwright.sync_api import Page, expect

from onedoor.accounts.actions import create_staff_user
from onedoor.counter.actions import call_next, issue_ticket, recall_ticket
from onedoor.counter.demo import seed_demo_service_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TV = {"width": 1920, "height": 1080}


@pytest.fixture
def tv(browser) -> Page:
    context = browser.new_context(viewport=TV, locale="zh-CN")
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


WATCH = """number => {
  window.shownAt = null;
  const box = document.querySelector("[data-latest] [data-slot=number]");
  new MutationObserver((changes, observer) => {
    if (box.textContent === number) { window.shownAt = Date.now(); observer.disconnect(); }
  }).observe(box, {childList: true, characterData: true, subtree: true});
}"""


def _watch(page: Page, number: str) -> None:
    """Note in the page the moment its big number turns to ``number``."""
    page.evaluate(WATCH, number)


def _shown_within(page: Page, number: str, seconds: float, since: float) -> float:
    """Seconds from ``since`` (a wall-clock time) until the big number read ``number``."""
    expect(page.locator("[data-latest] [data-slot=number]")).to_have_text(
        number, timeout=int(seconds * 1000)
    )
    shown_ms = page.evaluate("window.shownAt")
    assert shown_ms is not None, "the number changed before it was watched"
    return float(shown_ms) / 1000 - since


def test_a_call_appears_on_the_display_board_without_a_reload(tv, live_server, transactional_db):
    seed_demo_service_points()
    clerk = create_staff_user(
        actor=None,
        username="tv-clerk",
        password=None,
        full_name="叫号员",
        roles=[("clerk", None, "district-centre")],
    )
    for _ in range(3):
        issue_ticket(actor=None, service_point="district-centre", channel="kiosk")
    errors: list[str] = []
    tv.on("pageerror", lambda error: errors.append(str(error)))
    tv.goto(f"{live_server.url}/hall-display/district-centre/")
    expect(tv.locator("[data-latest-empty]")).to_be_visible()
    expect(tv.locator("[data-queues]")).to_contain_text("3")
    tv.evaluate("window.sameDocument = true")

    _watch(tv, "A001")
    call_next(actor=clerk, window="dc-03")
    called = time.time()

    elapsed = _shown_within(tv, "A001", seconds=3, since=called)
    # The page polls every 0.8 s: a call shows within a poll and one answer (slack for load).
    assert elapsed < 1.5, f"the call took {elapsed:.2f} s to reach the board"
    expect(tv.locator("[data-latest] [data-slot=window_label]")).to_have_text("3 号窗口")
    expect(tv.locator("[data-latest] [data-slot=announcement]")).to_have_text(
        "请 A001 号到 3 号窗口"
    )
    expect(tv.locator("[data-hall-display]")).to_have_attribute("data-announced", "1")
    expect(tv.locator("[data-total=waiting_total]")).to_have_text("2")
    assert tv.evaluate("window.sameDocument") is True, "the page was not reloaded"

    _watch(tv, "A002")
    call_next(actor=clerk, window="dc-05")
    assert _shown_within(tv, "A002", seconds=3, since=time.time()) < 1.5
    _watch(tv, "A001")
    recall_ticket(actor=clerk, window="dc-03")
    assert _shown_within(tv, "A001", seconds=3, since=time.time()) < 1.5

    expect(tv.locator("[data-hall-display]")).to_have_attribute("data-announced", "3")
    expect(tv.locator("[data-recent] li")).to_have_count(2)
    assert tv.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []


def test_the_managers_board_follows_the_hall_without_a_reload(tv, live_server, transactional_db):
    seed_demo_service_points()
    create_staff_user(
        actor=None,
        username="tv-manager",
        password="大厅-2026-pass",
        full_name="周经理",
        roles=[("hall_manager", None, "district-centre")],
    )
    tv.goto(f"{live_server.url}/workbench/login/?next=/workbench/hall/district-centre/")
    tv.get_by_label("用户名").fill("tv-manager")
    tv.get_by_label("密码").fill("大厅-2026-pass")
    tv.get_by_role("button", name="登录").click()
    waiting = tv.locator("[data-figure=waiting]")
    expect(waiting).to_have_text("0")
    tv.evaluate("window.sameDocument = true")

    issue_ticket(actor=None, service_point="district-centre", channel="kiosk")
    issue_ticket(actor=None, service_point="district-centre", channel="kiosk")

    expect(waiting).to_have_text("2", timeout=5000)
    assert tv.evaluate("window.sameDocument") is True
