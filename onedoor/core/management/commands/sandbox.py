import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serves the simulated department systems (a separate application, over HTTP)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8100)

    def handle(self, *args: Any, **options: Any) -> None:
        # The sandbox runs as its own program with its own data; the platform never imports it.
        argv = [
            sys.executable,
            "-m",
            "onedoor.sandbox",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--data-dir",
            str(settings.DATA_DIR / "sandbox"),
        ]
        os.execv(sys.executable, argv)  # noqa: S606  # replaces this process with the sandbox
