from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


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
        from onedoor.demo_district import seed_demo_district

        for part, outcome in seed_demo_district().items():
            self.stdout.write(f"{part}: {outcome}")
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

    def _feed_sandbox_population(self, result: Any, progress: bool) -> None:
        """Give the department systems the facts on the new population, in chunks over HTTP."""
        from tqdm import tqdm

        from onedoor.registry.services.scale import iter_scale_sandbox_batches

        bar = tqdm(total=result.persons, unit="person", desc="sandbox", disable=not progress)
        try:
            with httpx.Client(base_url=settings.SANDBOX_URL, timeout=60.0) as client:
                for body in iter_scale_sandbox_batches(result):
                    client.post("/_seed", json=body).raise_for_status()
                    bar.update(len(body.get("persons", [])))
        except httpx.HTTPError as exc:
            self.stderr.write(
                f"the sandbox at {settings.SANDBOX_URL} was not fed the new population ({exc}); "
                "its department systems will answer 'no' for these people"
            )
        finally:
            bar.close()

    def _seed_scale(self, persons: int, cases: int, progress: bool) -> None:
        from onedoor.registry.services.scale import seed_scale

        result = seed_scale(persons, progress=progress)
        self.stdout.write(f"persons: {result}")
        self._feed_sandbox_population(result, progress)
        if cases:
            from onedoor.cases.scale import seed_scale_cases

            try:
                written = seed_scale_cases(cases, progress=progress)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"cases: {written}")
