"""Reads of e-licences: verification, the holder's wallet, reuse, and who may see a licence."""

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.core.errors import NotFound
from onedoor.licences.choices import LicenceStatus, VerificationReason
from onedoor.licences.models import Licence, LicenceQuerySet
from onedoor.licences.services.canonical import (
    as_date,
    as_datetime,
    canonical_form,
    licence_canonical_form,
)
from onedoor.licences.signers import verify_data
from onedoor.registry.actions import log_data_access
from onedoor.registry.models import Organisation, Person
from onedoor.registry.queries import can_act_for, get_person_organisations, is_staff_user

NUMBER_MAX_LENGTH = 40
# How many of a holder's newest licences of one type are tried before reuse gives up.
_REUSE_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """What the public verification says of a licence number."""

    valid: bool
    reason: str  # a VerificationReason value
    licence: Licence | None = None


def normalise_number(number: str) -> str:
    return (number or "").strip().upper()[:NUMBER_MAX_LENGTH]


def get_licence(number: str) -> Licence | None:
    """The licence with this number, its type, issuer and holder loaded, or None."""
    return Licence.objects.with_relations().filter(number=normalise_number(number)).first()


def verify_licence(number: str) -> VerificationResult:
    """Whether the licence is genuine and in force: ok, revoked, expired, tampered, not_found.

    The public check behind every QR code, so it reads only what the signature covers, in one
    query whose SQL is compiled once per process (building the ORM query cost more than the
    query and the signature check together). ``result.licence`` is None; see
    ``get_verified_licence`` for the licence itself.
    """
    with connection.cursor() as cursor:
        cursor.execute(_verification_sql(connection.vendor), [normalise_number(number)])
        row = cursor.fetchone()
    if row is None:
        return VerificationResult(valid=False, reason=VerificationReason.NOT_FOUND)
    stored = dict(zip(_VERIFICATION_COLUMNS, row, strict=True))
    fields, valid_until = stored["fields"], as_date(stored["valid_until"])
    data = canonical_form(
        number=stored["number"],
        type_code=stored["licence_type__code"],
        holder_id=stored["holder_person__id_number"] or stored["holder_organisation__uscc"],
        fields=json.loads(fields) if isinstance(fields, str) else fields,
        issued_at=as_datetime(stored["issued_at"]),
        valid_until=valid_until,
        issuer_code=stored["issuer__code"],
        key_id=stored["key_id"],
    )
    genuine = verify_data(stored["key_id"], data, stored["signature"])
    return _result(genuine, stored["status"], valid_until)


_VERIFICATION_COLUMNS = (
    "number",
    "fields",
    "issued_at",
    "valid_until",
    "status",
    "key_id",
    "signature",
    "licence_type__code",
    "issuer__code",
    "holder_person__id_number",
    "holder_organisation__uscc",
)


@functools.cache
def _verification_sql(vendor: str) -> str:
    query = Licence.objects.filter(number="").order_by().values_list(*_VERIFICATION_COLUMNS)
    sql, _params = query.query.sql_with_params()
    return sql


def get_verified_licence(number: str) -> VerificationResult:
    """The verification with the licence loaded, for pages that show what was verified."""
    licence = get_licence(number)
    if licence is None:
        return VerificationResult(valid=False, reason=VerificationReason.NOT_FOUND)
    return check_licence(licence)


def check_licence(licence: Licence) -> VerificationResult:
    """The verification of a licence already loaded (with ``with_relations``)."""
    genuine = verify_data(licence.key_id, licence_canonical_form(licence), licence.signature)
    result = _result(genuine, licence.status, licence.valid_until)
    return VerificationResult(valid=result.valid, reason=result.reason, licence=licence)


def _result(genuine: bool, status: str, valid_until: dt.date | None) -> VerificationResult:
    # Tampering comes first: content that no longer matches its e-seal says nothing reliable,
    # not even that it was revoked.
    if not genuine:
        reason = VerificationReason.TAMPERED
    elif status == LicenceStatus.REVOKED:
        reason = VerificationReason.REVOKED
    elif valid_until is not None and valid_until < timezone.localdate():
        reason = VerificationReason.EXPIRED
    else:
        reason = VerificationReason.OK
    return VerificationResult(valid=reason == VerificationReason.OK, reason=str(reason))


def can_view_licence(viewer: Any, licence: Licence) -> bool:
    """Staff, or a citizen who may act for the holder (themself, a ward, a represented firm)."""
    if isinstance(viewer, Person):
        if licence.holder_person is not None:
            return can_act_for(viewer, person_target=licence.holder_person)
        return can_act_for(viewer, organisation=licence.holder_organisation)
    return is_staff_user(viewer)


def access_licence(viewer: Any, number: str, *, purpose: str = "") -> Licence:
    """The licence for someone who may see it, else ``not_found`` (its existence stays hidden).

    A staff read is logged in the holder's data-access log, with its purpose when given.
    """
    licence = get_licence(number)
    if licence is None or not can_view_licence(viewer, licence):
        raise NotFound(_("没有这张证照。"))
    if not isinstance(viewer, Person):
        log_data_access(
            accessor=viewer,
            person=licence.holder_person,
            organisation=licence.holder_organisation,
            action="read",
            purpose=purpose.strip(),
            detail=f"licence {licence.number}",
        )
    return licence


def get_wallet(person: Person) -> LicenceQuerySet:
    """The person's licences and those of the organisations they represent or act for."""
    usccs = [organisation.uscc for organisation in get_person_organisations(person)]
    return Licence.objects.with_relations().filter(
        Q(holder_person=person) | Q(holder_organisation__uscc__in=usccs)
    )


def licences_for(holder: Person | Organisation, type_code: str) -> Licence | None:
    """A genuine, unrevoked, unexpired licence of this type the holder has, the newest first.

    What reuse relies on to satisfy a material without asking for it again.
    """
    holder_q = (
        Q(holder_person=holder) if isinstance(holder, Person) else Q(holder_organisation=holder)
    )
    candidates = (
        Licence.objects.with_relations()
        .filter(holder_q, licence_type__code=type_code, status=LicenceStatus.VALID)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()))
        .order_by("-issued_at", "-id")[:_REUSE_CANDIDATES]
    )
    for licence in candidates:
        if check_licence(licence).valid:
            return licence
    return None


def verification_url(number: str) -> str:
    """The public address of the licence's verification page, which its QR code opens."""
    return settings.ONEDOOR_PUBLIC_URL + reverse("hall:licence-verify", args=[number])
