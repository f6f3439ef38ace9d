"""The public web hall: the home page, search, matter and bundle guides, the display mode."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_safe

from onedoor.catalog.choices import Channel
from onedoor.catalog.queries import get_bundle, get_guide, get_search_index, search_catalog
from onedoor.catalog.services.search import SearchEntry, SearchIndex
from onedoor.core.errors import NotFound
from onedoor.hall.entry_points import (
    ENTERPRISE_STAGE_GROUPS,
    ENTERPRISE_STAGES,
    LIFE_EVENT_GROUPS,
    LIFE_EVENTS,
    POPULAR_SEARCHES,
    BrowseGroup,
    EntryPoint,
)
from onedoor.hall.queries import (
    get_bundle_limit_units,
    get_departments,
    get_licence_types,
    get_limit_units,
    get_service_points,
)
from onedoor.hall.services.display import DISPLAY_COOKIE, DISPLAY_MODES, STANDARD
from onedoor.hall.services.guides import bundle_guide_page, matter_guide_page
from onedoor.hall.services.results import (
    SearchRequest,
    department_lines,
    read_search_request,
    result_lines,
)
from onedoor.hall.services.wording import english_active

PAGE_SIZE = 20
BROWSE_FALLBACK = 8  # matters shown for a group whose named matters the catalog lacks
DISPLAY_COOKIE_MAX_AGE = 365 * 24 * 3600


def _entry_links(points: tuple[EntryPoint, ...], bundles: set[str]) -> list[dict[str, Any]]:
    search = reverse("hall:search")
    links = []
    for point in points:
        if point.bundle in bundles:
            url = reverse("hall:bundle", args=[point.bundle])
        else:
            url = f"{search}?{_query_string(point.query)}"
        links.append({"label": point.label, "url": url, "icon": point.icon})
    return links


def _query_string(words: str) -> str:
    return urlencode({"q": words})


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    entries = search_catalog()
    departments = get_departments()
    bundle_entries = [e for e in entries if e.entity == "bundle"]
    bundle_codes = {e.code for e in bundle_entries}
    context = {
        "popular": [(label, _query_string(q)) for label, q in POPULAR_SEARCHES],
        "life_events": _entry_links(LIFE_EVENTS, bundle_codes),
        "enterprise_stages": _entry_links(ENTERPRISE_STAGES, bundle_codes),
        "bundles": result_lines(bundle_entries, departments, get_bundle_limit_units(bundle_codes)),
        "departments": department_lines(entries, departments),
        "matter_count": sum(1 for e in entries if e.entity == "matter"),
    }
    return render(request, "hall/index.html", context)


def _units(entries: list[SearchEntry]) -> dict[str, str]:
    units = get_limit_units(e.code for e in entries if e.entity == "matter")
    units.update(get_bundle_limit_units(e.code for e in entries if e.entity == "bundle"))
    return units


def _filter_query(wanted: SearchRequest) -> str:
    """The search and its filters as a query string, for links to other pages of results."""
    params = {"q": wanted.q, "department": wanted.department, "instant": "1" * wanted.instant}
    return urlencode({key: value for key, value in params.items() if value})


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    wanted = read_search_request(request.GET)
    found = search_catalog(
        wanted.q,
        department=wanted.department or None,
        instant=True if wanted.instant else None,
    )
    page = Paginator(found, PAGE_SIZE).get_page(wanted.page)
    entries = list(page.object_list)
    everything = search_catalog()
    departments = get_departments()
    bundle_codes = {e.code for e in everything if e.entity == "bundle"}
    context = {
        "wanted": wanted,
        "filter_query": _filter_query(wanted),
        "page": page,
        "count": len(found),
        "results": result_lines(entries, departments, _units(entries)),
        "departments": department_lines(everything, departments),
        "department_known": not wanted.department or wanted.department in departments,
        "popular": [(label, _query_string(q)) for label, q in POPULAR_SEARCHES],
        "life_events": _entry_links(LIFE_EVENTS, bundle_codes),
    }
    return render(request, "hall/search.html", context)


def _group_entries(group: BrowseGroup, index: SearchIndex) -> list[SearchEntry]:
    by_code = {e.code: e for e in index.entries}
    entries = [by_code[code] for code in group.codes if code in by_code]
    if not entries and group.query:
        hits = (hit.entry for hit in index.search(group.query))
        entries = [e for e in hits if e.audience in (group.audience, "both")][:BROWSE_FALLBACK]
    return entries


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    """Every matter by life event (个人) and by an enterprise's stage (企业): 全生命周期."""
    index = get_search_index()  # one index for every group: one revision check
    departments = get_departments()
    grouped = [
        (kind, [(g, _group_entries(g, index)) for g in groups])
        for kind, groups in (
            ("person", LIFE_EVENT_GROUPS),
            ("organisation", ENTERPRISE_STAGE_GROUPS),
        )
    ]
    shown = [e for _kind, groups in grouped for _g, entries in groups for e in entries]
    units = _units(shown)
    sections = [
        {
            "kind": kind,
            "groups": [
                {"group": g, "results": result_lines(entries, departments, units)}
                for g, entries in groups
            ],
        }
        for kind, groups in grouped
    ]
    return render(request, "hall/browse.html", {"sections": sections})


@require_safe
def matter_guide(request: HttpRequest, code: str) -> HttpResponse:
    try:
        content = get_guide(code)
    except NotFound as exc:
        raise Http404(code) from exc
    context = {
        "guide": matter_guide_page(content, get_departments()),
        "service_points": get_service_points(),
        "english": english_active(),
        "online": Channel.ONLINE in content.version.channels,
    }
    return render(request, "hall/matter_guide.html", context)


@require_safe
def bundle_guide(request: HttpRequest, code: str) -> HttpResponse:
    try:
        guide = get_bundle(code)
    except NotFound as exc:
        raise Http404(code) from exc
    licence_types = get_licence_types(m.licence_type or "" for m in guide.materials)
    context = {
        "guide": bundle_guide_page(guide, get_departments(), licence_types),
        "service_points": get_service_points(),
        "english": english_active(),
        "online": bool(guide.members)
        and all(Channel.ONLINE in m.version.channels for m in guide.members),
    }
    return render(request, "hall/bundle_guide.html", context)


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("hall:index")


@require_http_methods(["GET", "POST"])
def display_mode(request: HttpRequest) -> HttpResponse:
    """Switch between standard and large text (适老化) and go back where the user was.

    A plain form posts here, so the switch works without JavaScript; the choice is kept in a
    cookie for a year.
    """
    data = request.POST if request.method == "POST" else request.GET
    response = HttpResponseRedirect(
        _safe_next(request, data.get("next", "") or request.META.get("HTTP_REFERER", ""))
    )
    mode = data.get("mode", "")
    if mode == STANDARD:
        response.delete_cookie(DISPLAY_COOKIE, samesite="Lax")
    elif mode in DISPLAY_MODES:
        response.set_cookie(
            DISPLAY_COOKIE,
            mode,
            max_age=DISPLAY_COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
