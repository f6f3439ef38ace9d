"""Notification tests: the outbox file in the test's folder, the sandbox's gateways over HTTP."""

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _outbox_file(settings: Any, tmp_path: Any) -> Any:
    settings.NOTIFY_FILE = tmp_path / "notify" / "messages.jsonl"
    settings.NOTIFY_BACKENDS = {"sms": "file", "email": "file", "wechat": "file", "inbox": "inbox"}
    settings.NOTIFY_SIGNATURE = ""
    return settings.NOTIFY_FILE


@pytest.fixture
def phone() -> str:
    """A mobile number no other test of this session uses (the sandbox outlives a test)."""
    return f"139{next(_numbers):08d}"


@pytest.fixture
def gateway(settings: Any, sandbox_url: str) -> Iterator[Callable[..., Any]]:
    """Send SMS and WeChat messages through the sandbox; ``gateway(...)`` drives its drills."""
    settings.NOTIFY_BACKENDS = {
        "sms": "sms_http",
        "email": "email",
        "wechat": "wechat",
        "inbox": "inbox",
    }
    settings.NOTIFY_SMS_URL = f"{sandbox_url}/sms"
    settings.NOTIFY_WECHAT_URL = f"{sandbox_url}/wechat"
    settings.NOTIFY_TIMEOUT_SECONDS = 2.0

    def fault(system: str = "sms", **change: Any) -> Any:
        answer = httpx.post(f"{sandbox_url}/_faults", json={"system": system, **change})
        answer.raise_for_status()
        return answer.json()

    yield fault
    for system in ("sms", "wechat"):
        fault(system, mode="ok")


@pytest.fixture
def received(sandbox_url: str) -> Callable[[str, str], list[dict[str, Any]]]:
    """What the sandbox gateway (``sms`` or ``wechat``) received for an address."""

    def read(address: str, gateway: str = "sms") -> list[dict[str, Any]]:
        answer = httpx.get(f"{sandbox_url}/_{gateway}", params={"to": address})
        answer.raise_for_status()
        items: list[dict[str, Any]] = answer.json()["items"]
        return items

    return read


from onedoor.cases.tests.conftest import World, submit, world  # noqa: E402, F401
