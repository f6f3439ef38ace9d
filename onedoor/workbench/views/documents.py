"""Files staff open from the workbench: a case's printed papers, its uploads, result licences."""

import uuid
from collections.abc import Callable
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onedoor.accounts.models import User
from onedoor.cases.choices import MaterialState, Outcome
from onedoor.cases.documents import render_notice, render_receipt, render_refusal
from onedoor.cases.models import Case
from onedoor.cases.queries import access_case, get_choice_labels
from onedoor.core.errors import NotFound
from onedoor.licences.models import Upload
from onedoor.licences.queries import access_licence
from onedoor.licences.services.pdf import render_licence_pdf
from onedoor.workbench.access import staff_required

# Which paper each outcome calls for; asking for another one answers 404.
RECEIPT_OUTCOMES = (Outcome.DECIDED, Outcome.ACCEPTED, Outcome.TOLERANT)
NOTICE_OUTCOMES = (Outcome.NOTICE, Outcome.TOLERANT)
REFUSAL_OUTCOMES = (Outcome.REFUSED,)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _paper(
    request: HttpRequest,
    number: str,
    outcomes: tuple[Outcome, ...],
    render: Callable[[Case], bytes],
    kind: str,
) -> HttpResponse:
    try:
        case = access_case(_user(request), number)
    except NotFound as error:
        raise Http404(error.message) from None
    if case.outcome not in outcomes:
        raise Http404(_("这个办件没有这种文书。"))
    return _pdf(render(case), f"{case.number}-{kind}.pdf")


@staff_required()
@require_GET
def receipt_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """受理回执."""
    return _paper(request, number, RECEIPT_OUTCOMES, render_receipt, "receipt")


@staff_required()
@require_GET
def notice_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """一次性告知书."""
    return _paper(request, number, NOTICE_OUTCOMES, render_notice, "notice")


@staff_required()
@require_GET
def refusal_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """不予受理通知书."""
    return _paper(request, number, REFUSAL_OUTCOMES, render_refusal, "refusal")


@staff_required()
@require_GET
def case_upload(request: HttpRequest, number: str, upload: uuid.UUID) -> FileResponse:
    """A file uploaded for one of the case's materials; the read is logged with the case."""
    try:
        case = access_case(_user(request), number)
    except NotFound as error:
        raise Http404(error.message) from None
    sources = {m.source for m in case.materials.all() if m.state == MaterialState.UPLOADED}
    stored = Upload.objects.filter(public_id=upload).first()
    if stored is None or str(upload) not in sources:
        raise Http404(_("这个办件没有这份上传文件。"))
    extension = PurePath(stored.storage_name).suffix
    response = FileResponse(
        default_storage.open(stored.storage_name, "rb"),
        content_type=stored.content_type,
        as_attachment=False,
        filename=f"{case.number}-{stored.public_id}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required()
@require_GET
def licence_pdf(request: HttpRequest, number: str) -> HttpResponse:
    """A licence to print for its holder; the read is logged (with the case when given)."""
    purpose = request.GET.get("case", "")[:24] or _("窗口出件")
    try:
        licence = access_licence(_user(request), number, purpose=purpose)
    except NotFound as error:
        raise Http404(error.message) from None
    return _pdf(
        render_licence_pdf(licence, get_choice_labels(licence.case_number)), f"{licence.number}.pdf"
    )
