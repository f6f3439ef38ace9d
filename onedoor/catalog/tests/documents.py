"""A small catalog document in the file format: five matters and a bundle, built fresh per call."""

import copy
from typing import Any

DEPARTMENTS = [
    {"code": "chancheng", "name": "佛山市禅城区人民政府", "name_en": "Chancheng District",
     "level": "district", "parent": None},
    {"code": "police", "name": "区公安分局", "name_en": "Police", "level": "district",
     "parent": "chancheng"},
    {"code": "education", "name": "区教育局", "name_en": "Education", "level": "district",
     "parent": "chancheng"},
    {"code": "market", "name": "区市场监督管理局", "name_en": "Market Regulation",
     "level": "district", "parent": "chancheng"},
    {"code": "urban", "name": "区城市管理和综合执法局", "name_en": "Urban Management",
     "level": "district", "parent": "chancheng"},
    {"code": "fire", "name": "区消防救援大队", "name_en": "Fire and Rescue", "level": "district",
     "parent": "chancheng"},
]  # fmt: skip

LICENCE_TYPES = [
    {"code": "resident-id-card", "name": "居民身份证", "name_en": "Resident identity card",
     "department": "police", "holder_kind": "person", "trust_level": "A", "validity_days": None,
     "fields": [{"name": "address", "label": "住址"}]},
    {"code": "household-certificate", "name": "户籍证明", "name_en": "", "department": "police",
     "holder_kind": "person", "trust_level": "A", "validity_days": 90, "fields": []},
    {"code": "food-business-licence", "name": "食品经营许可证", "name_en": "",
     "department": "market", "holder_kind": "organisation", "trust_level": "A",
     "validity_days": 1825, "fields": []},
]  # fmt: skip


def _matter(code: str, name: str, department: str, **overrides: Any) -> dict[str, Any]:
    matter: dict[str, Any] = {
        "code": code,
        "version": 1,
        "status": "published",
        "valid_from": "2024-01-01",
        "valid_until": None,
        "name": name,
        "name_en": "",
        "kind": "administrative_licence",
        "department": department,
        "audience": "organisation",
        "summary": "",
        "legal_basis": "",
        "keywords": [],
        "statutory_days": 20,
        "promised_days": 10,
        "limit_unit": "working_days",
        "extension_days": 0,
        "fee": {"amount": "0.00", "description": "不收费"},
        "instant": False,
        "delegated_to_general_window": False,
        "channels": ["window", "online"],
        "duplicate_rule": "open",
        "reference_date": None,
        "result": None,
        "verifications": [],
        "conditions": [],
        "materials": [
            {"code": "business-licence", "name": "营业执照", "key": True, "copies": 1,
             "original_required": False, "licence_type": None, "verification": None,
             "accepts_commitment": False, "description": ""},
        ],
        "form": [
            {"name": "shop_name", "label": "店铺名称", "type": "text", "required": True,
             "max_length": 100},
        ],
        "stages": [{"name": "审查", "rule": "all", "reviews": [department]}],
    }  # fmt: skip
    matter.update(overrides)
    return matter


HOUSEHOLD_CERTIFICATE = _matter(
    "household-certificate",
    "户籍证明开具",
    "police",
    name_en="Household registration certificate",
    kind="public_service",
    audience="person",
    summary="开具本区户籍人员的户籍证明。",
    legal_basis="《中华人民共和国户口登记条例》",
    keywords=["户口证明", "开证明"],
    statutory_days=1,
    promised_days=0,
    instant=True,
    delegated_to_general_window=True,
    channels=["window", "online", "app", "wechat", "kiosk"],
    duplicate_rule="none",
    result={"name": "户籍证明", "licence_type": "household-certificate"},
    verifications=[{"key": "household_in_district", "fact": "household.in_district",
                    "subject": "applicant", "params": {}}],
    conditions=[{"code": "household-here", "description": "申请人户籍在本区",
                 "expression": "verified.household_in_district",
                 "message": "申请人户籍不在本区，请到户籍所在地办理。", "curable_by": []}],
    materials=[{"code": "id-card", "name": "申请人居民身份证", "key": True, "copies": 1,
                "original_required": True, "licence_type": "resident-id-card",
                "verification": None, "accepts_commitment": False,
                "description": "原件核验，无需复印件。"}],
    form=[{"name": "purpose", "label": "证明用途", "type": "choice", "required": True,
           "choices": [{"value": "school", "label": "入学"}, {"value": "other", "label": "其他"}]},
          {"name": "note", "label": "备注", "type": "text", "required": False,
           "max_length": 200}],
    stages=[],
)  # fmt: skip

ENROLLMENT = _matter(
    "new-student-enrollment",
    "小学新生入学报名",
    "education",
    kind="public_service",
    audience="person",
    summary="适龄儿童报名就读本区公办小学一年级。",
    keywords=["小学报名", "一年级"],
    statutory_days=20,
    promised_days=15,
    duplicate_rule="year",
    reference_date="enrollment_cutoff",
    verifications=[
        {"key": "household", "fact": "household.in_district", "subject": "applicant", "params": {}},
        {"key": "permit", "fact": "residence_permit.years_at_least", "subject": "agent",
         "params": {"years": 1}},
        {"key": "vaccination", "fact": "vaccination.complete", "subject": "applicant",
         "params": {}},
    ],
    conditions=[
        {"code": "age", "description": "8 月 31 日前满 6 周岁", "expression": "applicant.age >= 6",
         "message": "未到入学年龄。", "curable_by": []},
        {"code": "residence", "description": "本区户籍或持居住证满一年",
         "expression": "verified.household or verified.permit",
         "message": "不符合本区入学条件。", "curable_by": []},
    ],
    materials=[
        {"code": "household-register", "name": "户口簿", "key": True, "copies": 1,
         "original_required": True, "licence_type": None, "verification": "household",
         "accepts_commitment": False, "description": ""},
        {"code": "vaccination-record", "name": "预防接种证", "key": False, "copies": 1,
         "original_required": False, "licence_type": None, "verification": "vaccination",
         "accepts_commitment": True, "description": ""},
    ],
    form=[{"name": "school_choice", "label": "意向学校", "type": "text", "required": False}],
)  # fmt: skip

FOOD_LICENCE = _matter(
    "food-business-licence",
    "食品经营许可",
    "market",
    summary="从事食品销售和餐饮服务的经营者申请食品经营许可证。",
    legal_basis="《食品经营许可和备案管理办法》（2023）",
    keywords=["餐饮许可", "食品许可证"],
    statutory_days=10,
    promised_days=5,
    extension_days=5,
    result={"name": "食品经营许可证", "licence_type": "food-business-licence"},
    materials=[
        {"code": "business-licence", "name": "营业执照", "key": True, "copies": 1,
         "original_required": False, "licence_type": None, "verification": None,
         "accepts_commitment": False, "description": ""},
        {"code": "floor-plan", "name": "经营场所平面图", "key": False, "copies": 1,
         "original_required": False, "licence_type": None, "verification": None,
         "accepts_commitment": True, "description": ""},
    ],
    form=[
        {"name": "shop_name", "label": "店铺名称", "type": "text", "required": True,
         "max_length": 100},
        {"name": "area", "label": "经营面积（平方米）", "type": "decimal", "required": True,
         "min": 1, "max": 10000},
    ],
)  # fmt: skip

SIGNBOARD = _matter(
    "outdoor-signboard", "户外招牌设置", "urban", keywords=["招牌"], statutory_days=20,
    promised_days=7,
    form=[{"name": "shop_name", "label": "店铺名称", "type": "text", "required": False,
           "max_length": 60},
          {"name": "sign_width", "label": "招牌宽度（米）", "type": "decimal", "required": True}],
)  # fmt: skip

FIRE_CHECK = _matter(
    "fire-safety-check",
    "公众聚集场所投入使用、营业前消防安全检查",
    "fire",
    keywords=["消防"],
    statutory_days=10,
    promised_days=8,
    materials=[
        {"code": "business-licence", "name": "营业执照", "key": False, "copies": 2,
         "original_required": True, "licence_type": None, "verification": None,
         "accepts_commitment": False, "description": ""},
        {"code": "fire-commitment", "name": "消防安全承诺书", "key": True, "copies": 1,
         "original_required": False, "licence_type": None, "verification": None,
         "accepts_commitment": False, "description": ""},
    ],
)  # fmt: skip

RESTAURANT = {
    "code": "restaurant-opening",
    "name": "开办餐饮店一件事",
    "name_en": "Opening a restaurant",
    "status": "published",
    "summary": "一次申请，办好开餐饮店所需的许可。",
    "keywords": ["开餐馆", "开饭店", "餐饮店"],
    "audience": "organisation",
    "matters": ["food-business-licence", "outdoor-signboard", "fire-safety-check"],
    "verifications": [{"key": "business_registered", "fact": "business.registered",
                       "subject": "applicant", "params": {}}],
    "conditions": [{"code": "registered-company", "description": "已办理营业执照的企业",
                    "expression":
                        "applicant.kind == 'organisation' and verified.business_registered",
                    "message": "请先办理营业执照（企业设立登记）。", "curable_by": []}],
    "stages": [{"name": "并联审查", "rule": "all", "reviews": ["market", "urban", "fire"]}],
    "duplicate_rule": "open",
}  # fmt: skip


def small_catalog() -> dict[str, Any]:
    """A fresh copy of the small catalog, safe to modify."""
    return copy.deepcopy(
        {
            "format": "onedoor-catalog",
            "format_version": 1,
            "departments": DEPARTMENTS,
            "licence_types": LICENCE_TYPES,
            "matters": [HOUSEHOLD_CERTIFICATE, ENROLLMENT, FOOD_LICENCE, SIGNBOARD, FIRE_CHECK],
            "bundles": [RESTAURANT],
        }
    )


def matter_entry(document: dict[str, Any], code: str) -> dict[str, Any]:
    return next(m for m in document["matters"] if m["code"] == code)
