"""Applying online: choose for whom, fill in the prefilled form, answer only the real gaps,
save a draft or submit it through the one submission action (channel ``online``)."""

import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onedoor.accounts.citizen import (
    ActingOption,
    acting_options,
    citizen_required,
    find_option,
    get_citizen,
    resolve_party,
)
from onedoor.cases.errors import CaseErrorCode
from onedoor.catalog.choices import Channel
from onedoor.catalog.queries import get_bundle, get_guide
from onedoor.core.errors import DomainError, NotFound
from onedoor.core.forms import explain_refusal
from onedoor.hall.actions import discard_draft, save_draft, start_draft, submit_draft
from onedoor.hall.choices import DraftStatus
from onedoor.hall.errors import HallErrorCode
from onedoor.hall.forms import OnlineApplicationForm, submission_materials
from onedoor.hall.models import Draft
from onedoor.hall.queries import access_draft
from onedoor.hall.services.application import material_rows, prefill
from onedoor.licences.actions import store_upload
from onedoor.registry.models import Person
from onedoor.workbench.queries import WindowApplication, window_application


def _citizen(request: HttpRequest) -> Person:
    person = get_citizen(request)
    assert person is not None  # citizen_required let the request through
    return person


def _application(code: str, bundle: bool) -> WindowApplication:
    try:
        return window_application(code, bundle=bundle)
    except NotFound as error:
        raise Http404(error.message) from None


def offers_online(code: str, bundle: bool) -> bool:
    """Whether the matter (every matter of a bundle) may be applied for online."""
    if bundle:
        members = get_bundle(code).members
        return bool(members) and all(Channel.ONLINE in m.version.channels for m in members)
    return Channel.ONLINE in get_guide(code).version.channels


def _options_for(person: Person, audience: str) -> list[ActingOption]:
    return [o for o in acting_options(person) if audience in ("both", o.kind)]


@citizen_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str, bundle: bool = False) -> HttpResponse:
    """办理: choose for whom (self, a ward, an organisation), then on to the form."""
    app = _application(code, bundle)
    citizen = _citizen(request)
    online = offers_online(code, bundle)
    options = _options_for(citizen, app.audience)
    if request.method == "POST" and online:
        option = find_option(options, request.POST.get("for", ""))
        if option is None:
            return render(
                request, "hall/apply_refused.html", {"app": app, "bundle": bundle}, status=403
            )
        draft = _start(citizen, option, app)
        return redirect("hall:draft", draft=draft.public_id)
    context = {"app": app, "bundle": bundle, "online": online, "options": options}
    return render(request, "hall/apply_for.html", context)


def _start(citizen: Person, option: ActingOption, app: WindowApplication) -> Draft:
    party = resolve_party(option)
    if party is None:
        raise Http404(_("申请人已不在登记库中。"))
    values = prefill([f.name for f in app.fields], party, citizen)
    return start_draft(
        actor=citizen,
        option=option,
        code=app.code,
        is_bundle=app.is_bundle,
        name=app.name,
        form=values,
    )


def _draft_or_404(citizen: Person, draft_id: uuid.UUID) -> Draft:
    try:
        return access_draft(citizen, draft_id)
    except NotFound as error:
        raise Http404(error.message) from None


@citizen_required
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, draft: uuid.UUID) -> HttpResponse:
    """The form, prefilled, with the checklist: save it, submit it, or delete it."""
    citizen = _citizen(request)
    found = _draft_or_404(citizen, draft)
    if found.status == DraftStatus.SUBMITTED:
        return redirect("hall:case", number=found.case_number)
    if found.status != DraftStatus.OPEN:
        raise Http404(_("这份草稿已删除。"))
    app = _application(found.code, found.is_bundle)
    party = resolve_party(_option_of(found))
    if party is None:
        raise Http404(_("申请人已不在登记库中。"))
    rows = material_rows(app, party, citizen)
    if request.method == "POST":
        return _post(request, citizen, found, app, rows)
    form = OnlineApplicationForm(
        application=app, rows=rows, saved=found.materials, initial=_initial(found)
    )
    return _render(request, found, form)


def _option_of(draft: Draft) -> ActingOption:
    return ActingOption(draft.applicant_kind, draft.applicant_code, draft.applicant_name, "")


def _initial(draft: Draft) -> dict[str, Any]:
    initial: dict[str, Any] = {f"form-{k}": v for k, v in draft.form.items()}
    initial["idempotency_key"] = draft.idempotency_key
    return initial


def _render(
    request: HttpRequest, draft: Draft, form: OnlineApplicationForm, status: int = 200
) -> HttpResponse:
    context = {
        "draft": draft,
        "app": form.application,
        "form": form,
        "rows": form.rows_for_template(),
        "gap_count": len(form.gaps),
    }
    response = render(request, "hall/draft.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _post(
    request: HttpRequest, citizen: Person, draft: Draft, app: WindowApplication, rows: list[Any]
) -> HttpResponse:
    action = request.POST.get("action", "save")
    if action == "discard":
        _discard(citizen, draft)
        messages.info(request, _("草稿已删除。"))
        return redirect("hall:me")
    form = OnlineApplicationForm(
        request.POST, request.FILES, application=app, rows=rows, saved=draft.materials
    )
    valid = form.is_valid()
    uploads = {
        code: kept["upload_id"] for code, kept in draft.materials.items() if kept.get("upload_id")
    }
    uploads.update(_store_files(citizen, form))
    try:
        draft = save_draft(
            actor=citizen,
            draft=draft,
            form=form.raw_values(),
            handlings=form.raw_handlings(),
            uploads=uploads,
        )
    except DomainError as error:
        return _already_submitted(request, error)
    form.saved = draft.materials
    if action != "submit":
        if not any(name.startswith("file-") for name in form.errors):
            messages.success(request, _("草稿已保存，可以随时回来继续填写。"))
            return redirect("hall:draft", draft=draft.public_id)
        return _render(request, draft, form, status=422)
    if not valid or form.errors:
        return _render(request, draft, form, status=422)
    materials = submission_materials(form.raw_handlings(), uploads)
    try:
        case = submit_draft(
            actor=citizen, draft=draft, form=form.form_values(), materials=materials
        )
    except DomainError as error:
        if error.code == CaseErrorCode.IDEMPOTENCY_KEY_CONFLICT and error.details.get("case"):
            return _already_submitted(request, error)
        explain_refusal(form, error)
        return _render(request, draft, form, status=error.status if error.status < 500 else 422)
    return redirect(f"{reverse('hall:case', args=[case.number])}?new=1")


def _discard(citizen: Person, draft: Draft) -> None:
    try:
        discard_draft(actor=citizen, draft=draft)
    except DomainError as error:
        if error.code != HallErrorCode.DRAFT_NOT_OPEN:
            raise


def _already_submitted(request: HttpRequest, error: DomainError) -> HttpResponse:
    """The same application was sent twice (a double click, a resent page): show its case."""
    number = error.details.get("case")
    if not number:
        raise Http404(error.message)
    messages.info(request, _("这份申请已经提交过，以下是它的办理情况。"))
    return redirect("hall:case", number=number)


def _store_files(citizen: Person, form: OnlineApplicationForm) -> dict[str, str]:
    stored = {}
    for code, attached in form.files_to_store().items():
        try:
            upload = store_upload(actor_label=citizen.audit_label, file=attached)
        except DomainError as error:
            form.add_error(f"file-{code}", error.message)
            continue
        stored[code] = str(upload.public_id)
    return stored
