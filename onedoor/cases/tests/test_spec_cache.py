"""Each process keeps the application specs it built, until the catalog changes."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from onedoor.cases.services.spec import bundle_spec, forget_specs, matter_spec, spec_for_case
from onedoor.cases.tests.applications import enrollment
from onedoor.catalog.actions import archive_bundle, catalog_changed
from onedoor.catalog.models import Bundle, MatterVersion
from onedoor.core.errors import NotFound

MATTER = "new-student-enrollment"


@pytest.fixture(autouse=True)
def _no_specs_from_other_tests():
    forget_specs()
    yield
    forget_specs()


def test_a_matter_spec_is_built_once_then_found_with_one_query(world, django_assert_num_queries):
    first = matter_spec(MATTER)

    with django_assert_num_queries(1):
        again = matter_spec(MATTER)

    assert again is first
    assert first.code == MATTER and first.version is not None


def test_a_catalog_change_builds_the_spec_again_with_what_changed(world):
    before = matter_spec(MATTER)
    version = MatterVersion.objects.get(pk=before.version.pk)
    with transaction.atomic():
        MatterVersion.objects.filter(pk=version.pk).update(promised_days=7)
        catalog_changed()

    after = matter_spec(MATTER)

    assert after is not before
    assert (before.members[0].promised_days, after.members[0].promised_days) == (10, 7)


def test_a_changed_version_row_is_built_again_even_without_a_new_revision(world):
    before = matter_spec(MATTER)
    MatterVersion.objects.filter(pk=before.version.pk).update(
        promised_days=6, updated_at=timezone.now()
    )

    assert matter_spec(MATTER).members[0].promised_days == 6


def test_a_case_uses_the_spec_of_its_own_version(world):
    case = enrollment(world)

    assert spec_for_case(case) is matter_spec(MATTER)


def test_a_matter_not_in_force_is_404_cached_or_not(world):
    matter_spec(MATTER)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    MatterVersion.objects.filter(matter__code=MATTER).update(valid_until=timezone.localdate())

    with pytest.raises(NotFound):
        matter_spec(MATTER, tomorrow)
    with pytest.raises(NotFound):
        matter_spec("no-such-matter")


def test_a_bundle_spec_is_kept_per_day_and_gone_once_archived(world):
    first = bundle_spec("restaurant-opening")
    assert bundle_spec("restaurant-opening") is first
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert bundle_spec("restaurant-opening", tomorrow) is not first

    archive_bundle(Bundle.objects.get(code="restaurant-opening"), actor=None)

    with pytest.raises(NotFound):
        bundle_spec("restaurant-opening")
