"""E-licences: the licence for its holder and staff, its PDF, revocation, public verification."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from onedoor.api.auth import Principal, bearer, require_staff
from onedoor.cases.queries import get_choice_labels
from onedoor.core.errors import NotFound
from onedoor.licences.actions import revoke_licence
from onedoor.licences.models import Licence
from onedoor.licences.queries import access_licence, get_licence, verify_licence
from onedoor.licences.services.pdf import render_licence_pdf

router = Router(tags=["licences"])


class CodeNameOut(Schema):
    code: str
    name: str


class HolderOut(Schema):
    kind: str = Field(description="person or organisation")
    id_number: str | None = Field(None, description="the person's ID number (persons only)")
    uscc: str | None = Field(None, description="unified social credit code (organisations only)")
    name: str


class LicenceOut(Schema):
    number: str
    type: CodeNameOut
    holder: HolderOut
    fields: dict[str, Any] = Field(description="the licence's content, by field name")
    issued_at: dt.datetime
    valid_until: dt.date | None = Field(description="null: valid with no end date")
    status: str = Field(description="valid or revoked (see /verification for expiry)")
    issuer: CodeNameOut
    key_id: str = Field(description="the e-seal key that signed the licence")
    signature: str = Field(description="base64 signature of the licence's canonical form")


class VerificationOut(Schema):
    valid: bool
    reason: str = Field(description="ok, revoked, expired, tampered or not_found")


class RevokeIn(Schema):
    reason: str = Field(max_length=200)


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any]


def licence_answer(licence: Licence) -> dict[str, Any]:
    holder: dict[str, Any] = {"kind": licence.holder_kind, "name": licence.holder_name}
    holder["id_number" if licence.holder_kind == "person" else "uscc"] = licence.holder_identifier
    return {
        "number": licence.number,
        "type": {"code": licence.licence_type.code, "name": licence.licence_type.name},
        "holder": holder,
        "fields": licence.fields,
        "issued_at": licence.issued_at,
        "valid_until": licence.valid_until,
        "status": licence.status,
        "issuer": {"code": licence.issuer.code, "name": licence.issuer.name},
        "key_id": licence.key_id,
        "signature": licence.signature,
    }


def _viewer(request: HttpRequest) -> Any:
    principal = request.auth  # type: ignore[attr-defined]  # set by the bearer auth
    assert isinstance(principal, Principal)
    return principal.actor


@router.get(
    "{number}",
    auth=bearer,
    response={200: LicenceOut, 404: ErrorOut},
    summary="A licence (staff, or a citizen who may act for its holder)",
)
def get_licence_detail(request: HttpRequest, number: str, purpose: str = "") -> Any:
    return licence_answer(access_licence(_viewer(request), number, purpose=purpose))


@router.get(
    "{number}/pdf",
    auth=bearer,
    response={200: None, 404: ErrorOut},
    summary="The licence as a printable PDF with its verification QR code",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def get_licence_pdf(request: HttpRequest, number: str, purpose: str = "") -> HttpResponse:
    licence = access_licence(_viewer(request), number, purpose=purpose)
    response = HttpResponse(
        render_licence_pdf(licence, get_choice_labels(licence.case_number)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{licence.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "{number}/verification",
    auth=None,
    response=VerificationOut,
    summary="Public verification: is this licence genuine and in force?",
)
def get_licence_verification(request: HttpRequest, number: str) -> dict[str, Any]:
    result = verify_licence(number)
    return {"valid": result.valid, "reason": result.reason}


@router.post(
    "{number}/revoke",
    auth=bearer,
    response={200: LicenceOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Revoke a licence (an approver of the issuing department)",
)
def post_licence_revoke(request: HttpRequest, number: str, payload: RevokeIn) -> Any:
    user = require_staff(request)
    licence = get_licence(number)
    if licence is None:
        raise NotFound(_("没有这张证照。"))
    revoke_licence(actor=user, licence=licence, reason=payload.reason)
    return licence_answer(licence)
