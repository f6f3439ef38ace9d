"""Catalog elements in the plain words a citizen reads: time limits, fees, who may apply.

Pure functions of values; the labels follow the active language.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onedoor.catalog.choices import Audience, Channel, FieldType, LimitUnit, MatterKind


def english_active() -> bool:
    return (translation.get_language() or "").lower().startswith("en")


def pick_name(name: str, name_en: str = "") -> str:
    """The English name when the page is in English and one is set, else the Chinese."""
    return name_en if english_active() and name_en else name


def days_text(days: int, unit: str) -> str:
    """``10 个工作日`` or ``60 日``, as the regulation counts them."""
    if unit == LimitUnit.CALENDAR_DAYS:
        return ngettext("%(days)s 日", "%(days)s 日", days) % {"days": days}
    return ngettext("%(days)s 个工作日", "%(days)s 个工作日", days) % {"days": days}


def promised_text(instant: bool, promised_days: int, unit: str) -> str:
    """How soon the matter is decided, as promised to the public."""
    if instant or promised_days == 0:
        return _("当场办结")
    return _("%(limit)s内办结") % {"limit": days_text(promised_days, unit)}


def statutory_text(statutory_days: int, unit: str, extension_days: int = 0) -> str:
    """The limit the law allows, with its extension if the law provides one."""
    text = days_text(statutory_days, unit)
    if extension_days:
        text = _("%(limit)s（依法可延长 %(extension)s）") % {
            "limit": text,
            "extension": days_text(extension_days, unit),
        }
    return text


def fee_text(amount: Decimal) -> str:
    """``不收费``, or the amount in yuan; the description says the detail."""
    if amount <= 0:
        return _("不收费")
    return _("%(amount)s 元") % {"amount": f"{amount:.2f}"}


def fee_detail(amount: Decimal, description: str) -> str:
    """The fee's description, unless it only repeats that nothing is charged."""
    if amount <= 0 and description.strip() in {"", "不收费", "免费"}:
        return ""
    return description


def audience_text(audience: str) -> str:
    texts: dict[str, str] = {
        Audience.PERSON.value: _("个人"),
        Audience.ORGANISATION.value: _("企业和其他组织"),
        Audience.BOTH.value: _("个人、企业和其他组织"),
    }
    return texts.get(audience, audience)


def kind_text(kind: str) -> str:
    """The matter kind's label in the active language; a bundle is a one-thing bundle."""
    if kind == "bundle":
        return _("一件事")
    return str(MatterKind(kind).label) if kind in MatterKind.values else kind


def channel_texts(channels: Iterable[str]) -> list[str]:
    return [str(Channel(c).label) if c in Channel.values else c for c in channels]


def field_type_text(field_type: str) -> str:
    return str(FieldType(field_type).label) if field_type in FieldType.values else field_type
