"""The calling rules of a service point, set by the hall manager in the admin or by seeding."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode
from onedoor.counter.choices import SLOT_CATEGORIES
from onedoor.counter.models import CallingRules
from onedoor.counter.queries.access import get_service_point
from onedoor.counter.services.policy import LANES, MAX_RANK, POLICY_FIELDS, parse_hours


def configure_calling_rules(*, actor: Any, service_point: str, **values: Any) -> CallingRules:
    """Create the point's calling rules or change the values given (the rest stay as they are).

    Keywords are the fields of ``CallingRules``; unknown names and bad values are refused
    with ``invalid_input`` and nothing is written. A call that changes nothing records nothing.
    """
    unknown = sorted(set(values) - set(POLICY_FIELDS))
    if unknown:
        raise _invalid({name: _("未知的规则项") for name in unknown})
    point = get_service_point(service_point)
    with transaction.atomic():
        rules = CallingRules.objects.select_for_update().filter(service_point=point).first()
        created = rules is None
        if rules is None:
            rules = CallingRules(service_point=point)
        changed = [name for name, value in values.items() if getattr(rules, name) != value]
        for name in changed:
            setattr(rules, name, values[name])
        if not created and not changed:
            return rules
        check_calling_rules(rules)
        rules.save()
        record_event(
            actor=actor,
            action="counter.calling_rules_created" if created else "counter.calling_rules_changed",
            obj=point,
            object_id=point.code,
            payload={
                name: getattr(rules, name) for name in (POLICY_FIELDS if created else changed)
            },
        )
    return rules


def check_calling_rules(rules: CallingRules) -> None:
    """Refuse rules the queue cannot run by (ranks out of range, unreadable hours …)."""
    problems: dict[str, str] = {}
    try:
        rules.full_clean(exclude=["service_point"], validate_unique=False)
    except ValidationError as error:
        problems.update({k: "; ".join(v) for k, v in error.message_dict.items()})
    for lane in LANES:
        rank = getattr(rules, f"{lane}_rank")
        if not isinstance(rank, int) or not 1 <= rank <= MAX_RANK:
            problems[f"{lane}_rank"] = _("次序应在 1 到 %(max)s 之间") % {"max": MAX_RANK}
    try:
        parse_hours(str(rules.appointment_hours))
    except ValueError:
        problems["appointment_hours"] = _("格式应如 09:00-12:00,14:00-17:00")
    categories = [c.strip() for c in str(rules.appointment_categories).split(",") if c.strip()]
    if any(c not in SLOT_CATEGORIES for c in categories):
        problems["appointment_categories"] = ", ".join(SLOT_CATEGORIES)
    if problems:
        raise _invalid(problems)


def _invalid(fields: dict[str, str]) -> DomainError:
    return DomainError(ErrorCode.INVALID_INPUT, _("叫号规则填写有误。"), details={"fields": fields})
