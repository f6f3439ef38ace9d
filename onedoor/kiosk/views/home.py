"""The kiosk's index, its home screen, and the reset that clears the screen for the next
citizen."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from onedoor.kiosk.queries import get_kiosk_points
from onedoor.kiosk.views.base import Kiosk, kiosk_view, no_store, screen


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The kiosk address of every service point, for whoever sets the kiosks up."""
    return no_store(render(request, "kiosk/index.html", {"points": get_kiosk_points()}))


@require_safe
@kiosk_view
def home(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """Take a ticket · instant matters · check progress · print. Coming home forgets the visit."""
    kiosk.state.clear()
    return screen(request, kiosk, "kiosk/home.html", idle=False)


@require_POST
@kiosk_view
def reset(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """Exit, or the idle countdown ran out: forget the visit on the server, the language too,
    and show the home screen."""
    kiosk.state.clear()
    response = kiosk.home()
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
    )
    return response
