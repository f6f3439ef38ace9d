"""Test data built through the catalog's actions."""

import datetime as dt
from typing import Any

from onedoor.catalog.actions import create_matter
from onedoor.catalog.models import Department, MatterStage, MatterVersion, StageReview


def department(code: str = "market", name: str = "区市场监督管理局") -> Department:
    found, _created = Department.objects.get_or_create(code=code, defaults={"name": name})
    return found


def draft(code: str = "shop-sign", **elements: Any) -> MatterVersion:
    """A draft version 1 of a new promised matter with one review stage by its department."""
    owner = elements.pop("department", None) or department()
    defaults: dict[str, Any] = {
        "name": "店招备案",
        "kind": "administrative_licence",
        "department": owner,
        "statutory_days": 10,
        "promised_days": 5,
        "valid_from": dt.date(2024, 1, 1),
        "keywords": ["招牌备案"],
    }
    version = create_matter(code, actor="system", **(defaults | elements))
    if not version.instant:
        stage = MatterStage.objects.create(version=version, name="审查")
        StageReview.objects.create(stage=stage, department=owner)
    return version
