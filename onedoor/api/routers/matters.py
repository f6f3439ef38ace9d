"""Matters: the public catalog search and each matter's guide (办事指南)."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema

from onedoor.catalog.queries import get_guide, kind_label, search_matters
from onedoor.catalog.services.content import VersionContent
from onedoor.catalog.services.search import SearchEntry

router = Router(tags=["matters"])


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any]


class MatterFilters(Schema):
    q: str = Field("", max_length=100, description="words as a citizen types them, in Chinese")
    department: str | None = Field(None, description="implementing department code")
    instant: bool | None = Field(None, description="true: only instant matters (即办件)")
    audience: Literal["person", "organisation", "both"] | None = Field(
        None, description="person or organisation: matters open to them"
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


class MatterItemOut(Schema):
    code: str
    name: str
    department: str = Field(description="implementing department code")
    kind: str = Field(description="the Chinese label of the matter kind (行政许可 …)")
    instant: bool
    promised_days: int
    statutory_days: int


class MatterListOut(Schema):
    count: int = Field(description="all matches, over every page")
    items: list[MatterItemOut]


class DepartmentOut(Schema):
    code: str
    name: str


class ConditionOut(Schema):
    code: str
    description: str
    message: str = Field(description="what the applicant is told when it is not met")
    curable_by: list[str] = Field(description="materials that cure it when it is not met")


class MaterialOut(Schema):
    code: str
    name: str
    key: bool = Field(description="a key material cannot be missing at acceptance")
    licence_type: str | None = Field(description="an e-licence of this type on file satisfies it")
    verifiable: bool = Field(description="a department system can confirm it: nothing to bring")
    copies: int
    original_required: bool
    accepts_commitment: bool = Field(description="a written commitment may replace the proof")
    description: str


class ChoiceOut(Schema):
    value: str
    label: str


class FormFieldOut(Schema):
    name: str
    label: str
    type: str = Field(description="text, date, integer, decimal, boolean or choice")
    required: bool
    choices: list[ChoiceOut] | None = Field(None, description="choice fields only")
    min: int | float | str | None = Field(None, description="numbers; dates as YYYY-MM-DD")
    max: int | float | str | None = Field(None, description="numbers; dates as YYYY-MM-DD")
    max_length: int | None = Field(None, description="text fields only")


class ReviewOut(Schema):
    department: str = Field(description="reviewing department code")


class StageOut(Schema):
    name: str
    reviews: list[ReviewOut]
    rule: str = Field(description="all (countersign) or any")


class FeeOut(Schema):
    amount: str = Field(description="yuan, two decimals")
    description: str


class ResultOut(Schema):
    name: str
    licence_type: str | None


class GuideOut(Schema):
    code: str
    version: int
    name: str
    name_en: str
    kind: str = Field(description="the Chinese label of the matter kind")
    kind_code: str
    department: DepartmentOut
    audience: str = Field(description="person, organisation or both")
    summary: str
    legal_basis: str
    keywords: list[str]
    conditions: list[ConditionOut]
    materials: list[MaterialOut]
    form: list[FormFieldOut]
    statutory_days: int
    promised_days: int
    limit_unit: str = Field(description="working_days or calendar_days")
    extension_days: int
    fee: FeeOut
    instant: bool
    delegated_to_general_window: bool
    channels: list[str]
    duplicate_rule: str = Field(description="none, open or year")
    reference_date: str | None
    result: ResultOut | None
    stages: list[StageOut]
    valid_from: dt.date
    valid_until: dt.date | None


def wants_english() -> bool:
    return (translation.get_language() or "").startswith("en")


def matter_item(entry: SearchEntry, english: bool = False) -> dict[str, Any]:
    return {
        "code": entry.code,
        "name": entry.name_en if english and entry.name_en else entry.name,
        "department": entry.department_code,
        "kind": entry.kind_label,
        "instant": entry.instant,
        "promised_days": entry.promised_days,
        "statutory_days": entry.statutory_days,
    }


def material_answer(m: Any) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "key": m.key,
        "licence_type": m.licence_type.code if m.licence_type else None,
        "verifiable": bool(m.verification),
        "copies": m.copies,
        "original_required": m.original_required,
        "accepts_commitment": m.accepts_commitment,
        "description": m.description,
    }


def form_field_answer(f: Any) -> dict[str, Any]:
    return {
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "required": f.required,
        "choices": list(f.choices) if f.choices else None,
        "min": f.min,
        "max": f.max,
        "max_length": f.max_length,
    }


def stage_answer(name: str, rule: str, reviews: list[str]) -> dict[str, Any]:
    return {"name": name, "rule": rule, "reviews": [{"department": code} for code in reviews]}


def condition_answer(c: Any) -> dict[str, Any]:
    return {
        "code": c.code,
        "description": c.description,
        "message": c.message,
        "curable_by": list(c.curable_by),
    }


def guide_answer(content: VersionContent, english: bool = False) -> dict[str, Any]:
    v = content.version
    result = None
    if v.result_name or v.result_licence_type:
        licence_type = v.result_licence_type.code if v.result_licence_type else None
        result = {"name": v.result_name, "licence_type": licence_type}
    department = v.department
    return {
        "code": content.matter_code,
        "version": v.version,
        "name": v.name_en if english and v.name_en else v.name,
        "name_en": v.name_en,
        "kind": kind_label(v.kind),
        "kind_code": v.kind,
        "department": {
            "code": department.code,
            "name": department.name_en if english and department.name_en else department.name,
        },
        "audience": v.audience,
        "summary": v.summary,
        "legal_basis": v.legal_basis,
        "keywords": list(v.keywords),
        "conditions": [condition_answer(c) for c in content.conditions],
        "materials": [material_answer(m) for m in content.materials],
        "form": [form_field_answer(f) for f in content.form_fields],
        "statutory_days": v.statutory_days,
        "promised_days": v.promised_days,
        "limit_unit": v.limit_unit,
        "extension_days": v.extension_days,
        "fee": {"amount": f"{v.fee_amount:.2f}", "description": v.fee_description},
        "instant": v.instant,
        "delegated_to_general_window": v.delegated_to_general_window,
        "channels": list(v.channels),
        "duplicate_rule": v.duplicate_rule,
        "reference_date": v.reference_date or None,
        "result": result,
        "stages": [stage_answer(s.stage.name, s.stage.rule, s.reviews) for s in content.stages],
        "valid_from": v.valid_from,
        "valid_until": v.valid_until,
    }


@router.get(
    "",
    response={200: MatterListOut, 422: ErrorOut},
    auth=None,
    summary="Search the matters in force",
)
def list_matters(request: HttpRequest, filters: Query[MatterFilters]) -> dict[str, Any]:
    """Matters in force today; ``q`` matches Chinese names, keywords and synonyms, best first."""
    found = search_matters(
        filters.q,
        department=filters.department,
        instant=filters.instant,
        audience=filters.audience,
    )
    page = found[filters.offset : filters.offset + filters.limit]
    english = wants_english()
    return {"count": len(found), "items": [matter_item(e, english) for e in page]}


@router.get(
    "{code}",
    response={200: GuideOut, 404: ErrorOut},
    auth=None,
    summary="The guide of one matter",
)
def matter_guide(request: HttpRequest, code: str) -> dict[str, Any]:
    """Everything an applicant needs to know about the matter's version in force today."""
    return guide_answer(get_guide(code), wants_english())
