"""The hall a queue test runs in: the demo service points, a clerk and a hall manager of the
district centre, a clerk of another point, and ticket helpers through the real actions."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.accounts.models import Role, User
from onedoor.counter.actions import issue_ticket
from onedoor.counter.demo import seed_demo_service_points
from onedoor.counter.models import Ticket
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
