import signal
import subprocess
import sys
import time
from typing import Any

import httpx
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from onedoor.demo_district import is_seeded


class Command(BaseCommand):
    help = (
        "Migrates, seeds the demo district once, and runs the web server, the sandbox department "
        "systems and the task worker in the foreground."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--sandbox-port", type=int, default=8100)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        port, sandbox_port = options["port"], options["sandbox_port"]
        sandbox_url = f"http://127.0.0.1:{sandbox_port}"
        # The demo phone page shows the SMS the demo sends (one-time sign-in codes among them).
        env = {"ONEDOOR_SANDBOX_URL": sandbox_url, "ONEDOOR_DEMO_PHONE": "1"}
        settings.SANDBOX_URL = sandbox_url

        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database ready")
        processes = [self._start("sandbox", ["sandbox", "--port", str(sandbox_port)], env)]
        self._wait_for(f"{sandbox_url}/_health", "sandbox")

        if is_seeded():
            self.stdout.write("demo district already seeded; keeping its data")
            call_command("seed", "--demo", "--sandbox-only")
        else:
            call_command("seed", "--demo")

        # The district centre's last working day, played once through the queue's actions, so
        # that the hall manager's report and the district's figures show a day at once.
        call_command("hall_day", "--date", "previous", "--if-empty")

        processes.append(self._start("worker", ["worker"], env))
        processes.append(
            self._start(
                "web", ["serve", "--port", str(port), "--workers", str(options["workers"])], env
            )
        )
        self._wait_for(f"http://127.0.0.1:{port}/api/v1/health", "web")
        self.stdout.write(
            self.style.SUCCESS(
                f"OneDoor is running on http://127.0.0.1:{port}/ (sandbox on {sandbox_url}, "
                f"demo phone on http://127.0.0.1:{port}/demo/phone/); Ctrl+C stops it."
            )
        )
        self._supervise(processes)

    def _start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        import os

        full_env = {**os.environ, **env}
        return subprocess.Popen([sys.executable, "-m", "onedoor", *args], env=full_env)  # noqa: S603

    def _wait_for(self, url: str, name: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stderr.write(f"{name} did not answer at {url} within {timeout:.0f} s")

    def _supervise(self, processes: list[subprocess.Popen[bytes]]) -> None:
        def stop(*_: object) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            sys.exit(0)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            for process in processes:
                if process.poll() is not None:
                    self.stderr.write(f"a process exited with code {process.returncode}; stopping")
                    stop()
            time.sleep(1)
