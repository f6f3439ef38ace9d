"""Instant matters by ID number: choose a matter, be identified, see the checklist, fill in the
form, submit with channel "kiosk", and see (and print) the licence or the outcome."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from onedoor.cases.actions.submit import SubmissionRequest, submit_case
from onedoor.cases.choices import Outcome
from onedoor.cases.documents import notice_gaps, refusal_reasons
from onedoor.cases.errors import CaseErrorCode
from onedoor.cases.models import Case
from onedoor.cases.queries import get_choice_labels
from onedoor.catalog.choices import Channel
from onedoor.catalog.services.content import VersionContent
from onedoor.core.errors import DomainError, NotFound
from onedoor.core.forms import explain_refusal
from onedoor.kiosk.forms import ApplicationForm, IdentifyForm
from onedoor.kiosk.queries import (
    find_case,
    get_kiosk_matter,
    get_kiosk_matters,
    identify_person,
    kiosk_checklist,
)
from onedoor.kiosk.services.papers import case_papers, licence_copy
from onedoor.kiosk.state import CASE, MATTER, PERSON
from onedoor.kiosk.views.base import Kiosk, kiosk_view, not_found, screen
from onedoor.licences.models import Licence
from onedoor.registry.models import Person


@require_safe
@kiosk_view
def matters(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    return screen(request, kiosk, "kiosk/matters.html", {"matters": get_kiosk_matters()})


def _matter(code: str) -> VersionContent | None:
    try:
        return get_kiosk_matter(code)
    except NotFound:
        return None


@require_http_methods(["GET", "POST"])
@kiosk_view
def identify(request: HttpRequest, kiosk: Kiosk, code: str) -> HttpResponse:
    """The citizen's ID number, from the card reader or the keypad."""
    content = _matter(code)
    if content is None:
        return not_found(request, kiosk, _("自助终端不办理这个事项，请到综合窗口办理。"))
    form = IdentifyForm(request.POST or None)
    if request.method == "GET" and kiosk.state.get(PERSON):
        return kiosk.go("apply", code=code)
    if request.method == "POST" and form.is_valid():
        try:
            person = identify_person(form.cleaned_data["id_number"])
        except NotFound as error:
            form.add_error("id_number", error.message)
        else:
            kiosk.state.remember(person=person.id_number, matter=code)
            return kiosk.go("apply", code=code)
    context = {"version": content.version, "form": form}
    status = 422 if request.method == "POST" else 200
    return screen(request, kiosk, "kiosk/identify.html", context, status=status)


@require_http_methods(["GET", "POST"])
@kiosk_view
def apply(request: HttpRequest, kiosk: Kiosk, code: str) -> HttpResponse:
    """The checklist and the matter's form for the citizen identified a screen earlier."""
    content = _matter(code)
    if content is None:
        return not_found(request, kiosk, _("自助终端不办理这个事项，请到综合窗口办理。"))
    person = Person.objects.filter(id_number=kiosk.state.get(PERSON)).first()
    if person is None:
        return kiosk.go("identify", code=code)
    kiosk.state.remember(matter=code)
    form = ApplicationForm(
        request.POST or None,
        fields=content.form_fields,
        checklist=kiosk_checklist(person, content),
    )
    if request.method == "POST" and form.is_valid():
        number = _submit(kiosk, person, content, form)
        if number:
            kiosk.state.remember(case=number)
            return kiosk.go("result")
    context = {"version": content.version, "person": person, "form": form}
    status = 422 if request.method == "POST" else 200
    return screen(request, kiosk, "kiosk/apply.html", context, status=status)


def _submit(kiosk: Kiosk, person: Person, content: VersionContent, form: ApplicationForm) -> str:
    """Submit as the citizen, channel kiosk; the case number, or "" with the errors on the form."""
    body = SubmissionRequest(
        channel=Channel.KIOSK,
        matter=content.matter_code,
        applicant_id_number=person.id_number,
        service_point=kiosk.point.code,
        form=form.form_values(),
        materials=form.materials(),
    )
    try:
        submission = submit_case(
            body, actor=person, idempotency_key=form.cleaned_data["idempotency_key"]
        )
    except DomainError as error:
        if error.code == CaseErrorCode.IDEMPOTENCY_KEY_CONFLICT and error.details.get("case"):
            # The same screen sent again with other answers: its case exists, show that one.
            return str(error.details["case"])
        explain_refusal(form, error)
        return ""
    return submission.case.number


def current_case(kiosk: Kiosk, name: str) -> Case | None:
    """The case the state names under ``name``, read again for the citizen identified."""
    number, id_number = kiosk.state.get(name), kiosk.state.get(PERSON)
    if not number or not id_number:
        return None
    try:
        return find_case(number, id_number)
    except DomainError:
        kiosk.state.forget(name)
        return None


def outcome_context(case: Case) -> dict[str, Any]:
    """The outcome in words, the licences issued, and the papers to print."""
    licence_ids = [r.licence_id for r in case.results.all() if r.licence_id]
    licences = Licence.objects.with_relations().filter(pk__in=licence_ids).order_by("number")
    return {
        "case": case,
        "decided": case.outcome == Outcome.DECIDED,
        "copies": [
            licence_copy(licence, get_choice_labels(licence.case_number)) for licence in licences
        ],
        "papers": case_papers(case),
        "gaps": notice_gaps(case) if case.outcome in (Outcome.NOTICE, Outcome.TOLERANT) else [],
        "reasons": refusal_reasons(case) if case.outcome == Outcome.REFUSED else [],
    }


@require_safe
@kiosk_view
def result(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """What the submission came to: the licence to print, or the notice, or the refusal."""
    case = current_case(kiosk, CASE)
    if case is None:
        return kiosk.home()
    kiosk.state.forget(MATTER)
    return screen(request, kiosk, "kiosk/result.html", outcome_context(case))
