import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

DEFAULT_PATH = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"


def current_schema_text() -> str:
    from onedoor.api.main import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = "Writes the OpenAPI document of the API to docs/openapi.json, or checks it (--check)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
        parser.add_argument("--check", action="store_true", help="Fail if the file is out of date.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = current_schema_text()
        path: Path = options["output"]
        if options["check"]:
            if not path.exists() or path.read_text("utf-8") != text:
                raise CommandError(f"{path} is out of date: run `onedoor openapi`")
            self.stdout.write(f"{path} is up to date")
            return
        path.write_text(text, "utf-8")
        self.stdout.write(f"wrote {path}")
