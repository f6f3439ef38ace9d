"""Merging a bundle's matters into one checklist, one form and one review process.

Materials merge by code and form fields by name, so each is asked once: the strictest demand
wins (key in any matter makes it key; required anywhere makes it required). Review stages merge
by position unless the bundle gives its own.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from onedoor.catalog.choices import ReviewRule
from onedoor.catalog.services.content import (
    BundleContent,
    Problem,
    StageContent,
    VersionContent,
    check_conditions,
    check_stages,
)


@dataclass
class MergedMaterial:
    code: str
    name: str
    key: bool
    licence_type: str | None
    verifiable: bool
    copies: int
    original_required: bool
    accepts_commitment: bool
    description: str
    matters: list[str] = field(default_factory=list)


@dataclass
class MergedField:
    name: str
    label: str
    type: str
    required: bool
    choices: list[dict[str, str]]
    min: Any
    max: Any
    max_length: int | None
    matters: list[str] = field(default_factory=list)


@dataclass
class MergedStage:
    name: str
    rule: str
    reviews: list[str]


def merge_materials(members: list[VersionContent]) -> list[MergedMaterial]:
    """Each material once, by code, in the order the matters first ask for it."""
    merged: dict[str, MergedMaterial] = {}
    for member in members:
        for m in member.materials:
            licence_type = m.licence_type.code if m.licence_type_id and m.licence_type else None
            seen = merged.get(m.code)
            if seen is None:
                merged[m.code] = MergedMaterial(
                    code=m.code,
                    name=m.name,
                    key=m.key,
                    licence_type=licence_type,
                    verifiable=bool(m.verification),
                    copies=m.copies,
                    original_required=m.original_required,
                    accepts_commitment=m.accepts_commitment,
                    description=m.description,
                    matters=[member.matter_code],
                )
                continue
            seen.key = seen.key or m.key
            seen.licence_type = seen.licence_type or licence_type
            seen.verifiable = seen.verifiable or bool(m.verification)
            seen.copies = max(seen.copies, m.copies)
            seen.original_required = seen.original_required or m.original_required
            seen.accepts_commitment = seen.accepts_commitment and m.accepts_commitment
            seen.matters.append(member.matter_code)
    return list(merged.values())


def _narrower(a: Any, b: Any, pick: Any) -> Any:
    return b if a is None else a if b is None else pick(a, b)


def merge_form(members: list[VersionContent]) -> tuple[list[MergedField], list[Problem]]:
    """Each field once, by name; fields of one name must agree on type and choices."""
    merged: dict[str, MergedField] = {}
    problems: list[Problem] = []
    for member in members:
        for f in member.form_fields:
            seen = merged.get(f.name)
            if seen is None:
                merged[f.name] = MergedField(
                    f.name, f.label, f.type, f.required, list(f.choices or []),
                    f.min, f.max, f.max_length, [member.matter_code],
                )  # fmt: skip
                continue
            if seen.type != f.type or seen.choices != list(f.choices or []):
                problems.append(
                    Problem(
                        f"form.{f.name}",
                        _("字段 %(name)s 在 %(a)s 和 %(b)s 中的类型或选项不一致。")
                        % {"name": f.name, "a": seen.matters[0], "b": member.matter_code},
                    )
                )
                continue
            seen.required = seen.required or f.required
            seen.min = _narrower(seen.min, f.min, max)
            seen.max = _narrower(seen.max, f.max, min)
            seen.max_length = _narrower(seen.max_length, f.max_length, min)
            seen.matters.append(member.matter_code)
    return list(merged.values()), problems


def _own_stages(stages: list[StageContent]) -> list[MergedStage]:
    return [MergedStage(s.stage.name, s.stage.rule, list(s.reviews)) for s in stages]


def merge_stages(bundle: BundleContent, members: list[VersionContent]) -> list[MergedStage]:
    """The bundle's own stages when it has some; else the matters' stages side by side."""
    if bundle.stages:
        return _own_stages(bundle.stages)
    depth = max((len(m.stages) for m in members), default=0)
    merged: list[MergedStage] = []
    for position in range(depth):
        parts = [m.stages[position] for m in members if len(m.stages) > position]
        names = list(dict.fromkeys(p.stage.name for p in parts))
        reviews = list(dict.fromkeys(code for p in parts for code in p.reviews))
        # Reviews of different matters each decide their own matter, so all must pass.
        rule = parts[0].stage.rule if len(parts) == 1 else ReviewRule.ALL
        merged.append(MergedStage("／".join(names), str(rule), reviews))
    return merged


def check_bundle_content(
    bundle: BundleContent, members: dict[str, VersionContent | None]
) -> list[Problem]:
    """Problems of a bundle given its matters' versions in force (None: none in force)."""
    problems: list[Problem] = []
    if not bundle.matter_codes:
        problems.append(Problem("matters", _("一件事至少要包含一个事项。")))
    for code in bundle.matter_codes:
        if members.get(code) is None:
            problems.append(
                Problem("matters", _("事项 %(code)s 没有可用的发布版本。") % {"code": code})
            )
    present = [m for m in members.values() if m is not None]
    _fields, form_problems = merge_form(present)
    problems.extend(form_problems)
    material_codes = {m.code for member in present for m in member.materials}
    keys = {v.key for v in bundle.verifications}
    check_conditions(bundle.conditions, keys, material_codes, None, problems)
    check_stages(bundle.stages, problems)
    return problems
