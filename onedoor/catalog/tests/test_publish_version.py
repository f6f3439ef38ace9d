import datetime as dt

import pytest
import time_machine

from onedoor.catalog.actions import (
    archive_version,
    create_draft_version,
    publish_version,
    set_version_validity,
)
from onedoor.catalog.models import MatterMaterial, MatterVersion
from onedoor.catalog.queries import get_published_version
from onedoor.catalog.tests.factories import draft
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_publishing_a_valid_draft_sets_published_at_and_records_an_event():
    version = draft()

    published = publish_version(version, actor="system")

    version.refresh_from_db()
    assert version.status == "published" and version.published_at is not None
    assert published.pk == version.pk
    event = AuditEvent.objects.get(action="catalog.version_published")
    assert event.object_id == "shop-sign@1"
    assert event.payload == {"valid_from": "2024-01-01", "valid_until": None}
    assert get_published_version("shop-sign") == version


def test_a_draft_with_a_dangling_material_verification_cannot_be_published():
    version = draft()
    MatterMaterial.objects.create(version=version, code="plan", name="平面图", verification="nope")

    with pytest.raises(DomainError) as caught:
        publish_version(version, actor="system")

    assert caught.value.code == "invalid_version"
    assert caught.value.details["problems"][0]["path"] == "materials[0].verification"
    version.refresh_from_db()
    assert version.status == "draft"
    assert not AuditEvent.objects.filter(action="catalog.version_published").exists()


def test_a_promised_matter_without_review_stage_cannot_be_published():
    version = draft()
    version.stages.all().delete()

    with pytest.raises(DomainError) as caught:
        publish_version(version, actor="system")

    assert caught.value.details["problems"] == [
        {"path": "stages", "message": "承诺件至少要有一个审查环节。"}
    ]


def test_only_a_draft_can_be_published():
    version = publish_version(draft(), actor="system")

    with pytest.raises(DomainError) as caught:
        publish_version(version, actor="system")

    assert caught.value.code == "version_not_draft"


def test_a_new_draft_copies_the_latest_version_with_its_rows():
    first = publish_version(draft(), actor="system")
    MatterVersion.objects.filter(pk=first.pk).update(valid_until=dt.date(2030, 12, 31))

    second = create_draft_version(first.matter, actor="system")

    assert (second.version, second.status) == (2, "draft")
    assert second.valid_from == dt.date(2031, 1, 1)
    assert second.name == first.name and second.keywords == first.keywords
    stage = second.stages.get()
    assert [r.department.code for r in stage.reviews.all()] == ["market"]
    assert AuditEvent.objects.get(action="catalog.version_drafted").payload == {"from_version": 1}


def test_a_second_draft_is_refused_while_one_exists():
    version = draft()

    with pytest.raises(DomainError) as caught:
        create_draft_version(version.matter, actor="system")

    assert caught.value.code == "draft_exists"


def test_publishing_over_the_range_of_a_published_version_is_refused_with_the_reason():
    first = publish_version(draft(), actor="system")
    second = create_draft_version(first.matter, actor="system", valid_from=dt.date(2027, 1, 1))

    with pytest.raises(DomainError) as caught:
        publish_version(second, actor="system")

    assert caught.value.code == "version_overlap"
    assert caught.value.details == {"version": 1, "valid_from": "2024-01-01", "valid_until": None}
    assert "第 1 版" in caught.value.message


def test_ending_the_old_version_first_lets_the_successor_take_over_on_its_date():
    first = publish_version(draft(), actor="system")
    second = create_draft_version(first.matter, actor="system", valid_from=dt.date(2027, 1, 1))

    set_version_validity(first, valid_until=dt.date(2026, 12, 31), actor="system")
    publish_version(second, actor="system")

    assert get_published_version("shop-sign", on=dt.date(2026, 12, 31)).version == 1
    assert get_published_version("shop-sign", on=dt.date(2027, 1, 1)).version == 2
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)):
        assert get_published_version("shop-sign").version == 2
    event = AuditEvent.objects.get(action="catalog.version_validity_set")
    assert event.payload["valid_until"] == "2026-12-31"


def test_extending_a_version_into_its_successor_is_refused():
    first = publish_version(draft(), actor="system")
    set_version_validity(first, valid_until=dt.date(2026, 12, 31), actor="system")
    second = create_draft_version(first.matter, actor="system", valid_from=dt.date(2027, 1, 1))
    publish_version(second, actor="system")

    with pytest.raises(DomainError) as caught:
        set_version_validity(first, valid_until=None, actor="system")

    assert caught.value.code == "version_overlap"
    first.refresh_from_db()
    assert first.valid_until == dt.date(2026, 12, 31)


def test_an_archived_version_is_no_longer_in_force():
    version = publish_version(draft(), actor="system")

    archive_version(version, actor="system")

    version.refresh_from_db()
    assert version.status == "archived"
    with pytest.raises(DomainError) as caught:
        get_published_version("shop-sign")
    assert caught.value.code == "not_found"
    assert AuditEvent.objects.get(action="catalog.version_archived").payload == {
        "previous_status": "published"
    }


def test_a_version_not_yet_valid_is_not_in_force():
    publish_version(draft(valid_from=dt.date(2099, 1, 1)), actor="system")

    with pytest.raises(DomainError):
        get_published_version("shop-sign")
