"""Turning a template and its context into a subject and a body, in one language."""

import datetime as dt
import decimal
import string
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from onedoor.core.errors import DomainError
from onedoor.notify.choices import Language
from onedoor.notify.errors import NotifyErrorCode
from onedoor.notify.templates import FRAME, SIGNATURE, TEMPLATES, MessageTemplate

JsonValue = str | int | float | bool | None | list[Any] | dict[str, Any]


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


def get_template(code: str) -> MessageTemplate:
    try:
        return TEMPLATES[code]
    except KeyError:
        raise DomainError(
            NotifyErrorCode.UNKNOWN_TEMPLATE, _("没有这个消息模板。"), details={"template": code}
        ) from None


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a template text."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def _plain(value: Any) -> JsonValue:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def normalise_context(context: dict[str, Any]) -> dict[str, JsonValue]:
    """The context as plain JSON: dates as ISO text, lazy strings resolved, sequences as lists."""
    return {str(key): _plain(value) for key, value in context.items()}


def _display(value: JsonValue) -> str:
    if isinstance(value, list):
        return _("、").join(_display(item) for item in value)
    if value is None:
        return ""
    return str(value)


def _signature() -> str:
    configured = str(getattr(settings, "NOTIFY_SIGNATURE", "") or "")
    return configured or str(SIGNATURE)


def render(code: str, context: dict[str, JsonValue], language: str = Language.ZH_HANS) -> Rendered:
    """Render template ``code`` in ``language``; a placeholder without a value is refused."""
    template = get_template(code)
    with translation.override(language):
        subject, body = str(template.subject), str(template.body)
        missing = sorted((placeholders(subject) | placeholders(body)) - set(context))
        if missing:
            raise DomainError(
                NotifyErrorCode.TEMPLATE_CONTEXT_MISSING,
                _("消息模板缺少参数。"),
                details={"template": code, "missing": missing},
            )
        values = {key: _display(value) for key, value in context.items()}
        return Rendered(
            subject=subject.format_map(values),
            body=str(FRAME).format(signature=_signature(), body=body.format_map(values)),
        )
