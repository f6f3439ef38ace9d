import datetime as dt
import importlib

import pytest
from django.apps import apps

from onedoor.core.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

SEED = importlib.import_module("onedoor.core.migrations.0003_seed_work_calendar_2004_2026")


def test_the_seed_covers_2004_to_2026_as_complete_years():
    years = list(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))

    assert years == list(range(2004, 2027))


def test_the_seed_names_holidays_and_make_up_days_in_chinese():
    assert CalendarDay.objects.get(date=dt.date(2026, 10, 1)).name == "国庆节"
    saturday = CalendarDay.objects.get(date=dt.date(2026, 2, 14))
    assert (saturday.is_working_day, saturday.name) == (True, "春节调休上班")


def test_the_seed_stores_only_named_or_exceptional_days():
    assert not CalendarDay.objects.filter(date=dt.date(2026, 9, 29)).exists()
    assert CalendarDay.objects.filter(date__year=2026).count() < 60


def test_the_seed_can_be_reversed_and_applied_again():
    count = CalendarDay.objects.count()

    SEED.unseed(apps, None)
    assert not CalendarDay.objects.exists() and not CalendarYear.objects.exists()

    SEED.seed(apps, None)
    assert CalendarDay.objects.count() == count
