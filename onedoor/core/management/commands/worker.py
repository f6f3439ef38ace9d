import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from onedoor.core.schedule import run_scheduler


class Command(BaseCommand):
    help = "Runs the background task worker, with the periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Do not enqueue periodic jobs."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["no_scheduler"] and not options["batch"]:
            threading.Thread(target=run_scheduler, args=(stop,), daemon=True).start()
        try:
            extra = ["--batch"] if options["batch"] else []
            call_command("db_worker", "--interval", str(options["interval"]), *extra)
        finally:
            stop.set()
