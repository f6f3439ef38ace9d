"""The kiosk is tested in the case tests' district (its catalog, service points, personas,
licences and a sandbox of department systems), driven with Django's test client as a kiosk's
browser would drive it."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from onedoor.cases.tests.conftest import World, world  # noqa: F401

POINT = "district-centre"
HOME = f"/kiosk/{POINT}/"


def hidden_key(page: Any, name: str = "idempotency_key") -> str:
    """The idempotency key the screen drew when it was rendered."""
    found = re.search(rf'name="{name}" value="([0-9a-f]{{32}})"'.encode(), page.content)
    assert found, "the screen has no idempotency key"
    return found.group(1).decode()


@pytest.fixture
def kiosk(world: World, client: Client) -> Client:  # noqa: F811
    """A kiosk's browser at the district centre, in the district."""
    return client


@pytest.fixture
def identified(kiosk: Client, world: World) -> Callable[..., Any]:  # noqa: F811
    """The citizen ``persona`` identified for ``matter``; the answer is the checklist screen."""

    def identify(persona: str, matter: str = "household-certificate") -> Any:
        id_number = world.persons[persona].id_number
        answer = kiosk.post(f"{HOME}matters/{matter}/", {"id_number": id_number})
        assert answer.status_code == 302, answer.content.decode()[:2000]
        page = kiosk.get(answer["Location"])
        assert page.status_code == 200
        return page

    return identify


@pytest.fixture
def applied(kiosk: Client, identified: Callable[..., Any]) -> Callable[..., Any]:
    """The citizen identified, then the matter's form sent; the answer is the submission's."""

    def apply(persona: str, fields: dict[str, Any], matter: str = "household-certificate") -> Any:
        page = identified(persona, matter)
        data = {"idempotency_key": hidden_key(page), **fields}
        answer = kiosk.post(f"{HOME}matters/{matter}/apply/", data)
        answer.sent = data
        return answer

    return apply


@pytest.fixture(autouse=True)
def _outbox_file(settings: Any, tmp_path: Any) -> None:
    """Messages a test queues (a ticket's reminder, a case's notice) stay in its own folder."""
    settings.NOTIFY_FILE = tmp_path / "notify" / "messages.jsonl"
    settings.NOTIFY_BACKENDS = {"sms": "file", "email": "file", "wechat": "file", "inbox": "inbox"}
