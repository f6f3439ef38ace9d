"""Importing a catalog file: create or update by code (and version), all or nothing.

Every entry is read and checked as strictly as the admin and the publish action check it; the
first problem rejects the whole file with the entry named. An entry equal to what the database
holds is left untouched, so importing the same file twice changes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.catalog.actions.common import (
    bundle_search_text,
    catalog_changed,
    copy_row,
    current_synonym_groups,
    prefetched_versions,
    version_search_text,
    write_stages,
    write_version_rows,
)
from onedoor.catalog.choices import VersionStatus
from onedoor.catalog.errors import CatalogErrorCode
from onedoor.catalog.models import (
    Bundle,
    BundleMatter,
    Department,
    Matter,
    MatterVersion,
)
from onedoor.catalog.queries import prefetched_bundles
from onedoor.catalog.services.bundles import check_bundle_content
from onedoor.catalog.services.catalog_file import (
    FORMAT,
    FORMAT_VERSION,
    CatalogFileError,
    Entry,
    check_instance,
    dump_bundle,
    dump_licence_type,
    dump_version,
    read_bundle,
    read_department,
    read_licence_type,
    read_version,
)
from onedoor.catalog.services.content import (
    BundleContent,
    Problem,
    VersionContent,
    check_version_content,
    load_bundle_content,
    load_version_content,
)
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError
from onedoor.licences.models import LicenceType

SECTIONS = ("departments", "licence_types", "matters", "bundles")
_ENVELOPE: dict[str, Any] = {"format": None, "format_version": None, **{s: [] for s in SECTIONS}}
_VERSION_FIELDS = [
    f.name
    for f in MatterVersion._meta.concrete_fields
    if f.name not in {"id", "matter", "version", "published_at", "search_text",
                      "created_at", "updated_at"}
]  # fmt: skip
_BUNDLE_FIELDS = ["name", "name_en", "status", "summary", "keywords", "audience", "duplicate_rule"]
_LICENCE_TYPE_FIELDS = ["name", "name_en", "department", "holder_kind", "trust_level",
                        "validity_days", "fields"]  # fmt: skip


@dataclass
class ImportReport:
    """What an import did, by section: created, updated and unchanged entries."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    changed_entries: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changed_entries)

    def count(self, section: str, state: str, label: str) -> None:
        getattr(self, state)[section] += 1
        if state != "unchanged":
            self.changed_entries.append(f"{section}:{label}")

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            s: {"created": self.created[s], "updated": self.updated[s],
                "unchanged": self.unchanged[s]}
            for s in SECTIONS
        }  # fmt: skip

    def __str__(self) -> str:
        return self.summary()

    def summary(self) -> str:
        return "; ".join(
            f"{s}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for s, c in self.as_dict().items()
        )


def import_catalog(data: Any, *, actor: Any) -> ImportReport:
    """Create or update the catalog from a catalog document; all or nothing."""
    report = ImportReport()
    try:
        with transaction.atomic():
            _Importer(report).run(data)
            record_event(
                actor=actor,
                action="catalog.imported",
                object_type="catalog",
                object_id="catalog",
                payload={"sections": report.as_dict(), "changed": report.changed_entries[:200]},
            )
            if report.changed:
                catalog_changed()
    except CatalogFileError as exc:
        raise DomainError(
            CatalogErrorCode.INVALID_CATALOG,
            _("目录文件有误，未导入任何内容：%(error)s") % {"error": str(exc)},
            details={"entry": exc.entry, "path": exc.path, "error": exc.message},
        ) from None
    return report


def _label(section: str, index: int, item: Any) -> str:
    """How an entry is named in errors: its position, and its code when it has one."""
    where = f"{section}[{index}]"
    if not isinstance(item, dict) or not isinstance(item.get("code"), str):
        return where
    if section == "matters":
        return f"{where} ({item['code']} v{item.get('version')})"
    return f"{where} ({item['code']})"


def _first_problems(where: str, problems: list[Problem]) -> CatalogFileError:
    first = problems[0]
    rest = "; ".join(f"{p.path}: {p.message}" for p in problems[1:3])
    return CatalogFileError(where, first.path, first.message + (f" ({rest})" if rest else ""))


class _Importer:
    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.groups = current_synonym_groups()
        self.now = timezone.now()
        self.departments: dict[str, Department] = {}

    def run(self, data: Any) -> None:
        envelope = Entry(data, "catalog", _ENVELOPE)
        if envelope.data["format"] != FORMAT:
            raise envelope.fail("format", _("应为 %(format)s。") % {"format": FORMAT})
        if envelope.data["format_version"] != FORMAT_VERSION:
            raise envelope.fail("format_version", _("只支持第 %(n)s 版。") % {"n": FORMAT_VERSION})
        sections = {s: envelope.get(s, list) for s in SECTIONS}
        self.import_departments(sections["departments"])
        self.import_licence_types(sections["licence_types"])
        self.import_matters(sections["matters"])
        self.import_bundles(sections["bundles"])

    @staticmethod
    def _once(seen: set[Any], key: Any, where: str) -> None:
        if key in seen:
            raise CatalogFileError(where, "code", _("文件中重复出现。"))
        seen.add(key)

    # -------------------------------------------------------- departments

    def import_departments(self, items: list[Any]) -> None:
        self.departments = {d.code: d for d in Department.objects.all()}
        parsed: list[tuple[str, Department, str | None]] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = _label("departments", i, item)
            department, parent = read_department(item, where)
            self._once(seen, department.code, where)
            parsed.append((where, department, parent))
        states = {d.code: self._save_department(d) for _w, d, _p in parsed}
        for where, department, parent_code in parsed:
            if self._set_parent(where, department.code, parent_code):
                states[department.code] = states[department.code] or "updated"
        self._check_tree(parsed)
        for code, state in states.items():
            self.report.count("departments", state or "unchanged", code)

    def _save_department(self, new: Department) -> str | None:
        old = self.departments.get(new.code)
        if old is None:
            new.save()
            self.departments[new.code] = new
            return "created"
        fields = [f for f in ("name", "name_en", "level") if getattr(old, f) != getattr(new, f)]
        for f in fields:
            setattr(old, f, getattr(new, f))
        if fields:
            old.save(update_fields=[*fields, "updated_at"])
            return "updated"
        return None

    def _set_parent(self, where: str, code: str, parent_code: str | None) -> bool:
        if parent_code is not None and parent_code not in self.departments:
            raise CatalogFileError(
                where, "parent", _("未知的部门：%(code)s") % {"code": parent_code}
            )
        department = self.departments[code]
        parent = self.departments[parent_code] if parent_code else None
        if department.parent_id == (parent.pk if parent else None):
            return False
        department.parent = parent
        department.save(update_fields=["parent", "updated_at"])
        return True

    def _check_tree(self, parsed: list[tuple[str, Department, str | None]]) -> None:
        by_pk = {d.pk: d for d in self.departments.values()}
        for where, department, _parent in parsed:
            seen: set[int] = set()
            node: Department | None = self.departments[department.code]
            while node is not None:
                if node.pk in seen:
                    raise CatalogFileError(where, "parent", _("上级部门形成了循环。"))
                seen.add(node.pk)
                node = by_pk.get(node.parent_id) if node.parent_id else None

    # -------------------------------------------------------- licence types

    def import_licence_types(self, items: list[Any]) -> None:
        existing = {t.code: t for t in LicenceType.objects.select_related("department")}
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = _label("licence_types", i, item)
            new = read_licence_type(item, where, self.departments)
            self._once(seen, new.code, where)
            old = existing.get(new.code)
            if old is None:
                new.save()
                state = "created"
            elif dump_licence_type(old) != dump_licence_type(new):
                for f in _LICENCE_TYPE_FIELDS:
                    setattr(old, f, getattr(new, f))
                old.save()
                state = "updated"
            else:
                state = "unchanged"
            self.report.count("licence_types", state, new.code)

    # -------------------------------------------------------- matters

    def import_matters(self, items: list[Any]) -> None:
        licence_types = {t.code: t for t in LicenceType.objects.all()}
        existing = {(v.matter.code, v.version): v for v in prefetched_versions().order_by("pk")}
        matters = {m.code: m for m in Matter.objects.all()}
        entries: dict[tuple[str, int], str] = {}
        for i, item in enumerate(items):
            where = _label("matters", i, item)
            content = read_version(item, where, self.departments, licence_types)
            key = (content.matter_code, content.version.version)
            self._once(set(entries), key, where)
            entries[key] = where
            check_instance(Matter(code=key[0]), where, "", [])
            is_draft = content.version.status == VersionStatus.DRAFT
            if not is_draft and (problems := check_version_content(content)):
                raise _first_problems(where, problems)
            if key[0] not in matters:
                matters[key[0]] = Matter.objects.create(code=key[0])
            state = self._save_version(where, matters[key[0]], existing.get(key), content)
            self.report.count("matters", state, f"{key[0]}@{key[1]}")
        self._check_overlaps({code for code, _n in entries}, entries)

    def _save_version(
        self, where: str, matter: Matter, old: MatterVersion | None, content: VersionContent
    ) -> str:
        new = content.version
        if old is not None and dump_version(load_version_content(old)) == dump_version(content):
            return "unchanged"
        target = old or MatterVersion(matter=matter, version=new.version)
        for name in _VERSION_FIELDS:
            setattr(target, name, getattr(new, name))
        if target.status == VersionStatus.PUBLISHED and target.published_at is None:
            target.published_at = self.now
        target.search_text = version_search_text(target, self.groups)
        target.save()
        try:
            write_version_rows(target, content, replace=old is not None)
        except ProtectedError:
            raise CatalogFileError(where, "", _("该版本的内容已被办件引用，不能改写。")) from None
        return "created" if old is None else "updated"

    def _check_overlaps(self, codes: set[str], entries: dict[tuple[str, int], str]) -> None:
        published = MatterVersion.objects.published().filter(matter__code__in=codes)
        by_matter: dict[str, list[MatterVersion]] = {}
        for version in published.select_related("matter").order_by("version"):
            by_matter.setdefault(version.matter.code, []).append(version)
        for code, versions in sorted(by_matter.items()):
            for i, a in enumerate(versions):
                for b in versions[i + 1 :]:
                    if a.covers(b.valid_from, b.valid_until):
                        where = entries.get((code, b.version)) or entries.get((code, a.version))
                        raise CatalogFileError(
                            where or code,
                            "valid_from",
                            _("第 %(a)s 版与第 %(b)s 版都已发布且有效期重叠。")
                            % {"a": a.version, "b": b.version},
                        )

    # -------------------------------------------------------- bundles

    def import_bundles(self, items: list[Any]) -> None:
        matters = {m.code: m for m in Matter.objects.all()}
        existing = {b.code: b for b in prefetched_bundles()}
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = _label("bundles", i, item)
            content = read_bundle(item, where, self.departments)
            self._once(seen, content.bundle.code, where)
            self._check_members(where, content, matters)
            state = self._save_bundle(existing.get(content.bundle.code), content, matters)
            self.report.count("bundles", state, content.bundle.code)

    def _check_members(self, where: str, content: BundleContent, matters: dict[str, Any]) -> None:
        for i, code in enumerate(content.matter_codes):
            if code not in matters:
                raise CatalogFileError(
                    where, f"matters[{i}]", _("未知的事项：%(code)s") % {"code": code}
                )
        if len(set(content.matter_codes)) != len(content.matter_codes):
            raise CatalogFileError(where, "matters", _("事项重复。"))
        if content.bundle.status == VersionStatus.DRAFT:
            return
        members = _member_contents(content.matter_codes)
        if problems := check_bundle_content(content, members):
            raise _first_problems(where, problems)

    def _save_bundle(
        self, old: Bundle | None, content: BundleContent, matters: dict[str, Matter]
    ) -> str:
        if old is not None and dump_bundle(load_bundle_content(old)) == dump_bundle(content):
            return "unchanged"
        target = old or Bundle(code=content.bundle.code)
        for name in _BUNDLE_FIELDS:
            setattr(target, name, getattr(content.bundle, name))
        if target.status == VersionStatus.PUBLISHED and target.published_at is None:
            target.published_at = self.now
        target.search_text = bundle_search_text(target, self.groups)
        target.save()
        if old is not None:
            for manager in (target.members, target.verifications, target.conditions,
                            target.stages):  # fmt: skip
                manager.all().delete()
        BundleMatter.objects.bulk_create(
            [
                BundleMatter(bundle=target, matter=matters[code], order=i)
                for i, code in enumerate(content.matter_codes)
            ]
        )
        for rows in (content.verifications, content.conditions):
            for i, row in enumerate(rows):
                copy_row(row, order=i, bundle=target).save()
        write_stages(content.stages, bundle=target)
        return "created" if old is None else "updated"


def _member_contents(codes: list[str]) -> dict[str, VersionContent | None]:
    """Each matter's version in force today, else its latest published version, else None."""
    today = timezone.localdate()
    chosen: dict[str, MatterVersion] = {}
    for version in prefetched_versions().published().filter(matter__code__in=codes):
        code = version.matter.code
        current = chosen.get(code)
        in_force = version.covers(today, today)
        if (
            current is None
            or (in_force and not current.covers(today, today))
            or (in_force == current.covers(today, today) and version.version > current.version)
        ):
            chosen[code] = version
    return {code: load_version_content(chosen[code]) if code in chosen else None for code in codes}
