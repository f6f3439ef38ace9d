"""A real sandbox per test process, seeded over HTTP, and the staff who verify against it.

The sandbox runs as its own process (``python -m onedoor.sandbox --port 0``) on a free loopback
port with its own data dir, exactly as the platform meets department systems: over HTTP only.
Each pytest-xdist worker starts its own. It is not the suite-wide ``sandbox_url``: these tests
seed their subjects once and switch systems down and slow, which other apps' tests must not meet.
"""

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.cache import cache

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.accounts.models import User
from onedoor.counter.actions import upsert_service_point
from onedoor.exchange.actions import ensure_default_connectors
from onedoor.exchange.connectors import connectors
from onedoor.exchange.models import ConnectorConfig
from onedoor.exchange.services.breaker import reset_breakers
from onedoor.exchange.tests.world import WORLD
from onedoor.registry.models import Person

STARTUP_SECONDS = 15
SERVING = "sandbox serving "


def _address(process: subprocess.Popen[bytes], log: Path) -> str:
    """The address on the sandbox's first stderr line."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        first = log.read_text("utf-8").partition("\n")[0]
        if first.startswith(SERVING):
            return first.removeprefix(SERVING).split()[0]
        if process.poll() is not None:
            raise RuntimeError(f"the sandbox exited: {log.read_text('utf-8')}")
        time.sleep(0.02)
    raise RuntimeError(f"the sandbox did not start within {STARTUP_SECONDS} s")


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a running, seeded sandbox of this test process."""
    folder = tmp_path_factory.mktemp("sandbox")
    log = folder / "stderr.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "onedoor.sandbox", "--port", "0", "--data-dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        url = _address(process, log)
        response = httpx.post(f"{url}/_seed", json=WORLD, timeout=10)
        assert response.status_code == 200, response.text
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def faults(sandbox: str) -> Iterator[Callable[..., dict[str, Any]]]:
    """Switch a system's fault mode; every system is healthy again after the test."""

    def switch(system: str, **change: Any) -> dict[str, Any]:
        response = httpx.post(f"{sandbox}/_faults", json={"system": system, **change}, timeout=5)
        assert response.status_code == 200, response.text
        return dict(response.json())

    yield switch
    switch("*", mode="ok", latency_ms=0)


@pytest.fixture(autouse=True)
def _fresh_exchange(settings: Any) -> Iterator[None]:
    """No answers cached and every circuit closed, before and after each test."""
    settings.EXCHANGE_BREAKER_FAILURES = 5
    settings.EXCHANGE_BREAKER_OPEN_SECONDS = 30
    cache.clear()
    reset_breakers()
    connectors.get("hrss").forget_tokens()  # type: ignore[attr-defined]
    yield
    cache.clear()
    reset_breakers()


@pytest.fixture
def systems(sandbox: str, db: None) -> dict[str, ConnectorConfig]:
    """Every connector pointed at the sandbox with the demo credentials."""
    ensure_default_connectors(sandbox, actor="test")
    return {c.system: c for c in ConnectorConfig.objects.all()}


def set_timeout(system: str, seconds: float) -> None:
    ConnectorConfig.objects.filter(system=system).update(timeout_seconds=seconds)


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
def bearer() -> Callable[[User | Person], dict[str, str]]:
    """Request headers carrying a fresh token for a staff user or a citizen."""

    def headers(holder: User | Person) -> dict[str, str]:
        if isinstance(holder, User):
            raw = create_token(actor="test", user=holder)
        else:
            raw = create_token(actor="test", person=holder)
        return {"Authorization": f"Bearer {raw}"}

    return headers
