import json
from pathlib import Path

import httpx
import pytest

from onedoor.sandbox.clients import ClientsFileError
from onedoor.sandbox.tests.callers import market, police
from onedoor.sandbox.tests.conftest import COMPANY, PARENT, RunningSandbox, start_in_thread

SYSTEMS = ["police", "housing", "hrss", "civil", "health", "market", "tax", "education"]


def test_first_start_writes_the_demo_client_with_one_key_per_system(
    sandbox: RunningSandbox,
) -> None:
    written = json.loads((sandbox.data_dir / "clients.json").read_text(encoding="utf-8"))

    assert written == {
        "clients": {"onedoor": {system: f"onedoor-{system}-demo-key" for system in SYSTEMS}}
    }


def test_a_client_added_to_the_file_is_known_after_a_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "sandbox"
    data_dir.mkdir()
    clients = {"clients": {"onedoor": {"police": "p1"}, "audit-office": {"market": "m2"}}}
    (data_dir / "clients.json").write_text(json.dumps(clients), encoding="utf-8")
    running, server = start_in_thread(data_dir)
    try:
        with httpx.Client(base_url=running.url) as http:
            http.post("/_seed", json={"organisations": [{"uscc": COMPANY, "name": "公司"}]})
            assert market(http, COMPANY, key="m2").status_code == 200
            assert market(http, COMPANY, key="onedoor-market-demo-key").status_code == 403
            assert police(http, "household", PARENT, key="p1").json()["resultCode"] == "1001"
    finally:
        server.shutdown()
        server.server_close()


def test_one_systems_key_opens_no_other_system(http: httpx.Client, world: dict) -> None:
    assert police(http, "household", PARENT, key="onedoor-market-demo-key").status_code == 401
    assert market(http, COMPANY, key="onedoor-police-demo-key").status_code == 403


@pytest.mark.parametrize(
    "content", ["not json", '{"onedoor": {}}', '{"clients": {"onedoor": ["key"]}}']
)
def test_a_broken_clients_file_stops_the_start(tmp_path: Path, content: str) -> None:
    (tmp_path / "clients.json").write_text(content, encoding="utf-8")

    with pytest.raises(ClientsFileError):
        start_in_thread(tmp_path)
