import importlib

import pytest
from django.apps import apps
from django.db import connection

from onedoor.core.models import CalendarYear
from onedoor.core.services.calendar import reset_calendar_cache

SEED = importlib.import_module("onedoor.core.migrations.0003_seed_work_calendar_2004_2026")


@pytest.fixture(autouse=True)
def _fresh_calendar(request):
    """Each test starts from the seeded calendar, whatever an earlier test edited or flushed."""
    reset_calendar_cache()
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        if not CalendarYear.objects.exists():
            # A transactional test elsewhere flushed the tables the data migration filled.
            SEED.seed(apps, None)
    yield
    reset_calendar_cache()


@pytest.fixture
def on_postgresql() -> bool:
    return connection.vendor == "postgresql"
