"""The workbench's front page: the screens the user's roles open, and their counts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onedoor.accounts.models import Role, User
from onedoor.workbench.access import staff_required
from onedoor.workbench.queries import clerk_service_point, home_counts


@staff_required()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    point = clerk_service_point(user)
    context = {
        "is_clerk": user.has_role(Role.CLERK),
        "is_approver": user.has_role(Role.APPROVER),
        "is_supervisor": user.has_role(Role.SUPERVISOR) or user.is_superuser,
        "is_hall_manager": user.has_role(Role.HALL_MANAGER),
        "is_catalog_admin": user.has_role(Role.CATALOG_ADMIN) or user.is_superuser,
        "service_point": point,
        "counts": home_counts(user, point),
        "grants": user.role_grants(),
    }
    return render(request, "workbench/home.html", context)
