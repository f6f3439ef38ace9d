"""What one application asks for, whether it is for one matter or a one-thing bundle.

A bundle is one case with one checklist, one form and one clock: its matters' verifications,
conditions and materials are merged (each material once, by code), its stages are the bundle's
own or its matters' side by side, and its deadline is its longest matter's.
"""

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from onedoor.catalog.choices import VersionStatus
from onedoor.catalog.models import Bundle, CatalogRevision, Department, MatterVersion
from onedoor.catalog.queries import BundleGuide, get_bundle, prefetched_versions
from onedoor.catalog.services.content import VersionContent, load_version_content
from onedoor.core.errors import NotFound


@dataclass(frozen=True, slots=True)
class VerificationSpec:
    key: str
    fact: str
    subject: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ConditionSpec:
    code: str
    description: str
    expression: str
    message: str
    curable_by: tuple[str, ...]


@dataclass
class MaterialSpec:
    code: str
    name: str
    key: bool
    licence_type: str | None
    verification: str | None
    accepts_commitment: bool
    required_when: str = ""
    satisfied_when: str = ""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    type: str
    required: bool
    choices: tuple[str, ...]
    min: Any
    max: Any
    max_length: int | None


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    rule: str
    reviews: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MemberSpec:
    """One matter of the application, with what its result needs."""

    code: str
    name: str
    version: MatterVersion
    department_code: str
    result_licence_type: str | None
    result_name: str
    promised_days: int
    statutory_days: int
    limit_unit: str


@dataclass
class ApplicationSpec:
    code: str
    name: str
    version: MatterVersion | None
    bundle: Bundle | None
    department: Department
    audience: str
    instant: bool
    delegated: bool
    duplicate_rule: str
    reference_date: str
    members: list[MemberSpec]
    verifications: list[VerificationSpec] = field(default_factory=list)
    conditions: list[ConditionSpec] = field(default_factory=list)
    materials: list[MaterialSpec] = field(default_factory=list)
    form: list[FieldSpec] = field(default_factory=list)
    stages: list[StageSpec] = field(default_factory=list)
    # The departments that review its stages, by code: opening a stage reads none of them.
    reviewers: dict[str, Department] = field(default_factory=dict)

    def material(self, code: str) -> MaterialSpec | None:
        return next((m for m in self.materials if m.code == code), None)


def _member(content: VersionContent) -> MemberSpec:
    v = content.version
    return MemberSpec(
        code=content.matter_code,
        name=v.name,
        version=v,
        department_code=v.department.code,
        result_licence_type=v.result_licence_type.code if v.result_licence_type else None,
        result_name=v.result_name,
        promised_days=v.promised_days,
        statutory_days=v.statutory_days,
        limit_unit=v.limit_unit,
    )


def _reviewers(stages: list[StageSpec]) -> dict[str, Department]:
    codes = sorted({code for stage in stages for code in stage.reviews})
    return Department.objects.in_bulk(codes, field_name="code") if codes else {}


def _verifications(rows: Any) -> list[VerificationSpec]:
    return [VerificationSpec(r.key, r.fact, r.subject, dict(r.params or {})) for r in rows]


def _conditions(rows: Any) -> list[ConditionSpec]:
    return [
        ConditionSpec(r.code, r.description, r.expression, r.message, tuple(r.curable_by or ()))
        for r in rows
    ]


def _materials(content: VersionContent) -> list[MaterialSpec]:
    return [
        MaterialSpec(
            code=m.code,
            name=m.name,
            key=m.key,
            licence_type=m.licence_type.code if m.licence_type_id and m.licence_type else None,
            verification=m.verification or None,
            accepts_commitment=m.accepts_commitment,
            required_when=getattr(m, "required_when", "") or "",
            satisfied_when=getattr(m, "satisfied_when", "") or "",
        )
        for m in content.materials
    ]


def _fields(content: VersionContent) -> list[FieldSpec]:
    return [
        FieldSpec(
            f.name,
            f.label,
            f.type,
            f.required,
            tuple(c["value"] for c in f.choices or ()),
            f.min,
            f.max,
            f.max_length,
        )
        for f in content.form_fields
    ]


# ------------------------------------------------------------------ the process's specs
#
# Building a spec reads the version and its elements (seven queries) and turns them into the
# dataclasses above: a fifth of a submission's time when done every time. Published versions
# do not change, so each process keeps the specs it built, keyed by the version (or bundle)
# row, its last change and the catalog's revision token, which every catalog action renews in
# its transaction. One small query a submission finds the version in force and the token; a
# catalog change misses every key and the next submission builds afresh. Specs are shared by
# threads and requests: nothing may change one after it is built.

MAX_CACHED_SPECS = 256
_specs: dict[tuple[Any, ...], ApplicationSpec] = {}
_specs_lock = threading.Lock()


def _remembered(key: tuple[Any, ...], build: Callable[[], ApplicationSpec]) -> ApplicationSpec:
    spec = _specs.get(key)
    if spec is not None:
        return spec
    spec = build()
    with _specs_lock:
        if len(_specs) >= MAX_CACHED_SPECS:
            _specs.clear()  # old revisions' specs: rebuilt on demand
        _specs[key] = spec
    return spec


def forget_specs() -> None:
    """Drop this process's specs (tests; a catalog change needs nothing: its keys change)."""
    with _specs_lock:
        _specs.clear()


def _revision() -> Subquery:
    return Subquery(CatalogRevision.objects.filter(pk=1).values("token")[:1])


# A version's key: its id, its last change and the catalog revision. Plain SQL, since building
# the ORM's form of these queries cost a submission more CPU than the database spends on them.
_KEY_SQL = """
    SELECT v.id, v.updated_at, (SELECT r.token FROM catalog_catalogrevision r WHERE r.id = 1)
    FROM catalog_matterversion v
"""
# ``MatterVersion.objects.in_force(on).filter(matter__code=code)``, the newest first.
_IN_FORCE_KEY_SQL = (
    _KEY_SQL
    + """
    JOIN catalog_matter m ON m.id = v.matter_id
    WHERE m.code = %s AND v.status = %s AND v.valid_from <= %s
      AND (v.valid_until IS NULL OR v.valid_until >= %s)
    ORDER BY v.version DESC
    LIMIT 1
"""
)
_VERSION_KEY_SQL = _KEY_SQL + " WHERE v.id = %s"


def _version_key(sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else ("version", *row)


def matter_spec(code: str, on: dt.date | None = None) -> ApplicationSpec:
    """The application for the matter ``code`` in force; 404 when there is none."""
    day = connection.ops.adapt_datefield_value(on or timezone.localdate())
    key = _version_key(_IN_FORCE_KEY_SQL, [code, VersionStatus.PUBLISHED.value, day, day])
    if key is None:
        raise NotFound(_("没有这个事项，或它不在办理期内。"), matter=code)
    return _remembered(key, lambda: _version_spec(_content(key[1])))


def _content(version_id: int) -> VersionContent:
    return load_version_content(prefetched_versions().get(pk=version_id))


def spec_for_case(case: Any) -> ApplicationSpec:
    """The application as the case was made: its own matter version, or its bundle."""
    if case.matter_version_id is None:
        return bundle_spec(case.code)
    key = _version_key(_VERSION_KEY_SQL, [case.matter_version_id])
    if key is None:
        raise NotFound(_("没有这个事项，或它不在办理期内。"), matter=case.code)
    return _remembered(key, lambda: _version_spec(_content(key[1])))


def _version_spec(content: VersionContent) -> ApplicationSpec:
    v = content.version
    stages = [StageSpec(s.stage.name, s.stage.rule, tuple(s.reviews)) for s in content.stages]
    return ApplicationSpec(
        code=content.matter_code,
        name=v.name,
        version=v,
        bundle=None,
        department=v.department,
        audience=v.audience,
        instant=v.instant,
        delegated=v.delegated_to_general_window,
        duplicate_rule=v.duplicate_rule,
        reference_date=v.reference_date,
        members=[_member(content)],
        verifications=_verifications(content.verifications),
        conditions=_conditions(content.conditions),
        materials=_materials(content),
        form=_fields(content),
        stages=stages,
        reviewers=_reviewers(stages),
    )


def bundle_spec(code: str, on: dt.date | None = None) -> ApplicationSpec:
    """The application for the bundle ``code``: its matters merged; 404 when there is none."""
    day = on or timezone.localdate()
    published = Bundle.objects.filter(code=code, status=VersionStatus.PUBLISHED)
    found = list(
        published.annotate(revision=_revision()).values_list("pk", "updated_at", "revision")[:1]
    )
    if not found:
        raise NotFound(_("没有这个一件事。"), bundle=code)
    # Which versions of its matters are in force depends on the day.
    return _remembered(("bundle", *found[0], day), lambda: _bundle_spec(code, day))


def _bundle_spec(code: str, on: dt.date) -> ApplicationSpec:
    guide: BundleGuide = get_bundle(code, on)
    bundle = guide.bundle
    members = guide.members
    stages = [StageSpec(s.name, s.rule, tuple(s.reviews)) for s in guide.stages]
    spec = ApplicationSpec(
        code=bundle.code,
        name=bundle.name,
        version=None,
        bundle=bundle,
        department=members[0].version.department,
        audience=bundle.audience,
        instant=guide.instant,
        delegated=all(m.version.delegated_to_general_window for m in members),
        duplicate_rule=bundle.duplicate_rule,
        reference_date=next(
            (m.version.reference_date for m in members if m.version.reference_date), ""
        ),
        members=[_member(m) for m in members],
        verifications=_verifications(guide.content.verifications),
        conditions=_conditions(guide.content.conditions),
        stages=stages,
        reviewers=_reviewers(stages),
    )
    _merge_members(spec, members)
    return spec


def _merge_members(spec: ApplicationSpec, members: list[VersionContent]) -> None:
    keys = {v.key: v for v in spec.verifications}
    for content in members:
        for v in _verifications(content.verifications):
            if v.key not in keys:
                keys[v.key] = v
                spec.verifications.append(v)
        codes = {c.code for c in spec.conditions}
        spec.conditions.extend(c for c in _conditions(content.conditions) if c.code not in codes)
        for material in _materials(content):
            seen = spec.material(material.code)
            if seen is None:
                spec.materials.append(material)
                continue
            seen.key = seen.key or material.key
            seen.licence_type = seen.licence_type or material.licence_type
            seen.verification = seen.verification or material.verification
            seen.accepts_commitment = seen.accepts_commitment and material.accepts_commitment
        names = {f.name for f in spec.form}
        for f in _fields(content):
            if f.name not in names:
                names.add(f.name)
                spec.form.append(f)
            elif f.required:
                spec.form = [
                    FieldSpec(**{**_asdict(old), "required": True}) if old.name == f.name else old
                    for old in spec.form
                ]


def _asdict(f: FieldSpec) -> dict[str, Any]:
    return {name: getattr(f, name) for name in FieldSpec.__slots__}
