"""The department systems' health page for staff (routed by the workbench)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onedoor.exchange.queries import get_systems_health
from onedoor.registry.queries import is_staff_user


@login_required
def systems_health(request: HttpRequest) -> HttpResponse:
    """Each system: configured, enabled, answering the probe, its circuit and its last hour."""
    if not is_staff_user(request.user):
        raise PermissionDenied
    systems = get_systems_health()
    context = {
        "systems": systems,
        "checked_at": timezone.localtime(),
        "unhealthy": sum(1 for s in systems if not s.healthy),
    }
    return render(request, "exchange/systems.html", context)
