import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from onedoor.registry.demo import (
    get_current_persona_set,
    is_stale,
    new_demo_personas,
    public_personas,
    push_personas_to_sandbox,
    seed_demo_personas,
)
from onedoor.registry.models import DemoPersonaSet


class Command(BaseCommand):
    help = (
        "Prints the demo personas (role → ID number or credit code, name, facts); with --new, "
        "first creates a fresh set of people with the same stories, in the registry and in the "
        "sandbox department systems."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print only JSON on stdout.")
        parser.add_argument(
            "--new", action="store_true", help="Create a fresh set first (training, drills)."
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="With --new: draw the same people again."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        persona_set = get_current_persona_set()
        if options["new"]:
            persona_set = new_demo_personas(seed=options["seed"])
            self._push(persona_set)
        elif persona_set is None:
            persona_set = seed_demo_personas()
            self._push(persona_set)
        elif is_stale(persona_set):
            self.stderr.write(
                f"warning: these personas were made for the {persona_set.enrollment_year} "
                "enrollment year and their school stories no longer hold; "
                "run `onedoor demo-personas --new` or `onedoor seed --demo`"
            )
        personas = public_personas(persona_set)
        if options["json"]:
            self.stdout.write(json.dumps(personas, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"enrollment year {persona_set.enrollment_year}")
        for role, entry in personas.items():
            number = entry.get("id_number") or entry.get("uscc")
            self.stdout.write(f"{role:<20} {number}  {entry['name']}  {entry['story']}")

    def _push(self, persona_set: DemoPersonaSet) -> None:
        error = push_personas_to_sandbox(persona_set)
        if error is not None:
            self.stderr.write(
                f"warning: the personas are in the registry, but the sandbox department systems "
                f"could not be fed ({error}); start the sandbox (`onedoor sandbox`) and run "
                "`onedoor seed --demo --sandbox-only`"
            )
