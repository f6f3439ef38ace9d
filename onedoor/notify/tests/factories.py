"""Test data for notifications, built through the registry's and our own actions."""

import datetime as dt
import itertools
from typing import Any

from onedoor.core.identifiers import make_id_number
from onedoor.notify.models import NotifyPreference
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person

_sequence = itertools.count(101)


def make_person(name: str = "陈志明", phone: str = "13802761234", **fields: Any) -> Person:
    return register_person(
        actor="test",
        id_number=make_id_number("440604", dt.date(1988, 4, 12), next(_sequence)),
        name=name,
        phone=phone,
        **fields,
    )


def prefer(person: Person, **fields: Any) -> NotifyPreference:
    preference, _ = NotifyPreference.objects.update_or_create(person=person, defaults=fields)
    return preference
