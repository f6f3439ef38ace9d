"""The service hall's live screens: the display board on the hall's TV (public: ticket numbers,
window names and counts, nobody's data) and the hall manager's board.

Both update without a reload: the page polls a small endpoint (the TV every 0.8 s, the manager's
board every 2 s) and sends back the ETag it last got, so an unchanged board costs its few indexed
queries and a 304 with no body. Polling suits gunicorn's few worker threads (a server-sent event
stream would hold one per screen for as long as the screen is on) and passes every proxy.
"""

import contextlib
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onedoor.accounts.models import Role, User
from onedoor.core.errors import DomainError, NotFound
from onedoor.counter.models import ServicePoint
from onedoor.counter.queries import get_service_point
from onedoor.workbench.access import public, staff_required
from onedoor.workbench.hall_queries import (
    DisplayBoard,
    DisplayCall,
    access_hall,
    get_display_board,
    get_hall_board,
)

DISPLAY_POLL_MS = 800  # a call is on the screen within a second, request included
BOARD_POLL_MS = 2000


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@contextlib.contextmanager
def _language(request: HttpRequest) -> Iterator[str]:
    """The page's language: ``?lang=`` when a screen is set up for one, else the visitor's."""
    wanted = request.GET.get("lang", "")
    codes = {code for code, _name in settings.LANGUAGES}
    language = wanted if wanted in codes else translation.get_language()
    with translation.override(language):
        yield language


def _etagged(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    """The body with an ETag of its bytes; 304 with no body when the client holds it already."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:24]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


# ------------------------------------------------------------------ the display board


def _display_point(code: str) -> ServicePoint:
    try:
        return get_service_point(code)
    except NotFound as error:
        raise Http404(error.message) from None


def window_label(call: DisplayCall) -> str:
    if call.window_number:
        return _("%(number)s 号窗口") % {"number": call.window_number}
    return call.window_name


def announcement(call: DisplayCall) -> str:
    """What the screen says and speaks: 请 A012 号到 3 号窗口."""
    return _("请 %(number)s 号到 %(window)s") % {
        "number": call.number,
        "window": window_label(call),
    }


def display_payload(board: DisplayBoard) -> dict[str, Any]:
    """The display board as JSON: ticket numbers, windows and counts, never a person's data."""
    return {
        "service_point": {"code": board.service_point.code, "name": board.service_point.name},
        "calls": [
            {
                "id": f"{c.number}/{c.window}/{c.called_at.isoformat()}",
                "number": c.number,
                "category": c.category,
                "window": c.window,
                "window_name": c.window_name,
                "window_label": window_label(c),
                "called_at": timezone.localtime(c.called_at).isoformat(),
                "recalls": c.recalls,
                "announcement": announcement(c),
            }
            for c in board.calls
        ],
        "queues": [
            {
                "category": q.category,
                "label": q.label,
                "waiting": q.waiting,
                "estimated_wait_minutes": q.estimated_wait_minutes,
            }
            for q in board.queues
        ],
        "waiting_total": board.waiting_total,
        "windows_open": board.windows_open,
    }


@public
@require_GET
def display(request: HttpRequest, service_point: str) -> HttpResponse:
    """The hall's TV: the last call in big type, the recent calls, who waits per category."""
    point = _display_point(service_point)
    with _language(request) as language:
        board = get_display_board(point)
        payload = display_payload(board)
        source = reverse("display:board-json", args=[point.code]) + f"?lang={language}"
        context = {
            "point": point,
            "board": payload,
            "latest": payload["calls"][0] if payload["calls"] else None,
            "source": source,
            "poll_ms": DISPLAY_POLL_MS,
            "language": language,
        }
        response = render(request, "workbench/hall_display.html", context)
    response["Cache-Control"] = "no-cache"
    return response


@public
@require_GET
def display_json(request: HttpRequest, service_point: str) -> HttpResponseBase:
    """What the display board polls: ``display_payload``, with an ETag (304 when unchanged)."""
    try:
        point = get_service_point(service_point)
    except NotFound as error:
        return JsonResponse(
            {"code": error.code, "message": error.message, "details": error.details}, status=404
        )
    with _language(request):
        payload = display_payload(get_display_board(point))
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return _etagged(request, body, "application/json")


# ------------------------------------------------------------------ the hall manager's board


def hall_point(request: HttpRequest, code: str) -> ServicePoint:
    """The service point for the signed-in manager; the 404 or 403 page for anyone else."""
    try:
        return access_hall(_user(request), code)
    except NotFound as error:
        raise Http404(error.message) from None
    except DomainError:
        raise PermissionDenied from None


def _board_context(request: HttpRequest, point: ServicePoint) -> dict[str, Any]:
    hall = get_hall_board(point)
    return {
        "point": point,
        "hall": hall,
        "board": hall.board,
        "live_url": reverse("workbench:hall-board-live", args=[point.code]),
        "display_url": reverse("display:board", args=[point.code]),
        "report_url": reverse("workbench:hall-report", args=[point.code]),
        "poll_ms": BOARD_POLL_MS,
    }


@staff_required(Role.HALL_MANAGER, Role.SUPERVISOR)
@require_GET
def hall_board(request: HttpRequest, service_point: str) -> HttpResponse:
    """The manager's board: waiting per category, alerts, windows and clerks, live."""
    point = hall_point(request, service_point)
    return render(request, "workbench/hall_board.html", _board_context(request, point))


@staff_required(Role.HALL_MANAGER, Role.SUPERVISOR)
@require_GET
def hall_board_live(request: HttpRequest, service_point: str) -> HttpResponse:
    """The board's live part as an HTML fragment the page swaps in (304 when unchanged)."""
    point = hall_point(request, service_point)
    html = render_to_string(
        "workbench/_hall_board.html", _board_context(request, point), request=request
    )
    return _etagged(request, html.encode(), "text/html; charset=utf-8")
