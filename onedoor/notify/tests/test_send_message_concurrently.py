import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection

from onedoor.core.plugins import ConfigProblem
from onedoor.notify.actions import enqueue_message, send_message
from onedoor.notify.backends import BACKENDS, OutgoingMessage
from onedoor.notify.tests.factories import make_person

DELIVERED: list[str] = []


class SlowBackend:
    plugin_id = "slow_test"
    verbose_name = "slow (test)"
    channels = frozenset({"sms"})

    def check_config(self) -> list[ConfigProblem]:
        return []

    def send(self, message: OutgoingMessage) -> str:
        time.sleep(0.2)
        DELIVERED.append(message.id)
        return f"slow:{message.id}"


@pytest.fixture
def slow_backend(settings) -> Iterator[None]:
    BACKENDS.register("slow_test")(SlowBackend)
    settings.NOTIFY_BACKENDS = {**settings.NOTIFY_BACKENDS, "sms": "slow_test"}
    DELIVERED.clear()
    yield
    BACKENDS.unregister("slow_test")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database locks whole tables across threads; "
    "SQLite serialises writers by itself",
)
def test_four_workers_sending_one_message_at_once_send_it_once(slow_backend):
    message = enqueue_message(
        actor="test",
        recipient=make_person(),
        template="signin_code",
        context={"code": "1", "minutes": 5},
        dedupe_key="race:1",
    )
    barrier = threading.Barrier(4)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            outcomes.append(send_message(message.pk))
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    message.refresh_from_db()
    assert not errors
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert DELIVERED.copy() == [str(message.pk)]
    assert message.attempts == 1
