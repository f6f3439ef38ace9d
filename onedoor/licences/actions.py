"""Writes of the licences app: issuing, revoking and reusing e-licences, e-seal keys, uploads."""

import base64
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onedoor.accounts.models import Role, User
from onedoor.catalog.models import Department
from onedoor.core.audit import actor_label as label_of
from onedoor.core.audit import record_event
from onedoor.core.db import insert_rows, repeating_cursor
from onedoor.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from onedoor.licences.choices import LicenceStatus
from onedoor.licences.errors import LicenceErrorCode
from onedoor.licences.models import (
    Licence,
    LicenceNumberSequence,
    LicenceReuse,
    LicenceType,
    SigningKey,
    Upload,
)
from onedoor.licences.services.canonical import canonical_form
from onedoor.licences.services.sniffing import (
    EXTENSIONS,
    SNIFF_BYTES,
    declared_type_agrees,
    sniff_upload_type,
)
from onedoor.licences.signers import current_signer, move_signing_keys_stamp
from onedoor.registry.models import Organisation, Person

logger = logging.getLogger(__name__)

Holder = Person | Organisation


# -- issuing --------------------------------------------------------------------------------


def issue_licence(
    *,
    actor: Any,
    licence_type: LicenceType,
    holder: Holder,
    fields: dict[str, Any],
    issuer: Department | None = None,
    valid_until: dt.date | None = None,
    case_number: str = "",
    idempotency_key: str | None = None,
    source_reference: str = "",
    channel: str = "",
) -> Licence:
    """Issue an e-licence, signed with the issuer's e-seal.

    ``idempotency_key`` (e.g. ``case:<case number>:<matter code>``) makes a retry safe: the same
    key returns the licence issued the first time and never issues a second one (a unique
    constraint backs this against concurrent retries); the same key for another licence type or
    holder is ``idempotency_key_conflict``. Who may issue is the caller's decision (the case
    that decided it); this action only checks that the licence is well-formed.
    """
    _check_holder_kind(licence_type, holder)
    issuer = issuer or licence_type.department
    issued_at = timezone.now().replace(microsecond=0)
    if valid_until is not None and valid_until < timezone.localdate(issued_at):
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("有效期不能早于发证日期。"),
            details={"fields": {"valid_until": "before the issue date"}},
        )
    if valid_until is None and licence_type.validity_days:
        valid_until = timezone.localdate(issued_at) + dt.timedelta(
            days=licence_type.validity_days - 1
        )
    try:
        with transaction.atomic():
            licence = _create_signed_licence(
                licence_type=licence_type,
                holder=holder,
                fields=_json_fields(fields),
                issuer=issuer,
                issued_at=issued_at,
                valid_until=valid_until,
                case_number=case_number,
                idempotency_key=idempotency_key or None,
                source_reference=source_reference,
            )
            record_event(
                actor=actor,
                action="licences.licence_issued",
                obj=licence,
                channel=channel,
                payload={
                    "type": licence_type.code,
                    "issuer": issuer.code,
                    "key_id": licence.key_id,
                    "case_number": case_number,
                },
            )
    except IntegrityError:
        if not idempotency_key:
            raise
        # Most keys are new, so the key is not looked up first: a retry (or a concurrent twin
        # that committed first) meets the unique key here, its number drawn and its row undone
        # with the savepoint, and answers with the licence issued the first time.
        existing = _licence_for_key(idempotency_key, licence_type, holder)
        if existing is None:
            raise
        return existing
    return licence


def _check_holder_kind(licence_type: LicenceType, holder: Holder) -> None:
    kind = "person" if isinstance(holder, Person) else "organisation"
    if kind != licence_type.holder_kind:
        raise DomainError(
            LicenceErrorCode.HOLDER_KIND_MISMATCH,
            _("该类证照的持证主体类型不符。"),
            details={"expected": licence_type.holder_kind, "given": kind},
        )


def _json_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields exactly as the JSON column will give them back, so the signature holds."""
    if not isinstance(fields, dict):
        raise DomainError(ErrorCode.INVALID_INPUT, _("证照内容须为字段与值的对应表。"))
    try:
        text = json.dumps(fields, cls=DjangoJSONEncoder, allow_nan=False)
    except (TypeError, ValueError):
        raise DomainError(
            ErrorCode.INVALID_INPUT, _("证照内容含有无法保存的值。"), details={"fields": {}}
        ) from None
    normalised: dict[str, Any] = json.loads(text)
    return normalised


def _licence_for_key(key: str, licence_type: LicenceType, holder: Holder) -> Licence | None:
    licence = Licence.objects.with_relations().filter(idempotency_key=key).first()
    if licence is None:
        return None
    # The holder kinds agree once the types do: _check_holder_kind ran against this type.
    if licence.licence_type_id != licence_type.pk or licence.holder.pk != holder.pk:
        raise DomainError(
            LicenceErrorCode.IDEMPOTENCY_KEY_CONFLICT,
            _("该幂等键已用于另一张证照。"),
            status=409,
        )
    return licence


def _create_signed_licence(
    *,
    licence_type: LicenceType,
    holder: Holder,
    fields: dict[str, Any],
    issuer: Department,
    issued_at: dt.datetime,
    valid_until: dt.date | None,
    **extra: Any,
) -> Licence:
    number = _next_licence_number(licence_type, issued_at)
    holder_id = holder.id_number if isinstance(holder, Person) else holder.uscc
    key_id, signature = _sign(
        issuer.code,
        lambda key_id: canonical_form(
            number=number,
            type_code=licence_type.code,
            holder_id=holder_id,
            fields=fields,
            issued_at=issued_at,
            valid_until=valid_until,
            issuer_code=issuer.code,
            key_id=key_id,
        ),
    )
    licence = Licence(
        number=number,
        licence_type=licence_type,
        holder_person=holder if isinstance(holder, Person) else None,
        holder_organisation=holder if isinstance(holder, Organisation) else None,
        fields=fields,
        issued_at=issued_at,
        valid_until=valid_until,
        issuer=issuer,
        key_id=key_id,
        signature=signature,
        **extra,
    )
    insert_rows(Licence, [licence])
    return licence


def _sign(department_code: str, canonical: Callable[[str], bytes]) -> tuple[str, str]:
    """Sign the canonical form, which names the key id: ``(key_id, base64 signature)``."""
    signer = current_signer()
    key_id = signer.current_key_id(department_code)
    for _attempt in range(3):
        signed_by, signature = signer.sign(department_code, canonical(key_id))
        if signed_by == key_id:
            return key_id, base64.b64encode(signature).decode("ascii")
        key_id = signed_by  # the key was rotated between the two calls: sign again
    raise DomainError(ErrorCode.CONFLICT, _("电子印章密钥正在更换，请重试。"), status=409)


def _next_licence_number(licence_type: LicenceType, issued_at: dt.datetime) -> str:
    """``<area code>-<type code>-<year>-<serial>``: the serial counts per prefix and year.

    The counter row is bumped (and read) by one ``UPDATE … RETURNING``, which holds its row
    lock until the issuing transaction ends, so two concurrent issues can never draw the same
    serial.
    """
    year = timezone.localtime(issued_at).year
    prefix = f"{settings.ONEDOOR_AREA_CODE}-{licence_type.effective_number_code}"
    serial = _bump_serial(prefix, year)
    if serial is None:
        serial = _first_serial(prefix, year)
    return f"{prefix}-{year}-{serial:06d}"


_BUMP_SERIAL = (
    f"UPDATE {LicenceNumberSequence._meta.db_table} SET last_value = last_value + 1 "  # noqa: S608  # table name from the model
    "WHERE prefix = %s AND year = %s RETURNING last_value"
)


def _bump_serial(prefix: str, year: int) -> int | None:
    """The next serial of the prefix and year; None when the year has no counter row yet."""
    with repeating_cursor() as cursor:
        cursor.execute(_BUMP_SERIAL, [prefix, year])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _first_serial(prefix: str, year: int) -> int:
    """The first serial of a new counter row, or the next one if another issue made it first."""
    try:
        with transaction.atomic():
            LicenceNumberSequence.objects.create(prefix=prefix, year=year, last_value=1)
        return 1
    except IntegrityError:
        serial = _bump_serial(prefix, year)
    if serial is None:  # the row that refused ours is gone again: never left behind
        raise LicenceNumberSequence.DoesNotExist(f"{prefix}-{year}")
    return serial


# -- revoking -------------------------------------------------------------------------------


def revoke_licence(*, actor: Any, licence: Licence, reason: str, channel: str = "") -> Licence:
    """Revoke a licence: only an approver of the issuing department may; once only."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("请填写撤销原因（不超过 200 字）。"),
            details={"fields": {"reason": "required"}},
        )
    if not can_revoke(actor, licence):
        raise PermissionDenied(_("只有发证部门的审批人员可以撤销证照。"))
    with transaction.atomic():
        locked = Licence.objects.select_for_update().get(pk=licence.pk)
        if locked.status == LicenceStatus.REVOKED:
            raise DomainError(ErrorCode.CONFLICT, _("该证照已被撤销。"), status=409)
        locked.status = LicenceStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["status", "revoked_at", "revoked_reason"])
        record_event(
            actor=actor,
            action="licences.licence_revoked",
            obj=locked,
            channel=channel,
            payload={"reason": reason},
        )
    licence.status, licence.revoked_at = locked.status, locked.revoked_at
    licence.revoked_reason = locked.revoked_reason
    return licence


def can_revoke(actor: Any, licence: Licence) -> bool:
    """Whether ``actor`` is an active approver of the department that issued the licence."""
    return (
        isinstance(actor, User)
        and actor.is_active
        and actor.has_role(Role.APPROVER, department_code=licence.issuer.code)
    )


# -- reuse ----------------------------------------------------------------------------------


def record_reuse(
    *,
    actor: Any,
    licence: Licence,
    material_code: str,
    case_number: str = "",
    purpose: str = "",
) -> LicenceReuse:
    """Record that a licence stood in for a material (证照复用); once per case and material."""
    if not case_number and not purpose.strip():
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("复用证照须注明办件编号或用途。"),
            details={"fields": {"purpose": "required"}},
        )
    same_use = LicenceReuse.objects.filter(
        licence=licence, case_number=case_number, material_code=material_code
    )
    if case_number and (existing := same_use.first()) is not None:
        return existing
    try:
        with transaction.atomic():
            reuse = LicenceReuse.objects.create(
                licence=licence,
                material_code=material_code,
                case_number=case_number,
                purpose=purpose.strip()[:200],
                actor=label_of(actor)[:120],
            )
            record_event(
                actor=actor,
                action="licences.licence_reused",
                obj=licence,
                payload={"material": material_code, "case_number": case_number},
            )
    except IntegrityError:  # a concurrent retry of the same case recorded it first
        return same_use.get()
    return reuse


# -- e-seal keys ----------------------------------------------------------------------------


def record_signing_key(
    *,
    actor: Any,
    department_code: str,
    key_id: str,
    algorithm: str,
    public_key_pem: str,
    rotation: bool,
) -> SigningKey:
    """Record a department's new e-seal key (its public half) as the active one.

    On a rotation the current active key retires; on a first use only a key of another
    signer retires, so that two processes making the first key at once collide on the
    one-active-key constraint instead of both succeeding.
    """
    department = Department.objects.filter(code=department_code).first()
    if department is None:
        raise NotFound(_("没有这个部门。"), department=department_code)
    with transaction.atomic():
        current = SigningKey.objects.select_for_update().filter(department=department, active=True)
        if not rotation:
            current = current.exclude(algorithm=algorithm)
        retired = list(current.values_list("key_id", flat=True))
        current.update(active=False, retired_at=timezone.now())
        key = SigningKey.objects.create(
            department=department,
            key_id=key_id,
            algorithm=algorithm,
            public_key_pem=public_key_pem,
        )
        move_signing_keys_stamp()
        transaction.on_commit(move_signing_keys_stamp)
        record_event(
            actor=actor,
            action="licences.signing_key_created",
            obj=key,
            object_id=key_id,
            payload={"department": department_code, "algorithm": algorithm, "retired": retired},
        )
    return key


def rotate_key(*, actor: Any, department: Department) -> SigningKey:
    """Give a department a new e-seal key: it signs from now on; old licences still verify."""
    if isinstance(actor, User) and not (
        actor.is_superuser or actor.has_role(Role.APPROVER, department_code=department.code)
    ):
        raise PermissionDenied(_("只有管理员或该部门的审批人员可以更换电子印章密钥。"))
    try:
        with transaction.atomic():
            key_id = current_signer().rotate(department.code)
            record_event(
                actor=actor,
                action="licences.signing_key_rotated",
                object_type="licences.signingkey",
                object_id=key_id,
                payload={"department": department.code},
            )
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, _("该部门的密钥正在更换，请稍后重试。"), status=409
        ) from None
    return SigningKey.objects.get(key_id=key_id)


# -- uploads --------------------------------------------------------------------------------


def store_upload(*, actor_label: str, file: File) -> Upload:  # type: ignore[type-arg]
    """Store an uploaded file, once per content; refuse other types than PDF, JPEG, PNG, OFD.

    The type comes from the bytes; a declared content type that contradicts them is refused
    too, so that a file cannot pass for what it is not.
    """
    limit = settings.UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise _too_large(limit)
    sha256, size, head = _digest(file, limit)
    content_type = sniff_upload_type(head, file)
    declared = getattr(file, "content_type", None)
    if content_type is None or not declared_type_agrees(declared, content_type):
        raise DomainError(
            LicenceErrorCode.UNSUPPORTED_UPLOAD_TYPE,
            _("只接受 PDF、JPEG、PNG 或 OFD 文件，且文件类型须与其内容一致。"),
            details={"declared": (declared or "")[:60], "detected": content_type or "unknown"},
        )
    storage_name = _store_once(f"uploads/{sha256[:2]}/{sha256}{EXTENSIONS[content_type]}", file)
    with transaction.atomic():
        upload = Upload.objects.create(
            sha256=sha256,
            content_type=content_type,
            size=size,
            storage_name=storage_name,
            original_name=PurePath(file.name or "").name[:200],
            uploaded_by=actor_label[:120],
        )
        record_event(
            actor=actor_label,
            action="licences.upload_stored",
            obj=upload,
            payload={"sha256": sha256, "content_type": content_type, "size": size},
        )
    return upload


def _too_large(limit: int) -> DomainError:
    return DomainError(
        LicenceErrorCode.UPLOAD_TOO_LARGE,
        _("文件过大。"),
        details={"max_bytes": limit},
        status=413,
    )


def _digest(file: File, limit: int) -> tuple[str, int, bytes]:  # type: ignore[type-arg]
    """SHA-256, size and first bytes, in one streaming pass that stops past the limit."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    file.seek(0)
    for chunk in file.chunks():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest(), size, head


def _store_once(name: str, file: File) -> str:  # type: ignore[type-arg]
    """Save under a content-addressed name unless those bytes are already stored."""
    if default_storage.exists(name):
        return name
    file.seek(0)
    saved = default_storage.save(name, file)
    if saved != name:
        # The same bytes arrived concurrently and the other copy won the name: keep one.
        default_storage.delete(saved)
    return name


def record_case_reuses(*, actor: Any, case_number: str, uses: list[tuple[Licence, str]]) -> int:
    """Record the licences a case reused, one row per material, in one insert.

    Called inside the case's own transaction; the case's audit event names the licences.
    """
    rows = [
        LicenceReuse(
            licence=licence,
            material_code=material_code,
            case_number=case_number,
            actor=label_of(actor)[:120],
        )
        for licence, material_code in uses
    ]
    return len(LicenceReuse.objects.bulk_create(rows, ignore_conflicts=True))
