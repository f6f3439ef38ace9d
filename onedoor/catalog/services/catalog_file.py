"""The catalog file (docs/catalog-format.md): content to JSON and back, entry by entry.

Reading is strict: an unknown key, a wrong type or a value the models refuse stops the import
with the entry and the path named, so that a typo never becomes a silently missing element.
Writing gives keys in the documented order and values in one canonical form, so that a file
round-trips unchanged.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from onedoor.catalog.models import (
    Bundle,
    Department,
    MatterCondition,
    MatterFormField,
    MatterMaterial,
    MatterStage,
    MatterVerification,
    MatterVersion,
)
from onedoor.catalog.services.content import BundleContent, StageContent, VersionContent
from onedoor.licences.models import LicenceType

FORMAT = "onedoor-catalog"
FORMAT_VERSION = 1
_CENT = Decimal("0.01")


class CatalogFileError(ValueError):
    """An entry of a catalog file that cannot be read; ``entry`` and ``path`` say where."""

    def __init__(self, entry: str, path: str, message: str) -> None:
        self.entry = entry
        self.path = path
        self.message = message
        super().__init__(f"{entry}: {path}: {message}" if path else f"{entry}: {message}")


# ---------------------------------------------------------------- writing


def dump_department(department: Department) -> dict[str, Any]:
    return {
        "code": department.code,
        "name": department.name,
        "name_en": department.name_en,
        "level": department.level,
        "parent": department.parent.code if department.parent else None,
    }


def dump_licence_type(licence_type: LicenceType) -> dict[str, Any]:
    return {
        "code": licence_type.code,
        "name": licence_type.name,
        "name_en": licence_type.name_en,
        "department": licence_type.department.code,
        "holder_kind": licence_type.holder_kind,
        "trust_level": licence_type.trust_level,
        "validity_days": licence_type.validity_days,
        "fields": licence_type.fields,
    }


def _dump_verification(v: MatterVerification) -> dict[str, Any]:
    return {"key": v.key, "fact": v.fact, "subject": v.subject, "params": v.params}


def _dump_condition(c: MatterCondition) -> dict[str, Any]:
    return {
        "code": c.code,
        "description": c.description,
        "expression": c.expression,
        "message": c.message,
        "curable_by": list(c.curable_by),
    }


def _dump_material(m: MatterMaterial) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "key": m.key,
        "copies": m.copies,
        "original_required": m.original_required,
        "licence_type": m.licence_type.code if m.licence_type else None,
        "verification": m.verification or None,
        "accepts_commitment": m.accepts_commitment,
        "description": m.description,
        # Written only when set, so that catalogs without them read as they always did.
        **({"required_when": m.required_when} if m.required_when else {}),
        **({"satisfied_when": m.satisfied_when} if m.satisfied_when else {}),
    }


def _dump_field(f: MatterFormField) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": f.name,
        "label": f.label,
        "type": f.type,
        "required": f.required,
    }
    if f.choices:
        data["choices"] = f.choices
    for attribute in ("min", "max", "max_length"):
        if getattr(f, attribute) is not None:
            data[attribute] = getattr(f, attribute)
    return data


def _dump_stage(s: StageContent) -> dict[str, Any]:
    return {"name": s.stage.name, "rule": s.stage.rule, "reviews": list(s.reviews)}


def dump_version(content: VersionContent) -> dict[str, Any]:
    v = content.version
    result = None
    if v.result_name or v.result_licence_type:
        result = {
            "name": v.result_name,
            "licence_type": v.result_licence_type.code if v.result_licence_type else None,
        }
    return {
        "code": content.matter_code,
        "version": v.version,
        "status": v.status,
        "valid_from": v.valid_from.isoformat(),
        "valid_until": v.valid_until.isoformat() if v.valid_until else None,
        "name": v.name,
        "name_en": v.name_en,
        "kind": v.kind,
        "department": v.department.code,
        "audience": v.audience,
        "summary": v.summary,
        "legal_basis": v.legal_basis,
        "keywords": list(v.keywords),
        "statutory_days": v.statutory_days,
        "promised_days": v.promised_days,
        "limit_unit": v.limit_unit,
        "extension_days": v.extension_days,
        "fee": {
            "amount": str(Decimal(v.fee_amount).quantize(_CENT)),
            "description": v.fee_description,
        },
        "instant": v.instant,
        "delegated_to_general_window": v.delegated_to_general_window,
        "channels": list(v.channels),
        "duplicate_rule": v.duplicate_rule,
        "reference_date": v.reference_date or None,
        "result": result,
        "verifications": [_dump_verification(x) for x in content.verifications],
        "conditions": [_dump_condition(x) for x in content.conditions],
        "materials": [_dump_material(x) for x in content.materials],
        "form": [_dump_field(x) for x in content.form_fields],
        "stages": [_dump_stage(x) for x in content.stages],
    }


def dump_bundle(content: BundleContent) -> dict[str, Any]:
    b = content.bundle
    return {
        "code": b.code,
        "name": b.name,
        "name_en": b.name_en,
        "status": b.status,
        "summary": b.summary,
        "keywords": list(b.keywords),
        "audience": b.audience,
        "matters": list(content.matter_codes),
        "verifications": [_dump_verification(x) for x in content.verifications],
        "conditions": [_dump_condition(x) for x in content.conditions],
        "stages": [_dump_stage(x) for x in content.stages],
        "duplicate_rule": b.duplicate_rule,
    }


# ---------------------------------------------------------------- reading

_REQUIRED = object()


class Entry:
    """One object of the file: its keys checked against what the format allows."""

    def __init__(self, data: Any, where: str, spec: Mapping[str, Any], prefix: str = "") -> None:
        self.where, self.prefix = where, prefix
        if not isinstance(data, dict):
            raise CatalogFileError(where, prefix.rstrip("."), _("应为对象。"))
        unknown = sorted(set(data) - set(spec))
        if unknown:
            raise CatalogFileError(
                where, prefix.rstrip("."), _("未知的键：%(keys)s") % {"keys": ", ".join(unknown)}
            )
        missing = [k for k, default in spec.items() if default is _REQUIRED and k not in data]
        if missing:
            raise CatalogFileError(
                where, prefix.rstrip("."), _("缺少键：%(keys)s") % {"keys": ", ".join(missing)}
            )
        self.data = {k: data.get(k, default) for k, default in spec.items()}

    def fail(self, key: str, message: str) -> CatalogFileError:
        return CatalogFileError(self.where, self.prefix + key, message)

    def get(self, key: str, *types: type) -> Any:
        value = self.data[key]
        if value is None and type(None) in types:
            return None
        if isinstance(value, bool) and bool not in types:
            raise self.fail(key, _("类型不对。"))
        if not isinstance(value, types):
            raise self.fail(key, _("类型不对。"))
        return value

    def text(self, key: str) -> str:
        return str(self.get(key, str, type(None)) or "")

    def number(self, key: str) -> int:
        return int(self.get(key, int))

    def flag(self, key: str) -> bool:
        return bool(self.get(key, bool))

    def strings(self, key: str) -> list[str]:
        value = self.get(key, list)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, _("应为文字的列表。"))
        return list(value)

    def date(self, key: str) -> dt.date:
        try:
            return dt.date.fromisoformat(self.get(key, str))
        except ValueError:
            raise self.fail(key, _("日期应写作 YYYY-MM-DD。")) from None

    def optional_date(self, key: str) -> dt.date | None:
        return None if self.data[key] is None else self.date(key)

    def entries(self, key: str, spec: Mapping[str, Any]) -> list["Entry"]:
        items = self.get(key, list)
        return [
            Entry(item, self.where, spec, f"{self.prefix}{key}[{i}].")
            for i, item in enumerate(items)
        ]

    def code_of(self, key: str, known: Mapping[str, models.Model], what: str) -> Any:
        code = self.get(key, str, type(None))
        if code is None:
            return None
        if code not in known:
            raise self.fail(key, _("未知的%(what)s：%(code)s") % {"what": what, "code": code})
        return known[code]


def check_instance(instance: models.Model, where: str, prefix: str, exclude: list[str]) -> None:
    """Run the model's own validation; the first error names its field."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        errors = exc.message_dict
        field = sorted(errors)[0]
        path = prefix + ("" if field == "__all__" else field)
        raise CatalogFileError(where, path.rstrip("."), " ".join(errors[field])) from None


_DEPARTMENT = {"code": _REQUIRED, "name": _REQUIRED, "name_en": "", "level": "district",
               "parent": None}  # fmt: skip
_LICENCE_TYPE = {"code": _REQUIRED, "name": _REQUIRED, "name_en": "", "department": _REQUIRED,
                 "holder_kind": "person", "trust_level": "A", "validity_days": None,
                 "fields": []}  # fmt: skip
_VERIFICATION = {"key": _REQUIRED, "fact": _REQUIRED, "subject": "applicant", "params": {}}
_CONDITION = {"code": _REQUIRED, "description": _REQUIRED, "expression": _REQUIRED,
              "message": "", "curable_by": []}  # fmt: skip
_MATERIAL = {"code": _REQUIRED, "name": _REQUIRED, "key": False, "copies": 1,
             "original_required": False, "licence_type": None, "verification": None,
             "accepts_commitment": False, "description": "", "required_when": "",
             "satisfied_when": ""}  # fmt: skip
_FIELD = {"name": _REQUIRED, "label": _REQUIRED, "type": _REQUIRED, "required": False,
          "choices": [], "min": None, "max": None, "max_length": None}  # fmt: skip
_STAGE = {"name": _REQUIRED, "rule": "all", "reviews": _REQUIRED}
_FEE = {"amount": "0.00", "description": ""}
_RESULT = {"name": "", "licence_type": None}
_VERSION = {
    "code": _REQUIRED, "version": _REQUIRED, "status": _REQUIRED, "valid_from": _REQUIRED,
    "valid_until": None, "name": _REQUIRED, "name_en": "", "kind": _REQUIRED,
    "department": _REQUIRED, "audience": "person", "summary": "", "legal_basis": "",
    "keywords": [], "statutory_days": _REQUIRED, "promised_days": _REQUIRED,
    "limit_unit": "working_days", "extension_days": 0, "fee": None, "instant": False,
    "delegated_to_general_window": False, "channels": [], "duplicate_rule": "none",
    "reference_date": None, "result": None, "verifications": [], "conditions": [],
    "materials": [], "form": [], "stages": [],
}  # fmt: skip
_BUNDLE = {
    "code": _REQUIRED, "name": _REQUIRED, "name_en": "", "status": _REQUIRED, "summary": "",
    "keywords": [], "audience": "person", "matters": _REQUIRED, "verifications": [],
    "conditions": [], "stages": [], "duplicate_rule": "none",
}  # fmt: skip


def read_department(data: Any, where: str) -> tuple[Department, str | None]:
    """An unsaved department and its parent's code."""
    e = Entry(data, where, _DEPARTMENT)
    department = Department(
        code=e.get("code", str), name=e.text("name"), name_en=e.text("name_en"),
        level=e.get("level", str),
    )  # fmt: skip
    check_instance(department, where, "", ["parent"])
    return department, e.get("parent", str, type(None))


def read_licence_type(data: Any, where: str, departments: Mapping[str, Department]) -> LicenceType:
    e = Entry(data, where, _LICENCE_TYPE)
    licence_type = LicenceType(
        code=e.get("code", str),
        name=e.text("name"),
        name_en=e.text("name_en"),
        department=e.code_of("department", departments, _("部门")),
        holder_kind=e.get("holder_kind", str),
        trust_level=e.get("trust_level", str),
        validity_days=e.get("validity_days", int, type(None)),
        fields=e.get("fields", list),
    )
    # Fields the licences app adds beyond the file format keep their defaults and are not ours
    # to judge here.
    others = [f.name for f in LicenceType._meta.fields if f.name not in _LICENCE_TYPE]
    check_instance(licence_type, where, "", others)
    return licence_type


def _read_verification(e: Entry) -> MatterVerification:
    row = MatterVerification(
        key=e.get("key", str), fact=e.get("fact", str), subject=e.get("subject", str),
        params=e.get("params", dict),
    )  # fmt: skip
    check_instance(row, e.where, e.prefix, ["version", "bundle"])
    return row


def _read_condition(e: Entry) -> MatterCondition:
    row = MatterCondition(
        code=e.get("code", str), description=e.text("description"),
        expression=e.get("expression", str), message=e.text("message"),
        curable_by=e.strings("curable_by"),
    )  # fmt: skip
    check_instance(row, e.where, e.prefix, ["version", "bundle"])
    return row


def _read_material(e: Entry, licence_types: Mapping[str, LicenceType]) -> MatterMaterial:
    row = MatterMaterial(
        code=e.get("code", str),
        name=e.text("name"),
        key=e.flag("key"),
        copies=e.number("copies"),
        original_required=e.flag("original_required"),
        licence_type=e.code_of("licence_type", licence_types, _("证照类型")),
        verification=e.text("verification"),
        accepts_commitment=e.flag("accepts_commitment"),
        description=e.text("description"),
        required_when=e.text("required_when"),
        satisfied_when=e.text("satisfied_when"),
    )
    check_instance(row, e.where, e.prefix, ["version"])
    return row


def _read_field(e: Entry) -> MatterFormField:
    row = MatterFormField(
        name=e.get("name", str), label=e.text("label"), type=e.get("type", str),
        required=e.flag("required"), choices=e.get("choices", list),
        min=e.get("min", int, float, str, type(None)),
        max=e.get("max", int, float, str, type(None)),
        max_length=e.get("max_length", int, type(None)),
    )  # fmt: skip
    check_instance(row, e.where, e.prefix, ["version"])
    return row


def _read_stages(e: Entry, departments: Mapping[str, Department]) -> list[StageContent]:
    stages = []
    for s in e.entries("stages", _STAGE):
        reviews = s.strings("reviews")
        for i, code in enumerate(reviews):
            if code not in departments:
                raise CatalogFileError(
                    s.where, f"{s.prefix}reviews[{i}]", _("未知的部门：%(code)s") % {"code": code}
                )
        stage = MatterStage(name=s.text("name"), rule=s.get("rule", str))
        check_instance(stage, s.where, s.prefix, ["version", "bundle"])
        stages.append(StageContent(stage, reviews))
    return stages


def _read_fee(e: Entry) -> tuple[Decimal, str]:
    fee = Entry(e.data["fee"] or {}, e.where, _FEE, "fee.")
    amount = fee.get("amount", str, int, float)
    try:
        return Decimal(str(amount)).quantize(_CENT), fee.text("description")
    except InvalidOperation:
        raise fee.fail("amount", _('金额应为数字，如 "12.50"。')) from None


def read_version(
    data: Any,
    where: str,
    departments: Mapping[str, Department],
    licence_types: Mapping[str, LicenceType],
) -> VersionContent:
    """An unsaved version with its rows; raises ``CatalogFileError`` naming the first problem."""
    e = Entry(data, where, _VERSION)
    amount, fee_description = _read_fee(e)
    result = Entry(e.data["result"] or {}, where, _RESULT, "result.")
    version = MatterVersion(
        version=e.number("version"), status=e.get("status", str),
        valid_from=e.date("valid_from"), valid_until=e.optional_date("valid_until"),
        name=e.text("name"), name_en=e.text("name_en"), kind=e.get("kind", str),
        department=e.code_of("department", departments, _("部门")),
        audience=e.get("audience", str), summary=e.text("summary"),
        legal_basis=e.text("legal_basis"), keywords=e.strings("keywords"),
        statutory_days=e.number("statutory_days"), promised_days=e.number("promised_days"),
        limit_unit=e.get("limit_unit", str), extension_days=e.number("extension_days"),
        fee_amount=amount, fee_description=fee_description, instant=e.flag("instant"),
        delegated_to_general_window=e.flag("delegated_to_general_window"),
        channels=e.strings("channels"), duplicate_rule=e.get("duplicate_rule", str),
        reference_date=e.text("reference_date"), result_name=result.text("name"),
        result_licence_type=result.code_of("licence_type", licence_types, _("证照类型")),
    )  # fmt: skip
    check_instance(version, where, "", ["matter"])
    return VersionContent(
        matter_code=e.get("code", str),
        version=version,
        verifications=[_read_verification(x) for x in e.entries("verifications", _VERIFICATION)],
        conditions=[_read_condition(x) for x in e.entries("conditions", _CONDITION)],
        materials=[_read_material(x, licence_types) for x in e.entries("materials", _MATERIAL)],
        form_fields=[_read_field(x) for x in e.entries("form", _FIELD)],
        stages=_read_stages(e, departments),
    )


def read_bundle(data: Any, where: str, departments: Mapping[str, Department]) -> BundleContent:
    """An unsaved bundle with its rows; raises ``CatalogFileError`` naming the first problem."""
    e = Entry(data, where, _BUNDLE)
    bundle = Bundle(
        code=e.get("code", str), name=e.text("name"), name_en=e.text("name_en"),
        status=e.get("status", str), summary=e.text("summary"), keywords=e.strings("keywords"),
        audience=e.get("audience", str), duplicate_rule=e.get("duplicate_rule", str),
    )  # fmt: skip
    check_instance(bundle, where, "", [])
    return BundleContent(
        bundle=bundle,
        matter_codes=e.strings("matters"),
        verifications=[_read_verification(x) for x in e.entries("verifications", _VERIFICATION)],
        conditions=[_read_condition(x) for x in e.entries("conditions", _CONDITION)],
        stages=_read_stages(e, departments),
    )
