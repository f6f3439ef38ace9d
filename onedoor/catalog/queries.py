"""Reads of the catalog: versions in force, guides, bundles, search and export.

The catalog is public: nothing here needs a permission. Search runs on an in-process index of
the versions in force, rebuilt when the catalog revision or the date changes, so that a query
costs one tiny read instead of a scan.
"""

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.choices import Audience, MatterKind, VersionStatus
from onedoor.catalog.models import (
    Bundle,
    BundleMatter,
    CatalogRevision,
    Department,
    MatterMaterial,
    MatterStage,
    MatterVersion,
    MatterVersionQuerySet,
    SearchSynonym,
    StageReview,
)
from onedoor.catalog.services.bundles import (
    MergedField,
    MergedMaterial,
    MergedStage,
    merge_form,
    merge_materials,
    merge_stages,
)
from onedoor.catalog.services.catalog_file import (
    FORMAT,
    FORMAT_VERSION,
    dump_bundle,
    dump_department,
    dump_licence_type,
    dump_version,
)
from onedoor.catalog.services.content import (
    BundleContent,
    VersionContent,
    load_bundle_content,
    load_version_content,
)
from onedoor.catalog.services.search import SearchEntry, SearchIndex
from onedoor.core.errors import NotFound
from onedoor.licences.models import LicenceType

BUNDLE_KIND = "bundle"


def _stages_prefetch() -> models.Prefetch:
    reviews = StageReview.objects.select_related("department")
    return models.Prefetch(
        "stages",
        queryset=MatterStage.objects.prefetch_related(models.Prefetch("reviews", queryset=reviews)),
    )


def prefetched_versions() -> MatterVersionQuerySet:
    """Versions with everything a guide shows, in a fixed number of queries."""
    return MatterVersion.objects.select_related(
        "matter", "department", "result_licence_type"
    ).prefetch_related(
        "verifications",
        "conditions",
        models.Prefetch(
            "materials", queryset=MatterMaterial.objects.select_related("licence_type")
        ),
        "form_fields",
        _stages_prefetch(),
    )


def prefetched_bundles() -> models.QuerySet[Bundle]:
    return Bundle.objects.prefetch_related(
        models.Prefetch("members", queryset=BundleMatter.objects.select_related("matter")),
        "verifications",
        "conditions",
        _stages_prefetch(),
    )


def get_published_version(code: str, on: dt.date | None = None) -> MatterVersion:
    """The version of matter ``code`` in force on ``on`` (today by default); 404 if none."""
    version = (
        MatterVersion.objects.in_force(on or timezone.localdate())
        .filter(matter__code=code)
        .select_related("matter", "department", "result_licence_type")
        .order_by("-version")
        .first()
    )
    if version is None:
        raise NotFound(_("没有这个事项，或它不在办理期内。"), matter=code)
    return version


def get_guide(code: str, on: dt.date | None = None) -> VersionContent:
    """The version in force of matter ``code`` with every element; 404 if none."""
    version = (
        prefetched_versions()
        .in_force(on or timezone.localdate())
        .filter(matter__code=code)
        .order_by("-version")
        .first()
    )
    if version is None:
        raise NotFound(_("没有这个事项，或它不在办理期内。"), matter=code)
    return load_version_content(version)


def get_version_contents_in_force(
    codes: Iterable[str], on: dt.date | None = None
) -> dict[str, VersionContent]:
    """The versions in force of several matters, by code; a matter with none is absent."""
    versions = (
        prefetched_versions()
        .in_force(on or timezone.localdate())
        .filter(matter__code__in=list(codes))
        .order_by("version")
    )
    return {v.matter.code: load_version_content(v) for v in versions}


@dataclass
class BundleGuide:
    """A bundle as one application: its matters in force and their merged elements."""

    content: BundleContent
    members: list[VersionContent]
    materials: list[MergedMaterial]
    form: list[MergedField]
    stages: list[MergedStage]

    @property
    def bundle(self) -> Bundle:
        return self.content.bundle

    @property
    def statutory_days(self) -> int:
        return max((m.version.statutory_days for m in self.members), default=0)

    @property
    def promised_days(self) -> int:
        """A bundle's deadline is its longest matter's."""
        return max((m.version.promised_days for m in self.members), default=0)

    @property
    def instant(self) -> bool:
        return bool(self.members) and all(m.version.instant for m in self.members)


def get_bundle(code: str, on: dt.date | None = None) -> BundleGuide:
    """The published bundle ``code`` with merged materials, form and stages; 404 if none."""
    bundle = prefetched_bundles().filter(code=code, status=VersionStatus.PUBLISHED).first()
    if bundle is None:
        raise NotFound(_("没有这个一件事。"), bundle=code)
    content = load_bundle_content(bundle)
    in_force = get_version_contents_in_force(content.matter_codes, on)
    members = [in_force[c] for c in content.matter_codes if c in in_force]
    form, _problems = merge_form(members)
    return BundleGuide(
        content=content,
        members=members,
        materials=merge_materials(members),
        form=form,
        stages=merge_stages(content, members),
    )


# ---------------------------------------------------------------- search


def kind_label(kind: str) -> str:
    """The Chinese label of a matter kind, whatever the request's language."""
    with translation.override("zh-hans"):
        if kind == BUNDLE_KIND:
            return str(_("一件事"))
        return str(MatterKind(kind).label) if kind in MatterKind.values else kind


def _matter_entry(v: MatterVersion) -> SearchEntry:
    return SearchEntry(
        entity="matter",
        code=v.matter.code,
        name=v.name,
        name_en=v.name_en,
        kind=v.kind,
        kind_label=kind_label(v.kind),
        department_code=v.department.code,
        department_name=v.department.name,
        audience=v.audience,
        instant=v.instant,
        promised_days=v.promised_days,
        statutory_days=v.statutory_days,
        keywords=tuple(v.keywords),
        summary=v.summary,
        search_text=v.search_text,
    )


def _bundle_entry(bundle: Bundle, members: list[SearchEntry]) -> SearchEntry:
    return SearchEntry(
        entity="bundle",
        code=bundle.code,
        name=bundle.name,
        name_en=bundle.name_en,
        kind=BUNDLE_KIND,
        kind_label=kind_label(BUNDLE_KIND),
        department_code="",
        department_name="",
        audience=bundle.audience,
        instant=all(m.instant for m in members),
        promised_days=max(m.promised_days for m in members),
        statutory_days=max(m.statutory_days for m in members),
        keywords=tuple(bundle.keywords),
        summary=bundle.summary,
        search_text=bundle.search_text,
    )


def build_search_index(on: dt.date) -> SearchIndex:
    """A fresh index of the matters in force on ``on`` and the published bundles."""
    versions = (
        MatterVersion.objects.in_force(on)
        .select_related("matter", "department")
        .order_by("matter__code", "-version")
    )
    matters: dict[str, SearchEntry] = {}
    for version in versions:
        matters.setdefault(version.matter.code, _matter_entry(version))
    entries = list(matters.values())
    members_with_matters = BundleMatter.objects.select_related("matter")
    bundles = Bundle.objects.filter(status=VersionStatus.PUBLISHED).prefetch_related(
        models.Prefetch("members", queryset=members_with_matters)
    )
    for bundle in bundles:
        members = [matters.get(m.matter.code) for m in bundle.members.all()]
        if members and all(members):
            entries.append(_bundle_entry(bundle, [m for m in members if m is not None]))
    synonyms = {s.term: s.synonym_list() for s in SearchSynonym.objects.all()}
    return SearchIndex(entries, synonyms)


_index_lock = threading.Lock()
_index: tuple[str, dt.date, SearchIndex] | None = None


def catalog_revision() -> str:
    return CatalogRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""


def get_search_index() -> SearchIndex:
    """The index for today's catalog; rebuilt when the catalog revision or the date changed."""
    global _index
    token, today = catalog_revision(), timezone.localdate()
    cached = _index
    if cached is not None and cached[0] == token and cached[1] == today:
        return cached[2]
    with _index_lock:
        index = build_search_index(today)
        _index = (token, today, index)
    return index


def forget_search_index() -> None:
    global _index
    _index = None


def _matches_filters(
    entry: SearchEntry, department: str | None, instant: bool | None, audience: str | None
) -> bool:
    if department is not None and entry.department_code != department:
        return False
    if instant is not None and entry.instant != instant:
        return False
    return audience is None or entry.audience in (audience, Audience.BOTH)


def search_catalog(
    q: str = "",
    *,
    department: str | None = None,
    instant: bool | None = None,
    audience: str | None = None,
    entity: str | None = None,
) -> list[SearchEntry]:
    """Matters in force and published bundles matching ``q`` (all when blank), best first."""
    index = get_search_index()
    if q.strip():
        found: Iterable[SearchEntry] = (hit.entry for hit in index.search(q))
    else:
        found = sorted(index.entries, key=lambda e: (e.entity != "matter", e.code))
    return [
        e
        for e in found
        if (entity is None or e.entity == entity)
        and _matches_filters(e, department, instant, audience)
    ]


def search_matters(
    q: str = "",
    department: str | None = None,
    instant: bool | None = None,
    audience: str | None = None,
) -> list[SearchEntry]:
    """Matters in force matching ``q`` (all when blank), best first."""
    return search_catalog(
        q, department=department, instant=instant, audience=audience, entity="matter"
    )


# ---------------------------------------------------------------- export


def export_catalog() -> dict[str, Any]:
    """The whole catalog as a catalog document (docs/catalog-format.md)."""
    departments = Department.objects.select_related("parent").order_by("code")
    licence_types = LicenceType.objects.select_related("department").order_by("code")
    versions = prefetched_versions().order_by("matter__code", "version")
    bundles = prefetched_bundles().order_by("code")
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "departments": [dump_department(d) for d in departments],
        "licence_types": [dump_licence_type(t) for t in licence_types],
        "matters": [dump_version(load_version_content(v)) for v in versions],
        "bundles": [dump_bundle(load_bundle_content(b)) for b in bundles],
    }
