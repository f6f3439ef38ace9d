"""A small world for the registry's tests: citizens, a clerk, a supervisor, their tokens."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.accounts.models import User
from onedoor.core.identifiers import make_id_number
from onedoor.counter.actions import upsert_service_point
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person


@pytest.fixture
def make_person() -> Callable[..., Person]:
    def make(
        name: str = "陈志明",
        birth: dt.date = dt.date(1988, 4, 12),
        sequence: int = 13,
        area: str = "440604",
        **fields: Any,
    ) -> Person:
        return register_person(
            actor="test",
            id_number=make_id_number(area, birth, sequence),
            name=name,
            **fields,
        )

    return make


@pytest.fixture
def citizen(make_person: Callable[..., Person]) -> Person:
    return make_person(household_address="广东省佛山市禅城区汾江中路121号", phone="13802761234")


@pytest.fixture
def service_point() -> Any:
    point, _ = upsert_service_point(
        actor="test", code="district-centre", name="禅城区行政服务中心", level="district"
    )
    return point


@pytest.fixture
def clerk(service_point: Any) -> User:
    return create_staff_user(
        actor="test",
        username="clerk",
        password=None,
        full_name="李晓红",
        roles=[("clerk", None, "district-centre")],
    )


@pytest.fixture
def supervisor() -> User:
    return create_staff_user(
        actor="test",
        username="supervisor",
        password=None,
        full_name="张建华",
        roles=[("supervisor", None, None)],
    )


@pytest.fixture
def bearer() -> Callable[..., dict[str, str]]:
    """Request headers carrying a fresh token for a staff user or a citizen."""

    def headers(holder: User | Person) -> dict[str, str]:
        if isinstance(holder, User):
            raw = create_token(actor="test", user=holder)
        else:
            raw = create_token(actor="test", person=holder)
        return {"Authorization": f"Bearer {raw}"}

    return headers
