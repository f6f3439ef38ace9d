"""Who may open each workbench screen. Every view declares its rule with one of these decorators
(an architecture test walks the URLs and fails on a view without one).

Anonymous visitors and accounts without a staff role are sent to the login page; signed-in staff
without the role the screen needs get the 403 page.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from onedoor.accounts.models import User
from onedoor.registry.queries import is_staff_user

ACCESS_ATTRIBUTE = "workbench_access"
ANY_STAFF = "staff"
PUBLIC = "public"

View = Callable[..., HttpResponseBase]


def public[V: Callable[..., Any]](view: V) -> V:
    """Open to everyone (the login page)."""
    setattr(view, ACCESS_ATTRIBUTE, (PUBLIC,))
    return view


def has_any_role(user: User, roles: tuple[str, ...]) -> bool:
    return user.is_superuser or not roles or any(user.has_role(role) for role in roles)


def staff_required(*roles: str) -> Callable[[View], View]:
    """Signed-in staff holding one of ``roles``; any staff role when none is named."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not is_staff_user(user):
                return redirect_to_login(request.get_full_path())
            assert isinstance(user, User)
            if not has_any_role(user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapped, ACCESS_ATTRIBUTE, roles or (ANY_STAFF,))
        return wrapped

    return decorator


def access_rule(view: Callable[..., Any]) -> tuple[str, ...] | None:
    """The rule a view declared, or None."""
    return getattr(view, ACCESS_ATTRIBUTE, None)
