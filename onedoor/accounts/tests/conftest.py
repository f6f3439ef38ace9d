import datetime as dt

import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import User
from onedoor.catalog.models import Department
from onedoor.core.identifiers import make_id_number
from onedoor.counter.actions import upsert_service_point, upsert_window
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def district():
    """The demo district's departments, its main service point and the window dc-01."""
    for code in ("police", "education", "market"):
        Department.objects.create(code=code, name=code)
    upsert_service_point(
        actor="test", code="district-centre", name="禅城区行政服务中心", level="district"
    )
    upsert_window(actor="test", service_point_code="district-centre", code="dc-01", name="1 号")


@pytest.fixture
def clerk(district) -> User:
    return create_staff_user(
        actor="test",
        username="clerk",
        password="onedoor-demo",
        full_name="李晓红",
        roles=[("clerk", None, "district-centre")],
    )


@pytest.fixture
def citizen() -> Person:
    return register_person(
        actor="test", id_number=make_id_number("440604", dt.date(1988, 4, 12), 913), name="陈志明"
    )
