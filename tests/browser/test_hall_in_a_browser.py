"""The web hall as citizens and staff use it, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from onedoor.accounts.actions import create_staff_user
from onedoor.counter.demo import seed_demo_service_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _font_size(page: Page, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => getComputedStyle(e).fontSize")[:-2])


def test_a_parent_on_a_phone_finds_what_to_bring_for_school_enrollment(
    phone, live_server, district
):
    phone.goto(f"{live_server.url}/")
    search_box = phone.get_by_role("searchbox", name="搜索事项")
    expect(search_box).to_have_attribute("lang", "zh-hans")

    search_box.fill("入学")
    search_box.press("Enter")

    expect(phone).to_have_url(re.compile(r"/matters/\?q="))
    phone.get_by_role("link", name="小学新生入学报名").click()
    expect(phone).to_have_url(f"{live_server.url}/matters/new-student-enrollment")
    expect(phone.get_by_role("heading", level=1)).to_have_text("小学新生入学报名")
    conditions = phone.locator("#conditions")
    expect(conditions).to_be_visible()
    expect(conditions).to_contain_text("入学当年8月31日前（含当日）年满6周岁")
    materials = phone.locator("#materials")
    materials.scroll_into_view_if_needed()
    expect(materials).to_be_visible()
    expect(materials.locator(".material")).to_have_count(5)
    expect(materials).to_contain_text("儿童居民户口簿")
    expect(materials).to_contain_text("系统核验，无需提交")
    # Nothing is wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_language_switch_turns_the_pages_to_english_and_back(desktop, live_server, district):
    desktop.goto(f"{live_server.url}/matters/new-student-enrollment")

    desktop.get_by_role("button", name="English").click()

    expect(desktop.locator("html")).to_have_attribute("lang", "en")
    expect(desktop).to_have_url(f"{live_server.url}/matters/new-student-enrollment")
    expect(desktop.get_by_role("heading", level=1)).to_have_text(
        "Primary school first-year enrollment"
    )
    expect(desktop.locator("#materials h2")).to_have_text("Materials")
    desktop.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("What do you need to do?")

    desktop.get_by_role("button", name="简体中文").click()

    expect(desktop.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("您要办什么事？")


def test_the_large_text_mode_enlarges_the_text_and_is_remembered(phone, live_server, district):
    phone.goto(f"{live_server.url}/matters/new-student-enrollment")
    body_before = _font_size(phone, "body")
    material_before = _font_size(phone, ".material__name")
    toggle = phone.get_by_role("button", name="大字模式")
    expect(toggle).to_have_attribute("aria-pressed", "false")

    toggle.click()

    expect(phone.locator("body")).to_have_class(re.compile(r"\bmode-large\b"))
    expect(phone).to_have_url(f"{live_server.url}/matters/new-student-enrollment")
    assert _font_size(phone, "body") >= body_before * 1.3
    assert _font_size(phone, ".material__name") >= material_before * 1.3
    expect(phone.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "true")
    phone.goto(f"{live_server.url}/")
    expect(phone.locator("body")).to_have_class(re.compile(r"\bmode-large\b"))
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    phone.get_by_role("button", name="大字模式").click()

    expect(phone.locator("body")).not_to_have_class(re.compile(r"\bmode-large\b"))
    assert _font_size(phone, "body") == body_before


def test_the_keyboard_reaches_the_content_through_the_skip_link(desktop, live_server, district):
    desktop.goto(f"{live_server.url}/")

    desktop.keyboard.press("Tab")

    skip = desktop.get_by_role("link", name="跳到主要内容")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    desktop.keyboard.press("Enter")
    expect(desktop.locator("main")).to_be_focused()
    desktop.keyboard.press("Tab")
    expect(desktop.get_by_role("searchbox", name="搜索事项")).to_be_focused()


def test_a_clerk_signs_in_on_the_staff_login_page(desktop, live_server, transactional_db):
    seed_demo_service_points(actor=None)
    create_staff_user(
        actor=None,
        username="clerk-li",
        password="窗口-2026-pass",
        full_name="李窗口",
        roles=[("clerk", None, "district-centre")],
    )
    desktop.goto(f"{live_server.url}/workbench/")
    expect(desktop).to_have_url(re.compile(r"/workbench/login/\?next=/workbench/"))

    desktop.get_by_label("用户名").fill("clerk-li")
    desktop.get_by_label("密码").fill("wrong password")
    desktop.get_by_role("button", name="登录").click()
    expect(desktop.get_by_role("alert")).to_be_visible()
    desktop.get_by_label("密码").fill("窗口-2026-pass")
    desktop.get_by_role("button", name="登录").click()

    expect(desktop).to_have_url(f"{live_server.url}/workbench/")
    expect(desktop.get_by_role("main")).to_contain_text("李窗口")
