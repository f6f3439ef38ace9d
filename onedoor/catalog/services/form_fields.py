"""The constraints a form field may carry, by type (docs/catalog-format.md)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from onedoor.catalog.choices import FieldType


def _is_number(value: Any, *, integer: bool) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) if integer else isinstance(value, int | float)


def _as_bound(field_type: str, value: Any) -> Any:
    """The comparable bound, or None when ``value`` is not a bound of this type."""
    if field_type == FieldType.INTEGER and _is_number(value, integer=True):
        return value
    if field_type == FieldType.DECIMAL and _is_number(value, integer=False):
        return value
    if field_type == FieldType.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            return None
    return None


def _check_choices(field_type: str, choices: Any) -> list[str]:
    if field_type != FieldType.CHOICE:
        return [_("只有选项类型的字段可以有选项。")] if choices else []
    if not isinstance(choices, list) or not choices:
        return [_("选项类型的字段至少要有一个选项。")]
    values = []
    for choice in choices:
        if (
            not isinstance(choice, dict)
            or set(choice) != {"value", "label"}
            or not all(isinstance(choice[k], str) and choice[k] for k in ("value", "label"))
        ):
            return [_('每个选项应为 {"value": "…", "label": "…"}。')]
        values.append(choice["value"])
    if len(set(values)) != len(values):
        return [_("选项的值不能重复。")]
    return []


def check_form_field(
    field_type: str, choices: Any, minimum: Any, maximum: Any, max_length: int | None
) -> dict[str, list[str]]:
    """The problems of one field's constraints, by attribute; empty when it is consistent."""
    problems: dict[str, list[str]] = {}
    if field_type not in FieldType.values:
        return {"type": [_("未知的字段类型：%(type)s") % {"type": field_type}]}
    if choice_problems := _check_choices(field_type, choices):
        problems["choices"] = choice_problems
    bounded = field_type in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATE)
    bounds = {}
    for name, value in (("min", minimum), ("max", maximum)):
        if value is None:
            continue
        if not bounded:
            problems[name] = [_("只有整数、小数和日期字段可以设最小值和最大值。")]
        elif (bound := _as_bound(field_type, value)) is None:
            problems[name] = [_("与字段类型不符（日期写作 YYYY-MM-DD）。")]
        else:
            bounds[name] = bound
    if len(bounds) == 2 and bounds["min"] > bounds["max"]:
        problems["max"] = [_("最大值不能小于最小值。")]
    if max_length is not None and field_type != FieldType.TEXT:
        problems["max_length"] = [_("只有文本字段可以设最大长度。")]
    return problems
