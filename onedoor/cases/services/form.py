"""Checking an application form against its fields' types and constraints."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from onedoor.cases.services.spec import FieldSpec


def _text(field: FieldSpec, value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return None, _("应为文本。")
    if field.max_length is not None and len(value) > field.max_length:
        return None, _("不能超过 %(n)s 个字符。") % {"n": field.max_length}
    return value, ""


def _integer(field: FieldSpec, value: Any) -> tuple[Any, str]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, _("应为整数。")
    return _bounded(field, value, value)


def _decimal(field: FieldSpec, value: Any) -> tuple[Any, str]:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None, _("应为数字。")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None, _("应为数字。")
    if not number.is_finite():
        return None, _("应为数字。")
    return _bounded(field, value, number)


def _date(field: FieldSpec, value: Any) -> tuple[Any, str]:
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return None, _("应为日期，格式 YYYY-MM-DD。")
    return _bounded(field, value, day)


def _boolean(field: FieldSpec, value: Any) -> tuple[Any, str]:
    if not isinstance(value, bool):
        return None, _("应为是或否（true/false）。")
    return value, ""


def _choice(field: FieldSpec, value: Any) -> tuple[Any, str]:
    if value not in field.choices:
        return None, _("不是可选的值：%(choices)s") % {"choices": "、".join(field.choices)}
    return value, ""


def _bound(field: FieldSpec, raw: Any) -> Any:
    if raw is None:
        return None
    if field.type == "date":
        return dt.date.fromisoformat(raw)
    return Decimal(str(raw)) if field.type == "decimal" else raw


def _bounded(field: FieldSpec, value: Any, comparable: Any) -> tuple[Any, str]:
    low, high = _bound(field, field.min), _bound(field, field.max)
    if low is not None and comparable < low:
        return None, _("不能小于 %(min)s。") % {"min": field.min}
    if high is not None and comparable > high:
        return None, _("不能大于 %(max)s。") % {"max": field.max}
    return value, ""


_CHECKS = {
    "text": _text,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "boolean": _boolean,
    "choice": _choice,
}


def check_form(fields: list[FieldSpec], form: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The cleaned form and the problems by field name; every problem at once."""
    if not isinstance(form, dict):
        return {}, {"form": _("申请表应为对象。")}
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    known = {f.name for f in fields}
    for name in form:
        if name not in known:
            problems[str(name)] = _("本事项的申请表没有这个字段。")
    for field in fields:
        value = form.get(field.name)
        if value is None or value == "":
            if field.required:
                problems[field.name] = _("必填。")
            continue
        clean, problem = _CHECKS[field.type](field, value)
        if problem:
            problems[field.name] = problem
        else:
            cleaned[field.name] = clean
    return cleaned, problems
