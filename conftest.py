"""Shared test world: a district with its departments, staff and citizens, built through actions."""

import importlib

import pytest
from django.apps import apps

# Data the migrations seed; a transactional test's flush empties those tables, so the next
# test that needs them gets them back.
CALENDAR_SEED = importlib.import_module("onedoor.core.migrations.0003_seed_work_calendar_2004_2026")
SYNONYM_SEED = importlib.import_module("onedoor.catalog.migrations.0003_seed_search_synonyms")


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings, tmp_path):
    """Uploads, keys and other files a test writes go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.ONEDOOR_KEYS_DIR = tmp_path / "keys"


@pytest.fixture(autouse=True)
def _empty_cache():
    """No test sees what another cached (exchange answers, catalog indexes, circuit breakers)."""
    from django.core.cache import caches

    from onedoor.exchange.services.breaker import reset_breakers

    def forget() -> None:
        for alias in ("default", "shared"):
            caches[alias].clear()
        reset_breakers()

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _seeded_calendar(request):
    """Each test starts from the data the migrations seed (the work calendar, the search
    synonyms), whatever earlier tests edited or flushed."""
    from onedoor.catalog.models import SearchSynonym
    from onedoor.core.models import CalendarYear
    from onedoor.core.services.calendar import reset_calendar_cache

    reset_calendar_cache()
    uses_db = {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames)
    if request.node.get_closest_marker("django_db") or uses_db:
        transactional = "transactional_db" in request.fixturenames
        request.getfixturevalue("transactional_db" if transactional else "db")
        if not CalendarYear.objects.exists():
            CALENDAR_SEED.seed(apps, None)
        if not SearchSynonym.objects.exists():
            SYNONYM_SEED.seed(apps, None)
    yield
    reset_calendar_cache()


SANDBOX_STARTUP_SECONDS = 15


def _sandbox_address(process, log):
    """The address on the sandbox's first stderr line (``sandbox serving URL ...``)."""
    import time

    deadline = time.monotonic() + SANDBOX_STARTUP_SECONDS
    while time.monotonic() < deadline:
        first = log.read_text("utf-8").partition("\n")[0]
        if first.startswith("sandbox serving "):
            return first.removeprefix("sandbox serving ").split()[0]
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited: {log.read_text('utf-8')}")
        time.sleep(0.02)
    raise RuntimeError(f"the sandbox did not start within {SANDBOX_STARTUP_SECONDS} s")


@pytest.fixture(scope="session")
def sandbox_url(tmp_path_factory):
    """A running sandbox of the department systems for this test process, reached over HTTP."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("sandbox")
    log = folder / "stderr.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(  # noqa: S603  # our own interpreter and module
            [sys.executable, "-m", "onedoor.sandbox", "--port", "0", "--data-dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        yield _sandbox_address(process, log)
    finally:
        process.terminate()
        process.wait(timeout=10)
