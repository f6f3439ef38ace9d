"""The whole enrollment from a phone, in a real browser: search, guide, sign in with the SMS
code, apply for the child as the parent, accepted, then follow the case."""

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import world
from onedoor.hall.tests.citizens import latest_code

pytestmark = pytest.mark.browser

__all__ = ["world"]

CHROMIUM = Path("/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture
def phone() -> Iterator[Any]:
    """A fresh page on a phone-sized screen in a headless Chromium, in Chinese."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-system-packages")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # Playwright keeps an event loop on this thread; it never runs Django code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True)
            context.set_default_timeout(15_000)
            try:
                yield context.new_page()
            finally:
                context.close()
                browser.close()
                # While Playwright's event loop runs on this thread, Django keeps the test's
                # own queries on a connection of that context, not the thread's: close it
                # here, inside the loop, or it outlives the test database (whose DROP then
                # fails with "being accessed by other users" on PostgreSQL).
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def test_a_parent_enrolls_their_child_from_a_phone(
    live_server: Any, world: Any, phone: Any
) -> None:
    from playwright.sync_api import expect

    parent, child = world.persons["parent"], world.persons["child_eligible"]
    page = phone
    page.goto(f"{live_server.url}/")
    search = page.get_by_role("searchbox", name="搜索事项")
    search.fill("入学")
    search.press("Enter")
    page.get_by_role("link", name="小学新生入学报名").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("小学新生入学报名")

    page.get_by_role("link", name="办理", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signin/\?next="))
    page.get_by_label("身份证件号码").fill(parent.id_number)
    page.get_by_role("button", name="获取验证码").click()
    expect(page).to_have_url(re.compile(r"/signin/code/"))
    page.get_by_label("短信验证码").fill(latest_code(parent))
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page).to_have_url(re.compile(r"/apply/new-student-enrollment$"))
    page.get_by_label(re.compile(child.name)).check()
    page.get_by_role("button", name="下一步：填写申请").click()
    expect(page).to_have_url(re.compile(r"/drafts/[0-9a-f-]+/$"))
    expect(page.get_by_label("监护人联系电话")).to_have_value(parent.phone)
    assert page.locator('[data-handling="gap"]').count() == 0  # nothing to upload
    page.get_by_label("意向学校").select_option(label="祖庙街道中心小学")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="提交申请").dblclick()

    expect(page).to_have_url(re.compile(r"/cases/[^/]+\?new=1$"))
    expect(page.locator("[data-case-status]")).to_have_text("已受理")
    case = Case.objects.get()  # one case, however many clicks
    assert (case.channel, case.status, case.agent, case.applicant_person) == (
        "online",
        "accepted",
        parent,
        child,
    )

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="我的办事").click()
    page.locator(f'[data-case="{case.number}"] a').click()
    expect(page).to_have_url(f"{live_server.url}/cases/{case.number}")
    expect(page.locator("[data-handled-by]")).to_contain_text(case.department.name)
    expect(page.get_by_role("heading", name="办理进度")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
