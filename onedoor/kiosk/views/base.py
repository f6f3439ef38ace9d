"""What every kiosk screen shares: its service point, its short-lived state, and pages that no
browser keeps (no cache, no personal data in addresses)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language

from onedoor.core.errors import NotFound
from onedoor.counter.models import ServicePoint
from onedoor.kiosk.queries import get_kiosk_point
from onedoor.kiosk.state import KioskState


@dataclass
class Kiosk:
    """The kiosk a request comes from."""

    point: ServicePoint
    state: KioskState

    def home(self) -> HttpResponse:
        return redirect("kiosk:home", point=self.point.code)

    def go(self, name: str, **kwargs: Any) -> HttpResponse:
        return redirect(f"kiosk:{name}", point=self.point.code, **kwargs)


KioskView = Callable[..., HttpResponse]


def no_store(response: HttpResponse) -> HttpResponse:
    """Nothing a kiosk shows may be kept by the browser, nor shown again by its back button."""
    add_never_cache_headers(response)
    # Nothing leaves for other sites; "no-referrer" would also make the kiosk's own form posts
    # carry "Origin: null", which the CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def kiosk_view(view: KioskView) -> Callable[..., HttpResponse]:
    """A kiosk screen: the service point from the address (a kiosk 404 when unknown) and the
    kiosk's state, which lives on with every request until it expires or is cleared."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, point: str, **kwargs: Any) -> HttpResponse:
        try:
            found = get_kiosk_point(point)
        except NotFound:
            return no_store(render(request, "kiosk/not_found.html", {"point": None}, status=404))
        kiosk = Kiosk(found, KioskState(request, found.code))
        response = view(request, kiosk, **kwargs)
        kiosk.state.touch()
        return no_store(response)

    return wrapped


def screen(
    request: HttpRequest,
    kiosk: Kiosk,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    idle: bool = True,
) -> HttpResponse:
    """A kiosk page; ``idle`` starts the idle countdown that sends the screen home."""
    english = (get_language() or "").startswith("en")
    page = {
        "point": kiosk.point,
        "point_name": kiosk.point.name_en if english and kiosk.point.name_en else kiosk.point.name,
        "idle_seconds": settings.KIOSK_IDLE_SECONDS,
        "countdown_seconds": settings.KIOSK_COUNTDOWN_SECONDS,
        # Home with nothing remembered and the default language has nothing to clear.
        "idle": idle or bool(kiosk.state) or not _default_language(),
        **(context or {}),
    }
    return render(request, template, page, status=status)


def _default_language() -> bool:
    return (get_language() or "") == settings.LANGUAGE_CODE


def not_found(request: HttpRequest, kiosk: Kiosk, message: str) -> HttpResponse:
    return screen(request, kiosk, "kiosk/not_found.html", {"message": message}, status=404)
