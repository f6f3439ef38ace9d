"""Check progress and print: a case by its number and the applicant's ID number, a licence by
its number and the holder's ID number. Both must match, or the answer is "not found"."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from onedoor.cases.models import Case
from onedoor.cases.queries import clock_of, get_choice_labels
from onedoor.core.errors import NotFound
from onedoor.kiosk.forms import CaseLookupForm, LicenceLookupForm
from onedoor.kiosk.queries import find_case, find_licence
from onedoor.kiosk.services.papers import licence_copy
from onedoor.kiosk.state import PERSON, PRINT_CASE, PRINT_LICENCE, PROGRESS
from onedoor.kiosk.views.apply import current_case, outcome_context
from onedoor.kiosk.views.base import Kiosk, kiosk_view, screen
from onedoor.licences.models import Licence


def _lookup_form(
    request: HttpRequest,
    kiosk: Kiosk,
    *,
    form_class: type[CaseLookupForm | LicenceLookupForm],
    find: Callable[[str, str], Case | Licence],
    remember_as: str,
    then: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Find a case or licence by its number and a matching ID number, remember both, and go on
    to ``then``; otherwise show ``template`` again with the form's errors."""
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        id_number = form.cleaned_data["id_number"]
        try:
            found = find(form.cleaned_data["number"], id_number)
        except NotFound as error:
            form.add_error(None, error.message)
            status = 404
        else:
            kiosk.state.remember(**{remember_as: found.number, PERSON: id_number})
            return kiosk.go(then)
    elif request.method == "POST":
        status = 422
    return screen(request, kiosk, template, {**(context or {}), "form": form}, status=status)


def _case_form(
    request: HttpRequest, kiosk: Kiosk, *, remember_as: str, then: str, title: str
) -> HttpResponse:
    """Find a case by its number and a matching ID number, remember it, and go on to ``then``."""
    return _lookup_form(
        request,
        kiosk,
        form_class=CaseLookupForm,
        find=find_case,
        remember_as=remember_as,
        then=then,
        template="kiosk/case_lookup.html",
        context={"title": title},
    )


@require_http_methods(["GET", "POST"])
@kiosk_view
def progress(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """The case number and the applicant's ID number."""
    return _case_form(
        request, kiosk, remember_as=PROGRESS, then="progress-case", title=_("查询办理进度")
    )


@require_safe
@kiosk_view
def progress_case(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """Where the case stands: its status, its department, the date it should be done by."""
    case = current_case(kiosk, PROGRESS)
    if case is None:
        return kiosk.go("progress")
    departments = list(dict.fromkeys(t.department.name for t in case.tasks.all()))
    if not departments and case.department is not None:
        departments = [case.department.name]
    context = {"case": case, "clock": clock_of(case), "departments": departments}
    return screen(request, kiosk, "kiosk/progress.html", context)


@require_safe
@kiosk_view
def print_menu(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    return screen(request, kiosk, "kiosk/print.html")


@require_http_methods(["GET", "POST"])
@kiosk_view
def print_licence(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """The licence number and the holder's ID number."""
    return _lookup_form(
        request,
        kiosk,
        form_class=LicenceLookupForm,
        find=find_licence,
        remember_as=PRINT_LICENCE,
        then="print-licence-copy",
        template="kiosk/licence_lookup.html",
    )


@require_safe
@kiosk_view
def print_licence_copy(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    number, id_number = kiosk.state.get(PRINT_LICENCE), kiosk.state.get(PERSON)
    try:
        licence = find_licence(number, id_number) if number and id_number else None
    except NotFound:
        licence = None
    if licence is None:
        kiosk.state.forget(PRINT_LICENCE)
        return kiosk.go("print-licence")
    return screen(
        request,
        kiosk,
        "kiosk/licence_copy.html",
        {"copy": licence_copy(licence, get_choice_labels(licence.case_number))},
    )


@require_http_methods(["GET", "POST"])
@kiosk_view
def print_case(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """The case number and the applicant's ID number, to print the case's papers."""
    return _case_form(
        request, kiosk, remember_as=PRINT_CASE, then="print-case-papers", title=_("打印受理回执")
    )


@require_safe
@kiosk_view
def print_case_papers(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    case = current_case(kiosk, PRINT_CASE)
    if case is None:
        return kiosk.go("print-case")
    return screen(request, kiosk, "kiosk/case_papers.html", outcome_context(case))
