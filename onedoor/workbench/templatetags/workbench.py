"""Template filters of the workbench: clock colours and material states in words."""

from django import template

from onedoor.cases.choices import ClockColor, ClockState, MaterialState
from onedoor.core.identifiers import mask_id_number

register = template.Library()


@register.filter
def clock_label(colour: str) -> str:
    """正常 / 临近 / 超期: the colour of a clock said in words, never by colour alone."""
    return str(ClockColor(colour).label) if colour in ClockColor.values else ""


@register.filter
def clock_state_label(state: str) -> str:
    return str(ClockState(state).label) if state in ClockState.values else ""


@register.filter
def material_tone(state: str) -> str:
    """The tone a checklist state is shown in: ok, warn (a promise) or gap."""
    if state == MaterialState.MISSING:
        return "gap"
    if state == MaterialState.COMMITMENT:
        return "warn"
    return "ok"


@register.simple_tag(takes_context=True)
def staff_roles(context: template.Context) -> set[str]:
    """The roles of the signed-in user, for the navigation."""
    user = context["request"].user
    grants = user.role_grants() if hasattr(user, "role_grants") else []
    roles = {grant.role for grant in grants}
    if getattr(user, "is_superuser", False):
        roles.add("superuser")
    return roles


@register.filter
def absolute(value: int) -> int:
    return abs(value)


@register.filter
def masked(id_number: str) -> str:
    """An ID number as staff screens show it: enough to recognise, not to copy."""
    return mask_id_number(str(id_number or ""))
