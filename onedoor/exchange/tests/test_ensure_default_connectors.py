"""``ensure_default_connectors``: the demo's settings for every system, made once, never
overwriting what an administrator changed."""

from typing import Any

import pytest

from onedoor.core.models import AuditEvent
from onedoor.exchange.actions import ensure_default_connectors
from onedoor.exchange.models import ConnectorConfig

pytestmark = pytest.mark.django_db


def test_every_system_gets_its_sandbox_address_and_demo_credentials(settings: Any) -> None:
    settings.SANDBOX_URL = "http://127.0.0.1:8100"

    created = ensure_default_connectors()

    assert len(created) == 8
    police = ConnectorConfig.objects.get(system="police")
    assert police.base_url == "http://127.0.0.1:8100/police"
    assert police.credentials == {"app_id": "onedoor", "app_key": "onedoor-police-demo-key"}
    assert police.enabled and police.timeout_seconds == settings.EXCHANGE_TIMEOUT_SECONDS
    assert ConnectorConfig.objects.get(system="hrss").credentials == {
        "client_id": "onedoor",
        "client_secret": "onedoor-hrss-demo-key",
    }
    assert ConnectorConfig.objects.get(system="health").credentials == {
        "token": "onedoor-health-demo-key"
    }
    event = AuditEvent.objects.get(action="exchange.connectors_created")
    assert len(event.payload["systems"]) == 8
    assert "onedoor-police-demo-key" not in str(event.payload)


def test_running_it_again_changes_nothing_and_keeps_edits() -> None:
    ensure_default_connectors("http://127.0.0.1:8100/")
    ConnectorConfig.objects.filter(system="tax").update(
        base_url="https://tax.example.gov.cn/api", credentials={"app_id": "x", "secret": "y"}
    )
    ConnectorConfig.objects.filter(system="civil").delete()

    created = ensure_default_connectors("http://127.0.0.1:9999")

    assert [c.system for c in created] == ["civil"]
    assert ConnectorConfig.objects.get(system="civil").base_url == "http://127.0.0.1:9999/civil"
    tax = ConnectorConfig.objects.get(system="tax")
    assert (tax.base_url, tax.credentials) == (
        "https://tax.example.gov.cn/api",
        {"app_id": "x", "secret": "y"},
    )
    assert ensure_default_connectors() == []
    assert AuditEvent.objects.filter(action="exchange.connectors_created").count() == 2
