import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from onedoor.sandbox.tests.callers import market, police
from onedoor.sandbox.tests.conftest import COMPANY, PARENT

SYSTEMS = ["police", "housing", "hrss", "civil", "health", "market", "tax", "education"]


def _switch(http: httpx.Client, **body: object) -> httpx.Response:
    return http.post("/_faults", json=body)


def test_every_system_starts_healthy(http: httpx.Client) -> None:
    response = http.get("/_health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "systems": dict.fromkeys(SYSTEMS, "ok")}


def test_down_answers_503_at_once_and_ok_restores(http: httpx.Client, world: dict) -> None:
    _switch(http, system="police", mode="down")

    down = police(http, "household", PARENT)
    other = market(http, COMPANY)
    _switch(http, system="police", mode="ok")
    restored = police(http, "household", PARENT)

    assert down.status_code == 503
    assert down.headers["content-type"] == "text/html"
    assert other.status_code == 200
    assert restored.json()["resultCode"] == "0000"


def test_slow_answers_normally_after_the_delay(http: httpx.Client, world: dict) -> None:
    _switch(http, system="police", mode="slow", delay=0.6)

    started = time.perf_counter()
    response = police(http, "household", PARENT)
    elapsed = time.perf_counter() - started

    assert elapsed >= 0.6
    assert response.json()["resultCode"] == "0000"


def test_slow_defaults_to_thirty_seconds(http: httpx.Client) -> None:
    response = _switch(http, system="hrss", mode="slow")

    assert response.json()["systems"]["hrss"] == {"mode": "slow", "delay": 30.0, "latency_ms": 0}


def test_a_client_timeout_on_a_slow_system_leaves_the_sandbox_serving(
    http: httpx.Client, world: dict
) -> None:
    _switch(http, system="police", mode="slow", delay=2)

    with (
        httpx.Client(base_url=http.base_url, timeout=0.2) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        police(impatient, "household", PARENT)

    assert http.get("/_health").status_code == 200


def test_error_alternates_500_and_an_unparseable_200(http: httpx.Client, world: dict) -> None:
    _switch(http, system="market", mode="error")

    answers = [market(http, COMPANY) for _ in range(4)]

    assert [a.status_code for a in answers] == [500, 200, 500, 200]
    assert answers[0].headers["content-type"] == "text/html"
    garbage = answers[1]
    assert garbage.headers["content-type"].startswith("application/json")
    with pytest.raises(ValueError):
        json.loads(garbage.content)


def test_the_star_switches_every_system(http: httpx.Client) -> None:
    _switch(http, system="*", mode="down")

    modes = http.get("/_health").json()["systems"]
    statuses = {system: http.get(f"/{system}/anything").status_code for system in SYSTEMS}

    assert set(modes.values()) == {"down"}
    assert set(statuses.values()) == {503}


def test_get_faults_shows_mode_delay_and_latency(http: httpx.Client) -> None:
    _switch(http, system="tax", mode="slow", delay=5)
    _switch(http, system="tax", latency_ms=50)

    systems = http.get("/_faults").json()["systems"]

    assert systems["tax"] == {"mode": "slow", "delay": 5.0, "latency_ms": 50}
    assert systems["police"] == {"mode": "ok", "delay": 30.0, "latency_ms": 0}


def test_latency_delays_every_normal_answer(http: httpx.Client, world: dict) -> None:
    _switch(http, system="*", latency_ms=150)

    started = time.perf_counter()
    response = market(http, COMPANY)
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert elapsed >= 0.15


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"system": "weather", "mode": "down"}, "unknown system 'weather'"),
        ({"system": "police", "mode": "broken"}, "unknown mode 'broken'"),
        ({"mode": "down"}, "unknown system None"),
        ({"system": "police"}, "give a mode"),
        ({"system": "police", "mode": "slow", "delay": -1}, "delay must be a number"),
        ({"system": "police", "latency_ms": "50"}, "latency_ms must be a number"),
        (["police"], "JSON object"),
    ],
)
def test_unknown_system_or_mode_is_400(http: httpx.Client, body: object, message: str) -> None:
    response = http.post("/_faults", json=body)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert http.get("/_health").json()["systems"]["police"] == "ok"


def test_other_requests_are_answered_while_one_is_slow(http: httpx.Client, world: dict) -> None:
    _switch(http, system="police", mode="slow", delay=1.5)
    slow_done = threading.Event()

    def slow_call() -> None:
        with httpx.Client(base_url=http.base_url, timeout=10) as own:
            police(own, "household", PARENT)
        slow_done.set()

    caller = threading.Thread(target=slow_call)
    caller.start()
    time.sleep(0.1)
    started = time.perf_counter()
    quick = [market(http, COMPANY).status_code for _ in range(5)]
    quick_elapsed = time.perf_counter() - started
    caller.join()

    assert quick == [200] * 5
    assert quick_elapsed < 1.0
    assert slow_done.is_set()


def test_slow_requests_wait_side_by_side_not_in_turn(sandbox_url: str, world: dict) -> None:
    with httpx.Client(base_url=sandbox_url, timeout=10) as http:
        _switch(http, system="police", mode="slow", delay=1)

    def call(_: int) -> int:
        with httpx.Client(base_url=sandbox_url, timeout=10) as own:
            return police(own, "household", PARENT).status_code

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(call, range(8)))
    elapsed = time.perf_counter() - started

    assert statuses == [200] * 8
    assert elapsed < 4, f"8 slow calls of 1 s took {elapsed:.1f} s"
