"""The hall the service hall's screens are tested in: the demo service points, two clerks and a
hall manager of the district centre, a clerk and a hall manager of a street centre, a supervisor,
an administrator; tickets taken through the counter's action, the clock held still.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import Role, User
from onedoor.counter.actions import call_next, issue_ticket
from onedoor.counter.demo import seed_demo_service_points
from onedoor.counter.models import Ticket

POINT = "district-centre"
OTHER_POINT = "zumiao-centre"
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Monday (a working day) at nine, Shanghai time.
MONDAY_9 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=SHANGHAI)


def staff_user(username: str, *roles: tuple[str, str | None, str | None]) -> User:
    return create_staff_user(
        actor=None, username=username, password=None, full_name=username, roles=list(roles)
    )


@dataclass
class HallStaff:
    clerk: User
    clerk2: User
    manager: User
    other_clerk: User
    other_manager: User
    supervisor: User
    admin: User


@pytest.fixture
def hall_staff(db: None) -> HallStaff:
    seed_demo_service_points()
    return HallStaff(
        clerk=staff_user("hall-clerk", (Role.CLERK, None, POINT)),
        clerk2=staff_user("hall-clerk-2", (Role.CLERK, None, POINT)),
        manager=staff_user("hall-manager", (Role.HALL_MANAGER, None, POINT)),
        other_clerk=staff_user("street-clerk", (Role.CLERK, None, OTHER_POINT)),
        other_manager=staff_user("street-manager", (Role.HALL_MANAGER, None, OTHER_POINT)),
        supervisor=staff_user("hall-supervisor", (Role.SUPERVISOR, None, None)),
        admin=create_staff_user(
            actor=None, username="hall-admin", password=None, full_name="", is_superuser=True
        ),
    )


@pytest.fixture
def clock() -> Iterator[Any]:
    """Time stands still at nine on a working Monday; ``clock.shift(timedelta)`` moves it."""
    with time_machine.travel(MONDAY_9, tick=False) as traveller:
        yield traveller


@pytest.fixture
def take(hall_staff: HallStaff) -> Callable[..., Ticket]:
    """Take a ticket at the district centre's kiosk."""

    def call(category: str = "general", **options: Any) -> Ticket:
        options.setdefault("channel", "kiosk")
        options.setdefault("service_point", POINT)
        return issue_ticket(actor=options.pop("actor", None), category=category, **options)

    return call


@pytest.fixture
def call(hall_staff: HallStaff) -> Callable[..., Ticket | None]:
    """A clerk of the district centre presses "next" at a window."""

    def press(window: str, clerk: User | None = None) -> Ticket | None:
        return call_next(actor=clerk or hall_staff.clerk, window=window)

    return press


@pytest.fixture(autouse=True)
def _outbox_file(settings: Any, tmp_path: Any) -> None:
    """Messages a test queues are written to its own folder, never sent anywhere."""
    settings.NOTIFY_FILE = tmp_path / "notify" / "messages.jsonl"
    settings.NOTIFY_BACKENDS = {"sms": "file", "email": "file", "wechat": "file", "inbox": "inbox"}


def board(client: Client, point: str = POINT, **headers: str) -> Any:
    """The display board's JSON as the hall's screen polls it."""
    return client.get(f"/hall-display/{point}/board.json", **headers)


def board_json(client: Client, point: str = POINT) -> dict[str, Any]:
    response = board(client, point)
    assert response.status_code == 200, response.content[:500]
    data: dict[str, Any] = json.loads(response.content)
    return data
