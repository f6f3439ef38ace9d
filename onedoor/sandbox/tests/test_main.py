"""``python -m onedoor.sandbox`` as the platform launches it: a process of its own."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from onedoor.sandbox.tests.callers import police
from onedoor.sandbox.tests.conftest import PARENT, WORLD


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(url: str, deadline: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < deadline:
        try:
            if httpx.get(f"{url}/_health", timeout=0.5).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.02)
    raise AssertionError(f"the sandbox did not answer within {deadline} s")


def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "onedoor.sandbox", *args],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_the_module_serves_on_the_given_port_and_data_dir(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = _serve("--port", str(port), "--data-dir", str(tmp_path / "sb"))
    try:
        startup = _wait_until_serving(url, deadline=10)
        with httpx.Client(base_url=url) as http:
            http.post("/_seed", json=WORLD)
            answer = police(http, "household", PARENT).json()
        # The request line is logged just after the answer is sent, on the handler's thread;
        # give it a moment before stopping the server (which does not wait for handlers).
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGTERM)
        _, log = process.communicate(timeout=10)

    assert startup < 3, f"the sandbox took {startup:.2f} s to answer"
    assert answer["resultCode"] == "0000"
    assert process.returncode == 0
    assert (tmp_path / "sb" / "sandbox.sqlite3").exists()
    request_lines = [line for line in log.splitlines() if '"GET /police' in line]
    assert len(request_lines) == 1
    assert '"GET /police/api/v2/household" 200' in request_lines[0]
    assert PARENT not in log


def test_the_default_data_dir_is_sandbox_under_the_platforms_data_dir(tmp_path: Path) -> None:
    port = _free_port()
    env = os.environ | {"ONEDOOR_DATA_DIR": str(tmp_path / "var")}
    process = _serve("--port", str(port), env=env)
    try:
        _wait_until_serving(f"http://127.0.0.1:{port}", deadline=10)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)

    assert (tmp_path / "var" / "sandbox" / "clients.json").exists()


def test_gunicorn_processes_share_the_fault_modes(tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "onedoor.sandbox.app:make_app()",
        ],
        env=os.environ | {"ONEDOOR_DATA_DIR": str(tmp_path)},
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_serving(url, deadline=20)
        with httpx.Client(base_url=url) as http:
            http.post("/_faults", json={"system": "police", "mode": "down"})
            statuses = {police(http, "household", PARENT).status_code for _ in range(20)}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)

    assert statuses == {503}
