"""The public licence verification page, the page a licence's QR code opens."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from onedoor.core.identifiers import mask_id_number
from onedoor.licences.choices import VerificationReason
from onedoor.licences.models import Licence
from onedoor.licences.queries import get_verified_licence, normalise_number

_HEADLINES = {
    VerificationReason.OK: _("证照有效"),
    VerificationReason.REVOKED: _("证照已撤销"),
    VerificationReason.EXPIRED: _("证照已过期"),
    VerificationReason.TAMPERED: _("证照内容异常"),
    VerificationReason.NOT_FOUND: _("未找到证照"),
}

_EXPLANATIONS = {
    VerificationReason.OK: _("该证照由发证部门签发，电子印章核验通过，内容未被改动，目前有效。"),
    VerificationReason.REVOKED: _("该证照已被发证部门撤销，不再有效。"),
    VerificationReason.EXPIRED: _("该证照已超过有效期，不再有效。"),
    VerificationReason.TAMPERED: _(
        "该证照的内容与发证部门的电子印章不符，可能已被篡改，请勿采信。如有疑问，请联系发证部门。"
    ),
    VerificationReason.NOT_FOUND: _("没有这个编号的证照，请核对编号是否输入正确。"),
}


@require_safe
def verify_page(request: HttpRequest, number: str) -> HttpResponse:
    result = get_verified_licence(number)
    reason = VerificationReason(result.reason)
    # Content that no longer matches its seal is not shown: it would lend it credibility.
    shown = result.licence if reason != VerificationReason.TAMPERED else None
    context = {
        "number": normalise_number(number),
        "valid": result.valid,
        "reason": reason.value,
        "headline": _HEADLINES[reason],
        "explanation": _EXPLANATIONS[reason],
        "licence": _summary(shown) if shown is not None else None,
    }
    status = 404 if reason == VerificationReason.NOT_FOUND else 200
    response = render(request, "hall/licence_verify.html", context, status=status)
    # The answer changes when a licence is revoked or expires: never serve a stale one.
    response["Cache-Control"] = "no-store"
    return response


def _summary(licence: Licence) -> dict[str, Any]:
    person = licence.holder_person
    if person is not None:
        holder = f"{_mask_name(person.name)}（{mask_id_number(person.id_number)}）"
    else:
        holder = f"{licence.holder_name}（{licence.holder_identifier}）"
    return {
        "type_name": licence.licence_type.name,
        "holder": holder,
        "issuer": licence.issuer.name,
        "issued_on": timezone.localtime(licence.issued_at).date(),
        "valid_until": licence.valid_until,
        "revoked_on": timezone.localtime(licence.revoked_at).date() if licence.revoked_at else None,
    }


def _mask_name(name: str) -> str:
    """``张小明`` → ``张**``: enough for the holder to recognise, too little to identify."""
    return name[:1] + "*" * max(len(name) - 1, 1)
