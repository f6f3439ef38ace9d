"""A department system that is down, slow, broken, unconfigured, switched off or refusing our
credentials answers "unknown" within its timeout: never an exception, and the log says why."""

import socket
import time
from typing import Any

import pytest

from onedoor.core.models import SystemAlert
from onedoor.exchange.actions import verify
from onedoor.exchange.connectors import connectors
from onedoor.exchange.models import ConnectorConfig, ExchangeLog
from onedoor.exchange.services.breaker import breaker_for
from onedoor.exchange.tests.conftest import set_timeout
from onedoor.exchange.tests.world import COMPANY, PARENT

pytestmark = pytest.mark.django_db

TIMEOUT = 0.4


def _timed_verify(subject: str, fact: str, **params: Any) -> tuple[Any, float]:
    started = time.monotonic()
    answer = verify(subject, fact, params, purpose="test", requester="test")
    return answer, time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_system_that_is_down_answers_unknown_at_once(systems: Any, faults: Any) -> None:
    set_timeout("police", 3.0)
    faults("police", mode="down")

    answer, took = _timed_verify(PARENT, "household.in_district")

    assert (answer.answer, answer.error, answer.source) == ("unknown", "server_error", "police")
    assert took < 1.0  # no waiting for the timeout
    entry = ExchangeLog.objects.get()
    assert (entry.answer, entry.error) == ("unknown", "server_error")
    assert entry.response_hash  # the 503 page was received


def test_a_system_that_refuses_connections_answers_unknown(systems: Any) -> None:
    ConnectorConfig.objects.filter(system="market").update(
        base_url=f"http://127.0.0.1:{_free_port()}/market"
    )

    answer, took = _timed_verify(COMPANY, "business.registered")

    assert (answer.answer, answer.error) == ("unknown", "connection")
    assert took < 3
    assert ExchangeLog.objects.get().error == "connection"


def test_a_slow_system_answers_unknown_when_its_timeout_passes(systems: Any, faults: Any) -> None:
    set_timeout("housing", TIMEOUT)
    faults("housing", mode="slow", delay=TIMEOUT * 5)

    answer, took = _timed_verify(PARENT, "property.owns_in_district")

    assert (answer.answer, answer.error) == ("unknown", "timeout")
    assert answer.latency_ms >= TIMEOUT * 1000 * 0.9
    assert took < TIMEOUT * 5 - 0.5  # the caller did not wait for the slow answer
    assert ExchangeLog.objects.get().error == "timeout"


def test_a_slow_system_still_answers_within_its_timeout(systems: Any, faults: Any) -> None:
    set_timeout("housing", 2.0)
    faults("housing", mode="slow", delay=0.2)

    answer, took = _timed_verify(PARENT, "property.owns_in_district")

    assert answer.answer == "yes"
    assert took >= 0.2


def test_a_system_answering_errors_or_garbage_answers_unknown(systems: Any, faults: Any) -> None:
    faults("tax", mode="error")

    first, _ = _timed_verify(PARENT, "tax.no_arrears")
    second, _ = _timed_verify(PARENT, "tax.no_arrears")

    assert (first.answer, first.error) == ("unknown", "server_error")  # 500 with an HTML page
    assert (second.answer, second.error) == ("unknown", "bad_response")  # 200 with garbage
    assert list(ExchangeLog.objects.order_by("id").values_list("error", flat=True)) == [
        "server_error",
        "bad_response",
    ]


@pytest.mark.parametrize(
    ("system", "fact", "subject", "credential", "params"),
    [
        ("police", "household.in_district", PARENT, "app_key", {}),
        ("housing", "property.owns_in_district", PARENT, "secret", {}),
        ("hrss", "social_insurance.months_at_least", PARENT, "client_secret", {"months": 1}),
        ("civil", "marriage.married", PARENT, "client_key", {}),
        ("health", "birth.registered", PARENT, "token", {}),
        ("market", "business.registered", COMPANY, "api_key", {}),
        ("tax", "tax.no_arrears", PARENT, "secret", {}),
        ("education", None, None, "password", {}),
    ],
)
def test_refused_credentials_answer_unknown_and_show_as_a_config_problem(
    systems: Any,
    system: str,
    fact: str | None,
    subject: str | None,
    credential: str,
    params: dict[str, Any],
) -> None:
    config = ConnectorConfig.objects.get(system=system)
    config.credentials = {**config.credentials, credential: "a-wrong-key"}
    config.save()

    if fact is not None and subject is not None:
        answer, _ = _timed_verify(subject, fact, **params)
        assert (answer.answer, answer.error) == ("unknown", "credentials")
    problems = connectors.get(system).check_config()

    assert [p.message.split("（")[0] for p in problems] == ["该系统拒绝了凭据"]


def test_a_missing_credential_is_a_config_problem_found_without_a_call(systems: Any) -> None:
    ConnectorConfig.objects.filter(system="tax").update(credentials={"app_id": "onedoor"})

    problems = connectors.get("tax").check_config()

    assert [p.message for p in problems] == ["缺少凭据：secret"]


def test_a_switched_off_system_answers_unknown_without_a_call(systems: Any) -> None:
    ConnectorConfig.objects.filter(system="civil").update(enabled=False)

    answer, _ = _timed_verify(PARENT, "marriage.married")

    assert (answer.answer, answer.error, answer.latency_ms) == ("unknown", "disabled", 0)
    assert ExchangeLog.objects.get().request_hash == ""


def test_a_system_without_settings_answers_unknown(systems: Any) -> None:
    ConnectorConfig.objects.filter(system="civil").delete()

    answer, _ = _timed_verify(PARENT, "marriage.married")

    assert (answer.answer, answer.error) == ("unknown", "not_configured")


def test_the_circuit_opens_after_failures_in_a_row_and_recovers(
    systems: Any, faults: Any, settings: Any
) -> None:
    settings.EXCHANGE_BREAKER_FAILURES = 3
    settings.EXCHANGE_BREAKER_OPEN_SECONDS = 0.3
    set_timeout("health", TIMEOUT)
    faults("health", mode="slow", delay=5)

    failures = [_timed_verify(PARENT, "birth.registered")[0].error for _ in range(3)]
    opened = breaker_for("health").status()
    refused, took = _timed_verify(PARENT, "birth.registered")

    assert failures == ["timeout"] * 3
    assert opened.state == "open"
    assert (refused.answer, refused.error, refused.latency_ms) == ("unknown", "circuit_open", 0)
    assert took < TIMEOUT  # answered at once instead of waiting out the timeout
    assert SystemAlert.objects.get(key="exchange.circuit_open:health").is_open

    faults("health", mode="ok")
    time.sleep(0.35)
    assert breaker_for("health").status().state == "half_open"
    recovered, _ = _timed_verify(PARENT, "birth.registered")

    assert (recovered.answer, recovered.error) == ("no", "")
    assert breaker_for("health").status().state == "closed"


def test_a_failed_probe_opens_the_circuit_again(systems: Any, faults: Any, settings: Any) -> None:
    settings.EXCHANGE_BREAKER_FAILURES = 2
    settings.EXCHANGE_BREAKER_OPEN_SECONDS = 0.2
    faults("police", mode="down")
    for _ in range(2):
        _timed_verify(PARENT, "household.in_district")
    time.sleep(0.25)

    probe, _ = _timed_verify(PARENT, "household.in_district")
    after, _ = _timed_verify(PARENT, "household.in_district")

    assert probe.error == "server_error"  # the probe went through, and failed
    assert after.error == "circuit_open"
    assert SystemAlert.objects.filter(key="exchange.circuit_open:police").count() == 1


def test_a_question_answered_no_does_not_count_as_a_failure(
    systems: Any, faults: Any, settings: Any
) -> None:
    settings.EXCHANGE_BREAKER_FAILURES = 2
    faults("police", mode="down")
    _timed_verify(PARENT, "household.in_district")
    faults("police", mode="ok")

    _timed_verify(PARENT, "residence_permit.years_at_least", years=1)
    faults("police", mode="down")
    _timed_verify(PARENT, "household.in_district")

    assert breaker_for("police").status().state == "closed"
