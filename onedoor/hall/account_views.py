"""A citizen's own: their cases and each case's page (status, department, deadline, timeline,
supplements, results, rating), their licences, and who read or verified their data."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from onedoor.accounts.citizen import acting_options, citizen_required, get_citizen
from onedoor.cases.actions.delivery import deliver_case
from onedoor.cases.actions.supplement import supplement_case
from onedoor.cases.choices import CaseStatus, Outcome, TaskStatus
from onedoor.cases.documents import notice_gaps, refusal_reasons
from onedoor.cases.models import Case
from onedoor.cases.queries import access_case, cases_of_person, clock_of, get_choice_labels
from onedoor.core.errors import DomainError, NotFound
from onedoor.hall.forms import RatingForm, SupplementForm
from onedoor.hall.queries import get_open_drafts, waiting_materials
from onedoor.licences.actions import store_upload
from onedoor.licences.queries import access_licence, get_wallet, verification_url
from onedoor.licences.services.pdf import render_licence_pdf
from onedoor.ratings.actions import RATEABLE_STATUSES, rate_case
from onedoor.ratings.errors import RatingErrorCode
from onedoor.ratings.queries import get_rating
from onedoor.registry.models import Person
from onedoor.registry.queries import get_access_log
from onedoor.workbench.queries import timeline

PAGE_SIZE = 20


def _citizen(request: HttpRequest) -> Person:
    person = get_citizen(request)
    assert person is not None  # citizen_required let the request through
    return person


def _page_number(request: HttpRequest) -> str:
    raw = request.GET.get("page", "1")
    return raw if raw.isascii() and raw.isdigit() and len(raw) < 6 else "1"


@citizen_required
@require_safe
def me(request: HttpRequest) -> HttpResponse:
    """我的办事: drafts to finish and every case, newest first."""
    citizen = _citizen(request)
    cases = Paginator(cases_of_person(citizen), PAGE_SIZE).get_page(_page_number(request))
    context = {
        "citizen": citizen,
        "drafts": get_open_drafts(citizen),
        "cases": cases,
        "options": acting_options(citizen)[1:],
        "section": "cases",
    }
    return render(request, "hall/me.html", context)


@citizen_required
@require_safe
def my_licences(request: HttpRequest) -> HttpResponse:
    """我的证照: mine, my wards' are theirs, my organisations'."""
    citizen = _citizen(request)
    wallet = get_wallet(citizen).order_by("-issued_at", "-id")
    page = Paginator(wallet, PAGE_SIZE).get_page(_page_number(request))
    context = {"citizen": citizen, "licences": page, "section": "licences"}
    return render(request, "hall/my_licences.html", context)


@citizen_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    """我的数据: who read or verified my data, when and why."""
    citizen = _citizen(request)
    number = int(_page_number(request))
    count, entries = get_access_log(citizen, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    context = {
        "citizen": citizen,
        "entries": entries,
        "count": count,
        "page": number,
        "has_next": number * PAGE_SIZE < count,
        "section": "data",
    }
    return render(request, "hall/my_data.html", context)


@citizen_required
@require_safe
def licence_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """A licence of the wallet as PDF, with the QR code that opens its verification page."""
    try:
        licence = access_licence(_citizen(request), number)
    except NotFound as error:
        raise Http404(error.message) from None
    return _pdf(
        render_licence_pdf(licence, get_choice_labels(licence.case_number)), f"{licence.number}.pdf"
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _case_or_404(citizen: Person, number: str) -> Case:
    try:
        return access_case(citizen, number, log_read=False)
    except NotFound as error:
        raise Http404(error.message) from None


def _handled_by(case: Case) -> list[str]:
    """Which departments have the case now: those with open review tasks, else its own."""
    open_tasks = [t.department.name for t in case.tasks.all() if t.status == TaskStatus.OPEN]
    return list(dict.fromkeys(open_tasks)) or [case.department.name]


@citizen_required
@require_safe
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    """A case as its applicant follows it; anyone else's case is not found."""
    citizen = _citizen(request)
    case = _case_or_404(citizen, number)
    return render(request, "hall/case.html", _case_context(request, citizen, case))


def _case_context(
    request: HttpRequest, citizen: Person, case: Case, **forms: Any
) -> dict[str, Any]:
    waiting = waiting_materials(case)
    rateable = case.status in RATEABLE_STATUSES
    return {
        "case": case,
        "clock": clock_of(case),
        "handled_by": _handled_by(case),
        "timeline": timeline(case),
        "gaps": notice_gaps(case) if case.outcome in (Outcome.NOTICE, Outcome.TOLERANT) else [],
        "reasons": refusal_reasons(case) if case.status == CaseStatus.REFUSED else [],
        "results": [
            (r, verification_url(r.licence.number)) for r in case.results.all() if r.licence
        ],
        "waiting": waiting,
        "supplement_form": forms.get("supplement_form")
        or (SupplementForm(materials=waiting) if waiting else None),
        "rating": get_rating(case, citizen) if rateable else None,
        "rating_form": forms.get("rating_form") or (RatingForm() if rateable else None),
        "just_submitted": request.GET.get("new") == "1",
    }


@citizen_required
@require_POST
def case_supplement(request: HttpRequest, number: str) -> HttpResponse:
    """补正: upload what the case waits for; the case goes on as the rules say."""
    citizen = _citizen(request)
    case = _case_or_404(citizen, number)
    form = SupplementForm(request.POST, request.FILES, materials=waiting_materials(case))
    if form.is_valid():
        sent = []
        for code, attached in form.attached().items():
            try:
                upload = store_upload(actor_label=citizen.audit_label, file=attached)
            except DomainError as error:
                form.add_error(f"file-{code}", error.message)
                continue
            sent.append({"code": code, "upload_id": str(upload.public_id)})
        if not form.errors:
            try:
                supplement_case(case.number, actor=citizen, materials=sent)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("材料已补交。"))
                return redirect("hall:case", number=case.number)
    context = _case_context(request, citizen, case, supplement_form=form)
    return render(request, "hall/case.html", context, status=422)


@citizen_required
@require_POST
def case_rating(request: HttpRequest, number: str) -> HttpResponse:
    """好差评 of a finished case."""
    citizen = _citizen(request)
    case = _case_or_404(citizen, number)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rate_case(
                case.number,
                actor=citizen,
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
                channel="online",
            )
        except DomainError as error:
            if error.code != RatingErrorCode.ALREADY_RATED:
                form.add_error(None, error.message)
            else:  # a second rating: the first one stands, and the page shows it
                messages.info(request, error.message)
                return redirect("hall:case", number=case.number)
        else:
            messages.success(request, _("感谢您的评价！"))
            return redirect("hall:case", number=case.number)
    context = _case_context(request, citizen, case, rating_form=form)
    return render(request, "hall/case.html", context, status=422)


@citizen_required
@require_http_methods(["POST"])
def case_download(request: HttpRequest, number: str, licence: str) -> HttpResponse:
    """Download a result licence of the case; the first download delivers the case (出件)."""
    citizen = _citizen(request)
    case = _case_or_404(citizen, number)
    result = next(
        (r for r in case.results.all() if r.licence and r.licence.number == licence), None
    )
    if result is None or result.licence is None:
        raise Http404(_("这个办件没有这张证照。"))
    if case.status == CaseStatus.DECIDED:
        deliver_case(case.number, actor=citizen, method="download")
    return _pdf(
        render_licence_pdf(result.licence, get_choice_labels(case.number)),
        f"{result.licence.number}.pdf",
    )
