"""One-thing bundles (一件事一次办): several matters as one application."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from onedoor.api.routers.matters import (
    ChoiceOut,
    ConditionOut,
    ErrorOut,
    MatterItemOut,
    StageOut,
    condition_answer,
    stage_answer,
    wants_english,
)
from onedoor.catalog.queries import BundleGuide, get_bundle, kind_label
from onedoor.catalog.services.bundles import MergedField, MergedMaterial
from onedoor.catalog.services.content import VersionContent

router = Router(tags=["bundles"])


class BundleMaterialOut(Schema):
    code: str
    name: str
    key: bool = Field(description="key in any of the bundle's matters")
    licence_type: str | None
    verifiable: bool
    copies: int
    original_required: bool
    accepts_commitment: bool
    description: str
    matters: list[str] = Field(description="the matters that ask for it")


class BundleFormFieldOut(Schema):
    name: str
    label: str
    type: str
    required: bool = Field(description="required in any of the bundle's matters")
    choices: list[ChoiceOut] | None = None
    min: int | float | str | None = None
    max: int | float | str | None = None
    max_length: int | None = None
    matters: list[str]


class BundleOut(Schema):
    code: str
    name: str
    name_en: str
    summary: str
    audience: str
    keywords: list[str]
    matters: list[MatterItemOut]
    conditions: list[ConditionOut]
    materials: list[BundleMaterialOut] = Field(description="merged by code, each once")
    form: list[BundleFormFieldOut] = Field(description="merged by name, each once")
    stages: list[StageOut] = Field(description="the bundle's own, else its matters' merged")
    statutory_days: int
    promised_days: int = Field(description="the longest of its matters'")
    instant: bool
    duplicate_rule: str


def _member(content: VersionContent, english: bool) -> dict[str, Any]:
    v = content.version
    return {
        "code": content.matter_code,
        "name": v.name_en if english and v.name_en else v.name,
        "department": v.department.code,
        "kind": kind_label(v.kind),
        "instant": v.instant,
        "promised_days": v.promised_days,
        "statutory_days": v.statutory_days,
    }


def _material(m: MergedMaterial) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "key": m.key,
        "licence_type": m.licence_type,
        "verifiable": m.verifiable,
        "copies": m.copies,
        "original_required": m.original_required,
        "accepts_commitment": m.accepts_commitment,
        "description": m.description,
        "matters": m.matters,
    }


def _field(f: MergedField) -> dict[str, Any]:
    return {
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "required": f.required,
        "choices": f.choices or None,
        "min": f.min,
        "max": f.max,
        "max_length": f.max_length,
        "matters": f.matters,
    }


def bundle_answer(guide: BundleGuide, english: bool = False) -> dict[str, Any]:
    bundle = guide.bundle
    return {
        "code": bundle.code,
        "name": bundle.name_en if english and bundle.name_en else bundle.name,
        "name_en": bundle.name_en,
        "summary": bundle.summary,
        "audience": bundle.audience,
        "keywords": list(bundle.keywords),
        "matters": [_member(m, english) for m in guide.members],
        "conditions": [condition_answer(c) for c in guide.content.conditions],
        "materials": [_material(m) for m in guide.materials],
        "form": [_field(f) for f in guide.form],
        "stages": [stage_answer(s.name, s.rule, s.reviews) for s in guide.stages],
        "statutory_days": guide.statutory_days,
        "promised_days": guide.promised_days,
        "instant": guide.instant,
        "duplicate_rule": bundle.duplicate_rule,
    }


@router.get(
    "{code}",
    response={200: BundleOut, 404: ErrorOut},
    auth=None,
    summary="One bundle with its matters, merged materials, form and stages",
)
def bundle_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    """A published bundle as one application: each material and form field asked once."""
    return bundle_answer(get_bundle(code), wants_english())
