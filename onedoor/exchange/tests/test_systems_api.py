"""``GET /api/v1/exchange/systems``: every department system, its problems and its circuit."""

from typing import Any

import pytest

from onedoor.exchange.models import ConnectorConfig
from onedoor.exchange.services.breaker import breaker_for
from onedoor.exchange.tests.world import PARENT
from onedoor.registry.actions import register_person

pytestmark = pytest.mark.django_db

URL = "/api/v1/exchange/systems"


def test_a_clerk_sees_every_system_with_its_health_and_circuit(
    client: Any,
    systems: Any,
    faults: Any,
    clerk: Any,
    bearer: Any,
    settings: Any,
    django_assert_max_num_queries: Any,
) -> None:
    settings.EXCHANGE_BREAKER_FAILURES = 1
    faults("tax", mode="down")
    ConnectorConfig.objects.filter(system="civil").update(enabled=False)
    breaker_for("tax").record_failure()
    headers = bearer(clerk)

    with django_assert_max_num_queries(5):
        response = client.get(URL, headers=headers)

    assert response.status_code == 200
    payload = response.json()
    assert payload["count"] == 8
    items = {item["system"]: item for item in payload["items"]}
    assert items["police"]["healthy"] and items["police"]["problems"] == []
    assert items["police"]["facts"] == ["household.in_district", "residence_permit.years_at_least"]
    assert items["police"]["name"] == "公安户籍系统"
    assert not items["tax"]["healthy"]
    assert items["tax"]["problems"][0]["message"].startswith("该系统答复服务器错误")
    assert items["tax"]["circuit"]["state"] == "open"
    assert items["civil"]["enabled"] is False and not items["civil"]["healthy"]
    assert items["police"]["circuit"] == {"state": "closed", "failures": 0, "retry_in_seconds": 0.0}


def test_an_unconfigured_system_is_listed_as_such(
    client: Any, systems: Any, clerk: Any, bearer: Any
) -> None:
    ConnectorConfig.objects.filter(system="education").delete()

    items = {i["system"]: i for i in client.get(URL, headers=bearer(clerk)).json()["items"]}

    assert items["education"]["configured"] is False
    assert items["education"]["problems"][0]["message"] == "尚未配置该系统的接口"


def test_citizens_and_anonymous_callers_are_refused(client: Any, systems: Any, bearer: Any) -> None:
    citizen = register_person(actor="test", id_number=PARENT, name="李家长")

    assert client.get(URL).status_code == 401
    assert client.get(URL, headers=bearer(citizen)).status_code == 403
