"""Departments and search synonyms: plain edits whose effect on search follows at once."""

from typing import Any

from django.db import models, transaction

from onedoor.catalog.actions.common import (
    bundle_search_text,
    catalog_changed,
    current_synonym_groups,
    version_search_text,
)
from onedoor.catalog.models import Bundle, Department, MatterVersion, SearchSynonym
from onedoor.core.audit import record_event


def record_department_edit(department: Department, *, actor: Any, created: bool) -> None:
    """After a department was saved (admin): its matters' search text follows its name."""
    with transaction.atomic():
        refresh_search_texts(MatterVersion.objects.filter(department=department))
        record_event(
            actor=actor,
            action="catalog.department_created" if created else "catalog.department_edited",
            obj=department,
            object_id=department.code,
            payload={"name": department.name, "level": department.level},
        )
        catalog_changed()


def refresh_search_texts(versions: models.QuerySet[MatterVersion] | None = None) -> None:
    """Recompute the stored search text of versions (all by default) and of every bundle."""
    groups = current_synonym_groups()
    queryset = versions if versions is not None else MatterVersion.objects.all()
    batch = list(queryset.select_related("department"))
    for version in batch:
        version.search_text = version_search_text(version, groups)
    MatterVersion.objects.bulk_update(batch, ["search_text"], batch_size=500)
    if versions is None:
        bundles = list(Bundle.objects.all())
        for bundle in bundles:
            bundle.search_text = bundle_search_text(bundle, groups)
        Bundle.objects.bulk_update(bundles, ["search_text"], batch_size=500)


def save_synonym(
    term: str, synonyms: str, *, actor: Any, synonym: SearchSynonym | None = None
) -> SearchSynonym:
    """Create or change a synonym entry; search follows at once."""
    with transaction.atomic():
        row = synonym or SearchSynonym()
        row.term, row.synonyms = term.strip(), synonyms.strip()
        row.full_clean()
        row.save()
        refresh_search_texts()
        record_event(
            actor=actor,
            action="catalog.synonym_saved",
            obj=row,
            payload={"term": row.term, "synonyms": row.synonym_list()},
        )
        catalog_changed()
    return row


def delete_synonym(synonym: SearchSynonym, *, actor: Any) -> None:
    with transaction.atomic():
        term = synonym.term
        synonym.delete()
        refresh_search_texts()
        record_event(
            actor=actor,
            action="catalog.synonym_deleted",
            object_type="catalog.searchsynonym",
            object_id=term,
        )
        catalog_changed()
