"""Writing to the audit trail. Every action calls ``record_event`` inside its transaction."""

from typing import Any

from django.db import models

from onedoor.core.db import insert_rows
from onedoor.core.models import AuditEvent


def actor_label(actor: Any) -> str:
    """Who acted, as stable text: a staff user, a citizen, an API client or the system."""
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    label = getattr(actor, "audit_label", None)
    if label:
        return str(label)
    return f"{type(actor).__name__.lower()}:{getattr(actor, 'pk', '?')}"


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    payload: dict[str, Any] | None = None,
    channel: str = "",
) -> AuditEvent:
    """Append one event to the trail; call it inside the action's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "audit_id", None) or obj.pk)
    event = AuditEvent(
        actor=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=payload or {},
        channel=channel,
    )
    # Every action writes one: a statement prepared once costs half of the ORM's insert.
    insert_rows(AuditEvent, [event])
    return event


def record_events(events: list[dict[str, Any]]) -> None:
    """Append many events at once (bulk seeding); each dict takes record_event's keywords."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor_label(e.get("actor")),
                action=e["action"],
                object_type=e.get("object_type", ""),
                object_id=e.get("object_id", ""),
                payload=e.get("payload") or {},
                channel=e.get("channel", ""),
            )
            for e in events
        ]
    )
