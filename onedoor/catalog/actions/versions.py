"""The life cycle of a matter version: draft, publish for a date range, end, archive."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.catalog.actions.common import (
    catalog_changed,
    check_no_overlap,
    check_publishable,
    current_synonym_groups,
    locked_version,
    prefetched_versions,
    version_search_text,
    write_version_rows,
)
from onedoor.catalog.choices import VersionStatus
from onedoor.catalog.errors import CatalogErrorCode
from onedoor.catalog.models import Matter, MatterVersion
from onedoor.catalog.services.content import load_version_content
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError

_COPIED_VERSION_FIELDS = [
    f.name
    for f in MatterVersion._meta.concrete_fields
    if f.name
    not in {"id", "matter", "version", "status", "valid_from", "valid_until", "published_at",
            "created_at", "updated_at"}
]  # fmt: skip


def register_matter(code: str, *, actor: Any) -> Matter:
    """A new matter code, with no version yet (the admin adds its first draft next)."""
    with transaction.atomic():
        matter = Matter(code=code)
        matter.full_clean()
        matter.save()
        record_event(actor=actor, action="catalog.matter_registered", obj=matter)
    return matter


def create_matter(code: str, *, actor: Any, **elements: Any) -> MatterVersion:
    """A new matter with its first draft version, holding ``elements``."""
    with transaction.atomic():
        matter = Matter(code=code)
        matter.full_clean()
        matter.save()
        elements.setdefault("valid_from", timezone.localdate())
        version = MatterVersion(matter=matter, version=1, status=VersionStatus.DRAFT, **elements)
        version.full_clean()
        version.search_text = version_search_text(version, current_synonym_groups())
        version.save()
        record_event(actor=actor, action="catalog.matter_created", obj=version)
    return version


def create_draft_version(
    matter: Matter, *, actor: Any, valid_from: dt.date | None = None
) -> MatterVersion:
    """A new draft copying the matter's latest version, rows included."""
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        versions = list(matter.versions.order_by("-version"))
        draft = next((v for v in versions if v.is_draft), None)
        if draft is not None:
            raise DomainError(
                CatalogErrorCode.DRAFT_EXISTS,
                _("该事项已有草稿（第 %(n)s 版），请先编辑或归档它。") % {"n": draft.version},
                details={"version": draft.version},
            )
        if not versions:
            raise DomainError("not_found", _("该事项还没有任何版本。"), status=404)
        latest = prefetched_versions().get(pk=versions[0].pk)
        new = MatterVersion(
            matter=matter,
            version=latest.version + 1,
            status=VersionStatus.DRAFT,
            valid_from=valid_from or _next_start(versions),
            **{name: getattr(latest, name) for name in _COPIED_VERSION_FIELDS if name != "matter"},
        )
        new.save()
        write_version_rows(new, load_version_content(latest), replace=False)
        record_event(
            actor=actor,
            action="catalog.version_drafted",
            obj=new,
            payload={"from_version": latest.version},
        )
    return new


def _next_start(versions: list[MatterVersion]) -> dt.date:
    today = timezone.localdate()
    ends = [v.valid_until for v in versions if v.status == VersionStatus.PUBLISHED]
    if ends and all(ends):
        return max(today, max(e for e in ends if e) + dt.timedelta(days=1))
    return today


def publish_version(version: MatterVersion, *, actor: Any) -> MatterVersion:
    """Publish a draft for its validity range, after checking every element."""
    with transaction.atomic():
        version = locked_version(version)
        if not version.is_draft:
            raise DomainError(
                CatalogErrorCode.VERSION_NOT_DRAFT,
                _("只有草稿可以发布；该版本%(status)s。")
                % {"status": version.get_status_display()},
            )
        check_publishable(load_version_content(version))
        check_no_overlap(version)
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.search_text = version_search_text(version, current_synonym_groups())
        version.save(update_fields=["status", "published_at", "search_text", "updated_at"])
        record_event(
            actor=actor,
            action="catalog.version_published",
            obj=version,
            payload=_range_payload(version),
        )
        catalog_changed()
    return version


def _range_payload(version: MatterVersion) -> dict[str, str | None]:
    return {
        "valid_from": version.valid_from.isoformat(),
        "valid_until": version.valid_until.isoformat() if version.valid_until else None,
    }


def archive_version(version: MatterVersion, *, actor: Any) -> MatterVersion:
    """Withdraw a draft or a published version; an archived version is history."""
    with transaction.atomic():
        version = locked_version(version)
        if version.status == VersionStatus.ARCHIVED:
            return version
        previous = version.status
        version.status = VersionStatus.ARCHIVED
        version.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action="catalog.version_archived",
            obj=version,
            payload={"previous_status": previous},
        )
        catalog_changed()
    return version


def set_version_validity(
    version: MatterVersion, *, valid_until: dt.date | None, actor: Any
) -> MatterVersion:
    """Set the last day a version applies (e.g. the day before its successor starts)."""
    with transaction.atomic():
        version = locked_version(version)
        if version.status == VersionStatus.ARCHIVED:
            raise DomainError(CatalogErrorCode.VERSION_NOT_PUBLISHED, _("已归档的版本不能修改。"))
        if valid_until is not None and valid_until < version.valid_from:
            raise DomainError(CatalogErrorCode.INVALID_VERSION, _("失效日期不得早于生效日期。"))
        previous = version.valid_until
        version.valid_until = valid_until
        if version.status == VersionStatus.PUBLISHED:
            check_no_overlap(version)
        version.save(update_fields=["valid_until", "updated_at"])
        record_event(
            actor=actor,
            action="catalog.version_validity_set",
            obj=version,
            payload={
                **_range_payload(version),
                "previous_valid_until": previous.isoformat() if previous else None,
            },
        )
        catalog_changed()
    return version


def record_draft_edit(version: MatterVersion, *, actor: Any) -> None:
    """After a draft's fields or rows were edited (admin): refresh search text, audit it."""
    with transaction.atomic():
        version = locked_version(version)
        if not version.is_draft:
            raise DomainError(CatalogErrorCode.VERSION_NOT_DRAFT, _("只有草稿可以直接编辑。"))
        version.search_text = version_search_text(version, current_synonym_groups())
        version.save(update_fields=["search_text", "updated_at"])
        record_event(actor=actor, action="catalog.draft_edited", obj=version)
