"""The yes/no facts department systems answer (API.md), with their source and parameters.

The catalog refuses a verification naming a fact not listed here; the exchange reads the same
table to know which department system to ask.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.errors import CatalogErrorCode
from onedoor.core.errors import DomainError


@dataclass(frozen=True, slots=True)
class FactParam:
    """One parameter of a fact: a whole number of at least ``minimum``."""

    name: str
    minimum: int = 0


@dataclass(frozen=True, slots=True)
class Fact:
    code: str
    source: str  # the department code whose system answers it
    label: str | Promise
    holders: tuple[str, ...] = ("person",)  # applicant kinds the fact is asked about
    params: tuple[FactParam, ...] = field(default_factory=tuple)


FACTS: dict[str, Fact] = {
    fact.code: fact
    for fact in (
        Fact("household.in_district", "police", _("户籍在本区")),
        Fact(
            "residence_permit.years_at_least",
            "police",
            _("持居住证满若干年"),
            params=(FactParam("years", 1),),
        ),
        Fact("property.owns_in_district", "housing", _("在本区有自有住房")),
        Fact("property.rents_in_district", "housing", _("在本区有登记备案的租赁住房")),
        Fact("vaccination.complete", "health", _("预防接种完整")),
        Fact("birth.registered", "health", _("已办理出生登记")),
        Fact("marriage.married", "civil", _("已登记结婚")),
        Fact(
            "social_insurance.months_at_least",
            "hrss",
            _("社会保险累计缴费满若干月"),
            params=(FactParam("months", 1),),
        ),
        Fact("business.registered", "market", _("已办理市场主体登记"), holders=("organisation",)),
        Fact("tax.no_arrears", "tax", _("无欠税"), holders=("person", "organisation")),
    )
}


def get_fact(code: str) -> Fact:
    """The fact named ``code``; an unknown name is refused with ``unknown_fact``."""
    try:
        return FACTS[code]
    except KeyError:
        raise DomainError(
            CatalogErrorCode.UNKNOWN_FACT,
            _("未知的核验事实：%(fact)s") % {"fact": code},
            details={"fact": code, "known": sorted(FACTS)},
        ) from None


def check_fact_params(code: str, params: Mapping[str, Any] | None) -> None:
    """Raise unless ``params`` are exactly the fact's parameters, each a whole number."""
    fact = get_fact(code)
    given = dict(params or {})
    expected = {p.name: p for p in fact.params}
    if set(given) != set(expected):
        raise DomainError(
            CatalogErrorCode.INVALID_FACT_PARAMS,
            _("核验事实 %(fact)s 的参数应为：%(params)s")
            % {"fact": code, "params": ", ".join(sorted(expected)) or "-"},
            details={"fact": code, "expected": sorted(expected), "given": sorted(given)},
        )
    for name, spec in expected.items():
        value = given[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < spec.minimum:
            raise DomainError(
                CatalogErrorCode.INVALID_FACT_PARAMS,
                _("参数 %(name)s 应为不小于 %(minimum)s 的整数")
                % {"name": name, "minimum": spec.minimum},
                details={"fact": code, "param": name},
            )
