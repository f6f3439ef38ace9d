"""A running sandbox per test: its own data dir, a free loopback port, a thread per request."""

import io
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from onedoor.sandbox.app import Sandbox, make_app
from onedoor.sandbox.server import make_server

PARENT = "440604198503150022"
CHILD = "44060420190601002X"
YOUNGER_CHILD = "440604202103010015"
NEWCOMER = "430102199002020031"
NEWCOMER_CHILD = "430102201905050047"
STRANGER = "110101200001010018"
COMPANY = "91440604MA4W000017"
CLOSED_COMPANY = "91440604MA4W000025"

WORLD: dict[str, Any] = {
    "persons": [
        {
            "id_number": PARENT,
            "name": "李家长",
            "birth_date": "1985-03-15",
            "sex": "female",
            "household": {"in_district": True, "address": "禅城区祖庙路1号"},
            "property": {"owns_in_district": True, "rents_in_district": False},
            "residence_permit": None,
            "marriage": {"married": True, "spouse": "440604198401010019"},
            "social_insurance": {"months": 96},
            "tax": {"arrears": False},
        },
        {
            "id_number": CHILD,
            "name": "李小一",
            "birth_date": "2019-06-01",
            "sex": "female",
            "household": {"in_district": True, "address": "禅城区祖庙路1号"},
            "birth": {"registered": True},
            "vaccination": {"complete": True},
            "school": {"enrolled": False},
        },
        {
            "id_number": YOUNGER_CHILD,
            "name": "李小二",
            "birth_date": "2021-03-01",
            "sex": "male",
            "birth": {"registered": False},
            "school": {"enrolled": True, "school": "riverside"},
        },
        {
            "id_number": NEWCOMER,
            "name": "王新来",
            "birth_date": "1990-02-02",
            "sex": "male",
            "household": {"in_district": False, "address": "长沙市芙蓉区五一路2号"},
            "property": {"owns_in_district": False, "rents_in_district": True},
            "residence_permit": {"years": 0.5},
            "marriage": {"married": False},
            "social_insurance": {"months": 10},
            "tax": {"arrears": True},
        },
        {
            "id_number": NEWCOMER_CHILD,
            "name": "王小新",
            "birth_date": "2019-05-05",
            "sex": "female",
            "vaccination": {"complete": False},
        },
    ],
    "organisations": [
        {
            "uscc": COMPANY,
            "name": "佛山市禅城区好味餐饮有限公司",
            "registered": True,
            "legal_representative": PARENT,
            "tax": {"arrears": False},
        },
        {
            "uscc": CLOSED_COMPANY,
            "name": "佛山市禅城区旧店贸易有限公司",
            "registered": False,
            "tax": {"arrears": True},
        },
    ],
}


@dataclass
class RunningSandbox:
    url: str
    data_dir: Path
    app: Sandbox
    log: io.StringIO


def start_in_thread(data_dir: Path) -> tuple[RunningSandbox, Any]:
    app = make_app(data_dir)
    log = io.StringIO()
    server = make_server("127.0.0.1", 0, app, log_stream=log)
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    url = f"http://127.0.0.1:{server.server_port}"
    return RunningSandbox(url, data_dir, app, log), server


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[RunningSandbox]:
    running, server = start_in_thread(tmp_path / "sandbox")
    yield running
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def tls() -> ssl.SSLContext:
    """Built once: every client would otherwise load the CA bundle it never uses on loopback."""
    return ssl.create_default_context()


@pytest.fixture
def http(sandbox: RunningSandbox, tls: ssl.SSLContext) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox.url, timeout=10, verify=tls) as client:
        yield client


@pytest.fixture
def world(http: httpx.Client) -> dict[str, Any]:
    response = http.post("/_seed", json=WORLD)
    assert response.status_code == 200, response.text
    return WORLD


@pytest.fixture
def sandbox_url(sandbox: RunningSandbox) -> str:
    return sandbox.url
