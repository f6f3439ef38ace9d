"""Writes to the credit lists."""

import datetime as dt
from typing import Any

from django.db import transaction

from onedoor.core.audit import record_event
from onedoor.credit.models import CreditList, CreditListEntry
from onedoor.registry.models import Organisation, Person


def list_subject(
    *,
    actor: Any,
    subject: Person | Organisation,
    list: str,
    reason: str,
    source: str = "",
    since: dt.date | None = None,
) -> CreditListEntry:
    """Put a subject on the red or black list (idempotent while an entry is in force)."""
    CreditList(list)  # raises on an unknown list
    holder = {"person": subject} if isinstance(subject, Person) else {"organisation": subject}
    with transaction.atomic():
        entry = CreditListEntry.objects.filter(list=list, until__isnull=True, **holder).first()
        if entry is not None:
            return entry
        entry = CreditListEntry.objects.create(
            list=list, reason=reason, source=source, since=since or dt.date.today(), **holder
        )
        record_event(
            actor=actor,
            action="credit.listed",
            obj=entry,
            payload={"list": list, "subject": subject.audit_label, "reason": reason},
        )
    return entry
