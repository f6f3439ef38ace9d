"""The window clerk's "one door" screens: identify the applicant, choose a matter, follow the
checklist, submit, and print what the outcome calls for."""

import logging
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onedoor.accounts.models import Role, User
from onedoor.cases.actions.submit import SubmissionRequest, submit_case
from onedoor.cases.choices import Outcome
from onedoor.cases.documents import notice_gaps, refusal_reasons
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.queries import access_case
from onedoor.catalog.choices import Channel
from onedoor.catalog.queries import search_catalog
from onedoor.core.errors import DomainError, ErrorCode, NotFound
from onedoor.counter.actions import link_case_to_current_ticket
from onedoor.exchange.queries import deep_links_for
from onedoor.licences.actions import store_upload
from onedoor.registry.models import Organisation, Person
from onedoor.workbench.access import staff_required
from onedoor.workbench.forms import SYSTEM, ApplicationForm, IdentifyForm, SearchForm
from onedoor.workbench.hall_queries import get_calling_desk
from onedoor.workbench.queries import (
    ApplicantRef,
    Vault,
    WindowApplication,
    clerk_service_point,
    is_registered,
    licences_on_file,
    read_vault,
    window_application,
)

logger = logging.getLogger(__name__)

SESSION_KEY = "workbench_window_applicant"
SEARCH_LIMIT = 20


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _applicant(request: HttpRequest) -> ApplicantRef | None:
    return ApplicantRef.from_session(request.session.get(SESSION_KEY))


@staff_required(Role.CLERK)
@require_http_methods(["GET", "POST"])
def window(request: HttpRequest) -> HttpResponse:
    """Identify the applicant (POST), then see their vault and choose a matter (GET).

    The calling bar on top works the clerk's window; the ID number the holder of the current
    ticket gave, if any, waits in the lookup.
    """
    desk = get_calling_desk(_user(request), clerk_service_point(_user(request)))
    ticket_id = desk.id_number if desk is not None else ""
    identify_form = IdentifyForm(request.POST or None, initial={"applicant": ticket_id})
    if request.method == "POST" and identify_form.is_valid():
        named: ApplicantRef = identify_form.cleaned_data["applicant"]
        name = identify_form.cleaned_data["name"].strip()
        if is_registered(named):
            request.session[SESSION_KEY] = ApplicantRef(named.kind, named.code).as_session()
            return redirect("workbench:window")
        if named.kind == "organisation":
            identify_form.add_error("applicant", _("法人库中没有这个统一社会信用代码。"))
        elif not name:
            identify_form.add_error(
                "name", _("自然人库中没有此人。首次办事，请核对证件后录入姓名。")
            )
        else:
            request.session[SESSION_KEY] = ApplicantRef(named.kind, named.code, name).as_session()
            return redirect("workbench:window")
    ref = _applicant(request)
    context: dict[str, Any] = {"identify_form": identify_form, "ref": ref, "desk": desk}
    if ref is not None:
        context["vault"] = _vault_or_none(request, ref)
        if context["vault"] is None:
            return redirect("workbench:window")
        context.update(_search(request, ref))
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/window.html", context, status=status)


def _vault_or_none(request: HttpRequest, ref: ApplicantRef) -> Vault | None:
    try:
        return read_vault(_user(request), ref)
    except NotFound as error:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, error.message)
        return None


def _search(request: HttpRequest, ref: ApplicantRef) -> dict[str, Any]:
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    if q.strip():
        found = search_catalog(q, audience=ref.kind)[:SEARCH_LIMIT]
    else:
        found = search_catalog(audience=ref.kind, entity="bundle")[:SEARCH_LIMIT]
    return {"search_form": form, "q": q, "found": found}


@staff_required(Role.CLERK)
@require_POST
def window_next(request: HttpRequest) -> HttpResponse:
    """The applicant has been served: forget them and wait for the next one."""
    request.session.pop(SESSION_KEY, None)
    return redirect("workbench:window")


def _automatic(app: WindowApplication, vault: Vault) -> dict[str, str]:
    holders: list[Person | Organisation] = [h for h in (vault.person, vault.organisation) if h]
    agent = Person.objects.filter(id_number=vault.suggested_agent).first()
    if agent is not None:
        holders.append(agent)
    on_file = licences_on_file(holders, {m.licence_type for m in app.materials if m.licence_type})
    automatic = {}
    for material in app.materials:
        if material.licence_type in on_file:
            automatic[material.code] = f"reused:{on_file[material.licence_type]}"
        elif material.verifiable:
            automatic[material.code] = SYSTEM
    return automatic


def _deep_links(app: WindowApplication) -> list[Any]:
    links: dict[int, Any] = {}
    for code in app.matter_codes:
        for link in deep_links_for(code):
            links.setdefault(link.pk, link)
    return list(links.values())


@staff_required(Role.CLERK)
@require_http_methods(["GET", "POST"])
def window_apply(request: HttpRequest, code: str, bundle: bool = False) -> HttpResponse:
    """The checklist and form of one matter (or bundle) for the applicant at the window."""
    ref = _applicant(request)
    if ref is None:
        messages.info(request, _("请先识别申请人。"))
        return redirect("workbench:window")
    try:
        app = window_application(code, bundle=bundle)
    except NotFound as error:
        raise Http404(error.message) from None
    vault = _vault_or_none(request, ref)
    if vault is None:
        return redirect("workbench:window")
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        application=app,
        automatic=_automatic(app, vault),
        agent_required=vault.is_minor or ref.kind == "organisation",
        initial={"agent_id_number": vault.suggested_agent},
    )
    stored: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        stored = _store_uploads(request, form)
        if not form.errors:
            number = _submit(request, form, ref, stored)
            if number:
                return redirect("workbench:window-result", number=number)
    context = {
        "app": app,
        "vault": vault,
        "ref": ref,
        "form": form,
        "rows": form.rows(stored),
        "deep_links": _deep_links(app),
        "audience_mismatch": app.audience not in ("both", ref.kind),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/window_apply.html", context, status=status)


def _store_uploads(request: HttpRequest, form: ApplicationForm) -> dict[str, str]:
    stored = {}
    for code, file in form.files_to_store().items():
        try:
            upload = store_upload(actor_label=_user(request).audit_label, file=file)
        except DomainError as error:
            form.add_error(f"file-{code}", error.message)
            continue
        stored[code] = str(upload.public_id)
    return stored


def _submit(
    request: HttpRequest, form: ApplicationForm, ref: ApplicantRef, stored: dict[str, str]
) -> str:
    """Submit the application; the case number, or "" with the errors put on the form."""
    user = _user(request)
    point = clerk_service_point(user)
    app = form.application
    body = SubmissionRequest(
        channel=Channel.WINDOW,
        matter="" if app.is_bundle else app.code,
        bundle=app.code if app.is_bundle else "",
        applicant_id_number=ref.code if ref.kind == "person" else "",
        applicant_uscc=ref.code if ref.kind == "organisation" else "",
        applicant_name=ref.name,
        agent_id_number=form.cleaned_data["agent_id_number"],
        service_point=point.code if point else "",
        form=form.form_values(),
        materials=form.materials(stored),
    )
    try:
        submission = submit_case(
            body, actor=user, idempotency_key=form.cleaned_data["idempotency_key"]
        )
    except DomainError as error:
        if error.code == CaseErrorCode.IDEMPOTENCY_KEY_CONFLICT and error.details.get("case"):
            # The same screen was sent twice (a double click, or back and send again): the
            # case exists already, so show it rather than a second case or an error.
            messages.info(request, _("这份申请已经提交过，以下是它的办理结果。"))
            return str(error.details["case"])
        _explain(form, error)
        return ""
    _link_to_ticket(user, submission.case.number)
    return submission.case.number


def _link_to_ticket(user: User, number: str) -> None:
    """The case joins the visit of the ticket being served at the clerk's window, if any."""
    try:
        link_case_to_current_ticket(actor=user, case_number=number)
    except DomainError:  # the case stands on its own; the visit's record only misses a line
        logger.warning("case not linked to the window's ticket", extra={"case": number})


def _explain(form: ApplicationForm, error: DomainError) -> None:
    fields = error.details.get("fields")
    placed = False
    if error.code == ErrorCode.INVALID_FORM and isinstance(fields, dict):
        for name, problem in fields.items():
            if f"form-{name}" in form.fields:
                form.add_error(f"form-{name}", str(problem))
                placed = True
    elif error.code == ErrorCode.INVALID_ID_NUMBER:
        form.add_error("agent_id_number", error.message)
        placed = True
    if not placed:
        form.add_error(None, error.message)


@staff_required(Role.CLERK)
@require_http_methods(["GET"])
def window_result(request: HttpRequest, number: str) -> HttpResponse:
    """The outcome in plain words, with what to print."""
    try:
        case = access_case(_user(request), number)
    except NotFound as error:
        raise Http404(error.message) from None
    prints = {
        Outcome.DECIDED: [("receipt", _("打印受理回执"))],
        Outcome.ACCEPTED: [("receipt", _("打印受理回执"))],
        Outcome.TOLERANT: [("receipt", _("打印受理回执")), ("notice", _("打印一次性告知书"))],
        Outcome.NOTICE: [("notice", _("打印一次性告知书"))],
        Outcome.REFUSED: [("refusal", _("打印不予受理通知书"))],
    }[Outcome(case.outcome)]
    documents = [
        (reverse(f"workbench:case-{kind}", args=[case.number]), label) for kind, label in prints
    ]
    context = {
        "case": case,
        "documents": documents,
        "gaps": notice_gaps(case),
        "reasons": refusal_reasons(case),
    }
    return render(request, "workbench/window_result.html", context)
