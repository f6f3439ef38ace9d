"""A matter's or a bundle's guide (办事指南) laid out for the web hall.

Built from the catalog's contents and a few lookups passed in, so that the page's queries are
all made (and counted) by the view.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from onedoor.catalog.choices import ReviewRule
from onedoor.catalog.models import Department, MatterCondition, MatterVersion
from onedoor.catalog.queries import BundleGuide
from onedoor.catalog.services.bundles import MergedField, MergedMaterial
from onedoor.catalog.services.content import VersionContent
from onedoor.hall.services.wording import (
    audience_text,
    channel_texts,
    days_text,
    fee_detail,
    fee_text,
    field_type_text,
    kind_text,
    pick_name,
    promised_text,
    statutory_text,
)
from onedoor.licences.models import LicenceType


@dataclass(frozen=True)
class MaterialLine:
    """One material: what to bring, and what spares the applicant from bringing it."""

    code: str
    name: str
    copies: int
    original_required: bool
    key: bool
    accepts_commitment: bool
    description: str
    licence_name: str  # an e-licence of this type on file stands in for it
    verifiable: bool  # a department system confirms it: nothing to hand in
    matters: tuple[str, ...] = ()  # in a bundle: the matters that ask for it


@dataclass(frozen=True)
class FieldLine:
    label: str
    type_text: str
    required: bool
    choices: tuple[str, ...] = ()
    max_length: int | None = None


@dataclass(frozen=True)
class StageLine:
    name: str
    all_must_approve: bool
    departments: tuple[str, ...]


@dataclass(frozen=True)
class MemberLine:
    """A matter of a bundle, as listed on the bundle's guide."""

    code: str
    name: str
    department: str
    promised: str
    fee: str


@dataclass
class TimeLimits:
    instant: bool
    promised: str
    statutory: str


@dataclass
class MatterGuidePage:
    code: str
    name: str
    name_zh: str
    kind: str
    department: str
    audience: str
    summary: str
    legal_basis: str
    conditions: list[str]
    materials: list[MaterialLine]
    form: list[FieldLine]
    limits: TimeLimits
    fee: str
    fee_detail: str
    channels: list[str]
    result_name: str
    stages: list[StageLine]
    delegated_to_general_window: bool


@dataclass
class BundleGuidePage:
    code: str
    name: str
    name_zh: str
    summary: str
    audience: str
    conditions: list[str]
    members: list[MemberLine]
    materials: list[MaterialLine]
    form: list[FieldLine]
    limits: TimeLimits | None
    stages: list[StageLine]
    channels: list[str] = field(default_factory=list)


def department_name(code: str, departments: Mapping[str, Department]) -> str:
    department = departments.get(code)
    return pick_name(department.name, department.name_en) if department else code


def _licence_name(licence_type: LicenceType | None) -> str:
    return pick_name(licence_type.name, licence_type.name_en) if licence_type else ""


def _field_line(f: Any) -> FieldLine:
    choices = tuple(str(c.get("label") or c.get("value")) for c in f.choices or [])
    return FieldLine(f.label, field_type_text(f.type), f.required, choices, f.max_length)


def _stage_lines(
    stages: Iterable[tuple[str, str, list[str]]], departments: Mapping[str, Department]
) -> list[StageLine]:
    return [
        StageLine(
            name, rule == ReviewRule.ALL, tuple(department_name(c, departments) for c in codes)
        )
        for name, rule, codes in stages
    ]


def _conditions(conditions: Iterable[MatterCondition]) -> list[str]:
    return [c.description for c in conditions if c.description]


def _limits(version: MatterVersion) -> TimeLimits:
    unit = version.limit_unit
    return TimeLimits(
        instant=version.instant,
        promised=promised_text(version.instant, version.promised_days, unit),
        statutory=statutory_text(version.statutory_days, unit, version.extension_days),
    )


def matter_guide_page(
    content: VersionContent, departments: Mapping[str, Department]
) -> MatterGuidePage:
    """The guide of one matter's version in force."""
    v = content.version
    materials = [
        MaterialLine(
            code=m.code,
            name=m.name,
            copies=m.copies,
            original_required=m.original_required,
            key=m.key,
            accepts_commitment=m.accepts_commitment,
            description=m.description,
            licence_name=_licence_name(m.licence_type),
            verifiable=bool(m.verification),
        )
        for m in content.materials
    ]
    return MatterGuidePage(
        code=content.matter_code,
        name=pick_name(v.name, v.name_en),
        name_zh=v.name,
        kind=kind_text(v.kind),
        department=pick_name(v.department.name, v.department.name_en),
        audience=audience_text(v.audience),
        summary=v.summary,
        legal_basis=v.legal_basis,
        conditions=_conditions(content.conditions),
        materials=materials,
        form=[_field_line(f) for f in content.form_fields],
        limits=_limits(v),
        fee=fee_text(v.fee_amount),
        fee_detail=fee_detail(v.fee_amount, v.fee_description),
        channels=channel_texts(v.channels),
        result_name=v.result_name,
        stages=_stage_lines(
            ((s.stage.name, s.stage.rule, s.reviews) for s in content.stages), departments
        ),
        delegated_to_general_window=v.delegated_to_general_window,
    )


def _merged_material(
    m: MergedMaterial, licence_types: Mapping[str, LicenceType], names: Mapping[str, str]
) -> MaterialLine:
    return MaterialLine(
        code=m.code,
        name=m.name,
        copies=m.copies,
        original_required=m.original_required,
        key=m.key,
        accepts_commitment=m.accepts_commitment,
        description=m.description,
        licence_name=_licence_name(licence_types.get(m.licence_type or "")),
        verifiable=m.verifiable,
        matters=tuple(names.get(code, code) for code in m.matters),
    )


def _merged_field(f: MergedField) -> FieldLine:
    return _field_line(f)


def _bundle_limits(guide: BundleGuide) -> TimeLimits | None:
    """The bundle's overall limits: its longest matter's, when its matters count alike."""
    units = {m.version.limit_unit for m in guide.members}
    if len(units) != 1:
        return None
    unit = units.pop()
    return TimeLimits(
        instant=guide.instant,
        promised=promised_text(guide.instant, guide.promised_days, unit),
        statutory=days_text(guide.statutory_days, unit),
    )


def bundle_guide_page(
    guide: BundleGuide,
    departments: Mapping[str, Department],
    licence_types: Mapping[str, LicenceType],
) -> BundleGuidePage:
    """The guide of a bundle: its matters, and their materials and form merged."""
    bundle = guide.bundle
    names = {m.matter_code: pick_name(m.version.name, m.version.name_en) for m in guide.members}
    members = [
        MemberLine(
            code=m.matter_code,
            name=names[m.matter_code],
            department=pick_name(m.version.department.name, m.version.department.name_en),
            promised=promised_text(
                m.version.instant, m.version.promised_days, m.version.limit_unit
            ),
            fee=fee_text(m.version.fee_amount),
        )
        for m in guide.members
    ]
    conditions = _conditions(guide.content.conditions)
    for member in guide.members:
        conditions.extend(c for c in _conditions(member.conditions) if c not in conditions)
    # A bundle is applied for as one case, so only through channels every matter offers.
    channels = [
        c
        for c in (guide.members[0].version.channels if guide.members else [])
        if all(c in m.version.channels for m in guide.members)
    ]
    return BundleGuidePage(
        code=bundle.code,
        name=pick_name(bundle.name, bundle.name_en),
        name_zh=bundle.name,
        summary=bundle.summary,
        audience=audience_text(bundle.audience),
        conditions=conditions,
        members=members,
        materials=[_merged_material(m, licence_types, names) for m in guide.materials],
        form=[_merged_field(f) for f in guide.form],
        limits=_bundle_limits(guide),
        stages=_stage_lines(((s.name, s.rule, s.reviews) for s in guide.stages), departments),
        channels=channel_texts(channels),
    )
