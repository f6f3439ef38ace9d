"""Browser tests: Debian's Chromium driven through Playwright against the live test server.

Playwright's own browser download is never used: the project installs Debian's ``chromium``
(``make test`` runs scripts/ensure-system-packages), and a machine without it fails here loudly
rather than skipping, so that a green run always means the pages were really exercised.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from onedoor.catalog.queries import forget_search_index
from onedoor.hall.tests.district import load_district

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 15000


def require_chromium(path: Path = CHROMIUM) -> None:
    """Fail the run, with the way out, when Debian's Chromium is not installed."""
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the browser tests need Debian's chromium package. "
            "Run `make test` (it installs it through scripts/ensure-system-packages) or "
            "`apt-get install chromium` as root.",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the tests of one module."""
    require_chromium()
    # Playwright's sync API keeps an event loop on this thread while the browser is open, and
    # Django refuses ORM calls from a thread with a running loop; the loop never runs Django
    # code, so the test's own database work is safe. Restored when the module's tests end.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextmanager
def _fresh_page(browser: Browser, viewport: dict[str, int]) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh page on a phone-sized screen, in Chinese, with no cookies."""
    with _fresh_page(browser, PHONE) as page:
        yield page


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    """A fresh page on a desktop-sized screen, in Chinese, with no cookies."""
    with _fresh_page(browser, DESKTOP) as page:
        yield page


@pytest.fixture
def district(transactional_db) -> Iterator[None]:
    """The demo catalog (the hall's matters and the restaurant bundle) and service points."""
    forget_search_index()
    load_district()
    yield
    forget_search_index()
