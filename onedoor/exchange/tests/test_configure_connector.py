"""``configure_connector`` and the admin: settings change through an audited action, and the
admin never shows a secret."""

from typing import Any

import pytest

from onedoor.accounts.models import User
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.exchange.actions import configure_connector, ensure_default_connectors
from onedoor.exchange.forms import MASK
from onedoor.exchange.models import ConnectorConfig, ExchangeLog
from onedoor.exchange.services.breaker import breaker_for
from onedoor.exchange.tests.world import PARENT

pytestmark = pytest.mark.django_db


def test_a_change_is_audited_by_field_name_and_closes_the_circuit(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.EXCHANGE_BREAKER_FAILURES = 1
    ensure_default_connectors("http://127.0.0.1:8100")
    breaker_for("police").record_failure()

    with django_capture_on_commit_callbacks(execute=True):
        config = configure_connector(
            actor="staff:admin",
            system="police",
            base_url="https://police.example.gov.cn/hukou",
            credentials={"app_id": "onedoor", "app_key": "a-new-secret"},
            timeout_seconds=2.5,
            enabled=True,
        )

    config.refresh_from_db()
    assert config.base_url == "https://police.example.gov.cn/hukou"
    assert config.credentials["app_key"] == "a-new-secret"
    event = AuditEvent.objects.get(action="exchange.connector_configured")
    assert event.payload["fields"] == ["base_url", "credentials", "timeout_seconds"]
    assert "a-new-secret" not in str(event.payload)
    assert breaker_for("police").status().state == "closed"


def test_an_unknown_system_or_a_bad_address_is_refused() -> None:
    with pytest.raises(DomainError) as unknown:
        configure_connector(
            actor="t",
            system="weather",
            base_url="",
            credentials={},
            timeout_seconds=1,
            enabled=True,
        )
    with pytest.raises(DomainError) as bad:
        configure_connector(
            actor="t", system="tax", base_url="not a url", credentials={}, timeout_seconds=1,
            enabled=True,
        )  # fmt: skip

    assert unknown.value.code == bad.value.code == "invalid_input"
    assert "base_url" in bad.value.details["fields"]
    assert not ConnectorConfig.objects.exists()


@pytest.fixture
def admin_client(client: Any) -> Any:
    admin = User.objects.create_superuser("admin", "admin@example.gov.cn", "pw")
    client.force_login(admin)
    return client


def test_the_admin_shows_credentials_masked_and_keeps_a_masked_secret(admin_client: Any) -> None:
    ensure_default_connectors("http://127.0.0.1:8100")
    config = ConnectorConfig.objects.get(system="police")
    url = f"/admin/exchange/connectorconfig/{config.pk}/change/"

    page = admin_client.get(url).content.decode()
    listing = admin_client.get("/admin/exchange/connectorconfig/").content.decode()
    response = admin_client.post(
        url,
        {
            "base_url": "http://127.0.0.1:8200/police",
            "credentials": f'{{"app_id": "district", "app_key": "{MASK}"}}',
            "timeout_seconds": "2",
            "enabled": "on",
        },
    )

    assert "onedoor-police-demo-key" not in page and MASK in page
    assert "onedoor-police-demo-key" not in listing and "app_id=onedoor" in listing
    assert response.status_code == 302, response.content.decode()[:2000]
    config.refresh_from_db()
    assert config.credentials == {"app_id": "district", "app_key": "onedoor-police-demo-key"}
    assert config.base_url == "http://127.0.0.1:8200/police"
    assert AuditEvent.objects.filter(action="exchange.connector_configured").exists()


def test_the_exchange_log_in_the_admin_masks_subjects_and_cannot_be_edited(
    admin_client: Any,
) -> None:
    ExchangeLog.objects.create(
        system="police", fact="household.in_district", subject=PARENT, requester="t",
        purpose="t", answer="yes",
    )  # fmt: skip

    listing = admin_client.get("/admin/exchange/exchangelog/").content.decode()

    assert PARENT not in listing and PARENT[-4:] in listing
    assert admin_client.get("/admin/exchange/exchangelog/add/").status_code == 403
