import json
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from onedoor.core.audit import record_event

DEMO_CATALOG = Path(__file__).resolve().parents[3] / "catalog" / "fixtures" / "demo_catalog.json"
SEEDED_ACTION = "demo.seeded"


class Command(BaseCommand):
    help = "Seeds the demo district (--demo) or a synthetic population (--scale N [--cases M])."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="The demo district of API.md.")
        parser.add_argument(
            "--sandbox-only",
            action="store_true",
            help="With --demo: only feed the sandbox department systems the demo personas.",
        )
        parser.add_argument("--scale", type=int, metavar="N", help="N synthetic persons.")
        parser.add_argument("--cases", type=int, default=0, metavar="M", help="M synthetic cases.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["demo"] and options["scale"] is None:
            raise CommandError("say --demo or --scale N")
        if options["demo"]:
            if options["sandbox_only"]:
                self._feed_sandbox_personas()
            else:
                self._seed_demo()
        if options["scale"] is not None:
            self._seed_scale(options["scale"], options["cases"], not options["no_progress"])

    def _seed_demo(self) -> None:
        from onedoor.accounts.demo import seed_demo_users
        from onedoor.catalog.actions import import_catalog
        from onedoor.counter.demo import seed_demo_service_points
        from onedoor.registry.demo import seed_demo_personas

        with transaction.atomic():
            report = import_catalog(json.loads(DEMO_CATALOG.read_text("utf-8")), actor=None)
            self.stdout.write(f"catalog: {report}")
            self.stdout.write(f"service points and windows: {seed_demo_service_points()}")
            seed_demo_users()
            self.stdout.write("staff users ready")
            seed_demo_personas()
            record_event(actor=None, action=SEEDED_ACTION, object_type="demo", object_id="district")
        self._feed_sandbox_personas()
        self.stdout.write(self.style.SUCCESS("demo district seeded"))

    def _feed_sandbox_personas(self) -> None:
        from onedoor.registry.demo import current_sandbox_payload

        payload = current_sandbox_payload()
        if payload is None:
            return
        try:
            response = httpx.post(f"{settings.SANDBOX_URL}/_seed", json=payload, timeout=10.0)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            self.stderr.write(
                f"the sandbox at {settings.SANDBOX_URL} could not be fed the personas ({exc}); "
                "start it with `onedoor sandbox` and run `onedoor seed --demo --sandbox-only`"
            )

    def _seed_scale(self, persons: int, cases: int, progress: bool) -> None:
        from onedoor.registry.services.scale import seed_scale

        result = seed_scale(persons, progress=progress)
        self.stdout.write(f"persons: {result}")
        if cases:
            raise CommandError("synthetic cases come with the case lifecycle; not available yet")
