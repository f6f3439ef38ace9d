"""Writes to service points and windows: each action is one transaction with its audit event.

The actions check values, not permissions: the channel that calls them (admin, workbench,
seeding command) decides who may configure the halls.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode, NotFound
from onedoor.counter.models import ServicePoint, Window


def upsert_service_point(
    *,
    actor: Any,
    code: str,
    name: str,
    level: str,
    name_en: str = "",
    address: str = "",
    opening_hours: str = "",
    phone: str = "",
) -> tuple[ServicePoint, bool]:
    """Create the service point with this code, or bring it to these values.

    Returns the service point and whether a row was written (created or changed); a call that
    changes nothing writes nothing and records no event.
    """
    values: dict[str, Any] = {
        "name": name,
        "name_en": name_en,
        "level": level,
        "address": address,
        "opening_hours": opening_hours,
        "phone": phone,
    }
    with transaction.atomic():
        return _create_or_change(
            actor,
            ServicePoint,
            code,
            values,
            payload=values,
            events=("counter.service_point_created", "counter.service_point_changed"),
        )


def upsert_window(
    *, actor: Any, service_point_code: str, code: str, name: str, general: bool = True
) -> tuple[Window, bool]:
    """Create the window with this code at the service point, or bring it to these values.

    Window codes are unique across the district, so a known code given with another service
    point moves the window there. Returns the window and whether a row was written.
    """
    with transaction.atomic():
        point = ServicePoint.objects.filter(code=service_point_code).first()
        if point is None:
            raise NotFound(_("服务网点不存在"), service_point=service_point_code)
        values: dict[str, Any] = {"service_point": point, "name": name, "general": general}
        payload = {"service_point": point.code, "name": name, "general": general}
        return _create_or_change(
            actor,
            Window,
            code,
            values,
            payload=payload,
            events=("counter.window_created", "counter.window_changed"),
        )


def _create_or_change[M: (ServicePoint, Window)](
    actor: Any,
    model: type[M],
    code: str,
    values: dict[str, Any],
    *,
    payload: dict[str, Any],
    events: tuple[str, str],
) -> tuple[M, bool]:
    """Inside the caller's transaction: create the row with this code, or bring it to ``values``.

    ``payload`` is what the audit event records of the values (the changed ones only, for a
    change), ``events`` the actions recorded on creation and on a change. A call that changes
    nothing writes nothing and records no event.
    """
    created, changed_event = events
    obj = model.objects.select_for_update().filter(code=code).first()
    if obj is None:
        obj = model(code=code, **values)
        _check(obj)
        obj.save()
        _record(actor, created, obj, code, payload)
        return obj, True
    changed: list[str] = _assign(obj, values)
    if not changed:
        return obj, False
    _check(obj)
    obj.save(update_fields=[*changed, "updated_at"])
    _record(actor, changed_event, obj, code, _subset(payload, changed))
    return obj, True


def _assign(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ and return the names of the fields that changed."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    return changed


def _check(obj: models.Model) -> None:
    """Refuse values the model would not accept (bad code, unknown level, too long)."""
    try:
        # The code's uniqueness is the row lock's and the constraint's business.
        obj.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("服务网点或窗口信息不符合要求"),
            details={"fields": error.message_dict},
        ) from error


def _subset(values: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {field: values[field] for field in fields}


def _record(actor: Any, action: str, obj: models.Model, code: str, payload: dict[str, Any]) -> None:
    record_event(
        actor=actor,
        action=action,
        obj=obj,
        object_id=code,
        payload={"code": code, **payload},
    )
