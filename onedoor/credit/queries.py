"""Reads of the credit lists."""

import datetime as dt

from django.db.models import Q

from onedoor.credit.models import CreditList, CreditListEntry
from onedoor.registry.models import Organisation, Person


def _in_force(on: dt.date) -> Q:
    return Q(since__lte=on) & (Q(until__isnull=True) | Q(until__gt=on))


def is_blacklisted(subject: Person | Organisation, *, on: dt.date | None = None) -> bool:
    """Whether the subject is on the black list on ``on`` (today by default)."""
    on = on or dt.date.today()
    entries = CreditListEntry.objects.filter(_in_force(on), list=CreditList.BLACK)
    if isinstance(subject, Person):
        return entries.filter(person=subject).exists()
    return entries.filter(organisation=subject).exists()
