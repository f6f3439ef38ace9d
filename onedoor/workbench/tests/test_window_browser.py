"""The window clerk's accept flow in a real browser: sign in, identify the applicant by ID
number, choose the matter, follow the checklist, accept, and reach the receipt."""

import re
from typing import Any

import pytest

from onedoor.accounts.demo import DEMO_PASSWORD
from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import World
from onedoor.kiosk.tests.browser import browser_page  # noqa: F401

pytestmark = pytest.mark.browser


def _sign_in_and_identify(page: Any, base: str, id_number: str) -> None:
    page.goto(f"{base}/workbench/")
    page.wait_for_url(re.compile(r"/workbench/login/"))
    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/workbench/window/")
    page.get_by_label("身份证件号码或统一社会信用代码").fill(id_number)
    page.get_by_label("身份证件号码或统一社会信用代码").press("Enter")  # as a card reader does
    page.wait_for_url(re.compile(r"/workbench/window/$"))


def _choose(page: Any, words: str, code: str) -> None:
    page.get_by_role("searchbox").fill(words)
    page.get_by_role("searchbox").press("Enter")
    page.locator(f'a[href$="/window/matters/{code}/"]').click()
    page.wait_for_url(re.compile(rf"/window/matters/{code}/$"))


def test_the_clerk_decides_a_household_certificate_on_the_spot(
    live_server: Any,
    world: World,
    browser_page: Any,  # noqa: F811
) -> None:
    page = browser_page
    parent = world.persons["parent"]
    _sign_in_and_identify(page, live_server.url, parent.id_number)
    assert parent.name in page.content()
    _choose(page, "户籍证明", "household-certificate")
    assert page.get_by_text("证照复用").first.is_visible()
    page.get_by_label("证明事项").select_option("kinship")
    page.get_by_role("button", name="提交受理").click()
    page.wait_for_url(re.compile(r"/workbench/window/cases/[^/]+/$"))
    case = Case.objects.get()
    assert (case.status, case.channel, case.applicant_person) == ("decided", "window", parent)
    assert case.number in page.content()
    receipt = page.get_by_role("link", name="打印受理回执")
    assert receipt.get_attribute("href") == f"/workbench/cases/{case.number}/receipt.pdf"
    licence = case.results.get().licence
    assert licence is not None and licence.number in page.content()
    pdf = page.request.get(f"{live_server.url}{receipt.get_attribute('href')}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"


def test_the_clerk_accepts_a_childs_enrollment_with_the_guardian_as_agent(
    live_server: Any,
    world: World,
    browser_page: Any,  # noqa: F811
) -> None:
    page = browser_page
    child = world.persons["child_eligible"]
    _sign_in_and_identify(page, live_server.url, child.id_number)
    _choose(page, "入学", "new-student-enrollment")
    agent = page.get_by_label("代理人身份证件号码")
    assert agent.input_value() in {
        world.persons["parent"].id_number,
        world.persons["spouse"].id_number,
    }
    page.get_by_label("意向学校").select_option("zumiao-central")
    page.get_by_label("监护人联系电话").fill("13800000000")
    page.get_by_role("button", name="提交受理").click()
    page.wait_for_url(re.compile(r"/workbench/window/cases/[^/]+/$"))
    case = Case.objects.get()
    assert case.status == "accepted", (case.outcome, case.unmet_conditions)
    assert case.agent is not None
    assert page.get_by_role("link", name="打印受理回执").is_visible()
    assert case.deadline is not None and case.deadline.isoformat() in page.content()
