"""The hall a queue test runs in: the demo service points, a clerk and a hall manager of the
district centre, a clerk of another point, and ticket helpers through the real actions."""

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.accounts.models import Role, User
from onedoor.cases.tests.conftest import submit, world  # noqa: F401  # the cases' test world
from onedoor.counter.actions import configure_calling_rules, issue_ticket
from onedoor.counter.demo import seed_demo_service_points
from onedoor.counter.models import Ticket
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person

POINT = "district-centre"


class Hall:
    """Staff of the demo district centre and an HTTP client with their tokens."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.clerk = _staff("hall-clerk", [(Role.CLERK, None, POINT)])
        self.clerk2 = _staff("hall-clerk-2", [(Role.CLERK, None, POINT)])
        self.manager = _staff("hall-manager", [(Role.HALL_MANAGER, None, POINT)])
        self.other_clerk = _staff("street-clerk", [(Role.CLERK, None, "zumiao-centre")])
        self.supervisor = _staff("hall-supervisor", [(Role.SUPERVISOR, None, None)])

    def headers(self, holder: User | Person | None) -> dict[str, str]:
        if holder is None:
            return {}
        kind = "user" if isinstance(holder, User) else "person"
        return {"HTTP_AUTHORIZATION": f"Bearer {create_token(actor=None, **{kind: holder})}"}

    def post(self, path: str, body: Any = None, holder: Any = None, **extra: str) -> Any:
        return self.client.post(
            f"/api/v1/{path}",
            json.dumps(body or {}),
            content_type="application/json",
            **self.headers(holder),
            **extra,
        )

    def get(self, path: str, holder: Any = None, **query: Any) -> Any:
        return self.client.get(f"/api/v1/{path}", query, **self.headers(holder))


def _staff(username: str, roles: list[tuple[str, str | None, str | None]]) -> User:
    return create_staff_user(
        actor=None, username=username, password=None, full_name=username, roles=roles
    )


@pytest.fixture
def hall(db: None, client: Client) -> Hall:
    seed_demo_service_points()
    return Hall(client)


@pytest.fixture
def take(hall: Hall) -> Callable[..., Ticket]:
    """Take a ticket at the district centre's kiosk (anonymous unless an actor is given)."""

    def call(category: str = "general", **options: Any) -> Ticket:
        options.setdefault("channel", "kiosk")
        options.setdefault("service_point", POINT)
        return issue_ticket(actor=options.pop("actor", None), category=category, **options)

    return call


SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Monday (a working day) in the middle of the morning, Shanghai time.
MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> Iterator[Any]:
    """Time stands still at 10:00 on a working Monday; ``clock.shift(timedelta)`` moves it."""
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _outbox_file(settings: Any, tmp_path: Any) -> None:
    """Messages a test queues are written to its own folder, never sent anywhere."""
    settings.NOTIFY_FILE = tmp_path / "notify" / "messages.jsonl"
    settings.NOTIFY_BACKENDS = {"sms": "file", "email": "file", "wechat": "file", "inbox": "inbox"}


def rules(**values: Any) -> None:
    """Set the district centre's calling rules for this test."""
    configure_calling_rules(actor=None, service_point=POINT, **values)


def id_number(birth: str = "19800101", serial: int = 1) -> str:
    """A valid resident ID number (GB 11643 checksum) of the district, born on ``birth``."""
    body = f"440604{birth}{serial:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def person(number: str, *, name: str = "陈小明", phone: str = "") -> Person:
    """A person in the registry, through the registry's action."""
    return register_person(actor=None, id_number=number, name=name, phone=phone)


def slot_at(starts: dt.time, *, category: str = "general", day: dt.date | None = None) -> Any:
    """The district centre's slot starting at ``starts`` today (slots opened by the action)."""
    from django.utils import timezone

    from onedoor.counter.actions import open_appointment_slots
    from onedoor.counter.models import AppointmentSlot

    day = day or timezone.localdate()
    open_appointment_slots(actor=None, service_point=POINT, day=day)
    return AppointmentSlot.objects.get(
        service_point__code=POINT, day=day, starts_at=starts, category=category
    )


def book(hall: Hall, starts: dt.time, *, serial: int = 1, phone: str = "") -> Any:
    """A clerk books the ``starts`` slot of today for a registered person."""
    from onedoor.counter.actions import book_appointment

    holder = person(id_number(serial=serial))
    return book_appointment(
        actor=hall.clerk,
        slot=str(slot_at(starts).public_id),
        id_number=holder.id_number,
        phone=phone,
        channel="window",
    )


def book_and_check_in(hall: Hall, starts: dt.time, *, serial: int = 1) -> Ticket:
    """Book today's ``starts`` slot and check in at the kiosk now."""
    from onedoor.counter.actions import check_in_appointment

    appointment = book(hall, starts, serial=serial)
    return check_in_appointment(actor=None, appointment=str(appointment.public_id))
