"""The life cycle of a bundle: draft, publish, archive, reopen for editing."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.catalog.actions.common import (
    bundle_search_text,
    catalog_changed,
    current_synonym_groups,
    problems_error,
)
from onedoor.catalog.choices import VersionStatus
from onedoor.catalog.errors import CatalogErrorCode
from onedoor.catalog.models import Bundle
from onedoor.catalog.queries import get_version_contents_in_force, prefetched_bundles
from onedoor.catalog.services.bundles import check_bundle_content
from onedoor.catalog.services.content import BundleContent, Problem, load_bundle_content
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError


def _locked_bundle(bundle: Bundle) -> Bundle:
    return prefetched_bundles().select_for_update().get(pk=bundle.pk)


def _set_bundle_status(bundle: Bundle, status: str, action: str, actor: Any) -> Bundle:
    previous = bundle.status
    bundle.status = status
    fields = ["status", "updated_at"]
    if status == VersionStatus.PUBLISHED:
        bundle.published_at = timezone.now()
        bundle.search_text = bundle_search_text(bundle, current_synonym_groups())
        fields += ["published_at", "search_text"]
    bundle.save(update_fields=fields)
    record_event(actor=actor, action=action, obj=bundle, payload={"previous_status": previous})
    catalog_changed()
    return bundle


def publish_bundle(bundle: Bundle, *, actor: Any) -> Bundle:
    """Publish a draft bundle whose matters all have a version in force today."""
    with transaction.atomic():
        bundle = _locked_bundle(bundle)
        if bundle.status != VersionStatus.DRAFT:
            raise DomainError(
                CatalogErrorCode.BUNDLE_NOT_DRAFT, _("只有草稿状态的一件事可以发布。")
            )
        content = load_bundle_content(bundle)
        members = get_version_contents_in_force(content.matter_codes)
        problems = check_bundle_content(content, {c: members.get(c) for c in content.matter_codes})
        problems += bundle_row_problems(content)
        if problems:
            raise problems_error(CatalogErrorCode.INVALID_BUNDLE, _("一件事不能发布："), problems)
        return _set_bundle_status(
            bundle, VersionStatus.PUBLISHED, "catalog.bundle_published", actor
        )


def bundle_row_problems(content: BundleContent) -> list[Problem]:
    """What the bundle's own verifications and conditions refuse, with their paths."""
    problems: list[Problem] = []
    for section, rows in (("verifications", content.verifications),
                          ("conditions", content.conditions)):  # fmt: skip
        for i, row in enumerate(rows):
            try:
                row.clean()
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    problems.extend(Problem(f"{section}[{i}].{field}", str(m)) for m in messages)
    return problems


def archive_bundle(bundle: Bundle, *, actor: Any) -> Bundle:
    """Withdraw a bundle from the hall."""
    with transaction.atomic():
        bundle = _locked_bundle(bundle)
        if bundle.status == VersionStatus.ARCHIVED:
            return bundle
        return _set_bundle_status(bundle, VersionStatus.ARCHIVED, "catalog.bundle_archived", actor)


def reopen_bundle(bundle: Bundle, *, actor: Any) -> Bundle:
    """Take a bundle back to draft for editing; it leaves the hall until published again."""
    with transaction.atomic():
        bundle = _locked_bundle(bundle)
        if bundle.status == VersionStatus.DRAFT:
            return bundle
        return _set_bundle_status(bundle, VersionStatus.DRAFT, "catalog.bundle_reopened", actor)


def record_bundle_edit(bundle: Bundle, *, actor: Any) -> None:
    """After a draft bundle was edited (admin): refresh its search text, audit it."""
    with transaction.atomic():
        bundle = _locked_bundle(bundle)
        if bundle.status != VersionStatus.DRAFT:
            raise DomainError(
                CatalogErrorCode.BUNDLE_NOT_DRAFT, _("只有草稿状态的一件事可以编辑。")
            )
        bundle.search_text = bundle_search_text(bundle, current_synonym_groups())
        bundle.save(update_fields=["search_text", "updated_at"])
        record_event(actor=actor, action="catalog.bundle_edited", obj=bundle)
