"""``onedoor catalog export FILE`` / ``onedoor catalog import FILE``: the catalog as one file."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onedoor.catalog.actions import import_catalog
from onedoor.catalog.queries import export_catalog
from onedoor.core.errors import DomainError


class Command(BaseCommand):
    help = "Export the whole catalog to a JSON file, or import one (docs/catalog-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        export = commands.add_parser(
            "export", help="Write the whole catalog to FILE ('-': stdout)."
        )
        export.add_argument("file")
        load = commands.add_parser(
            "import", help="Create or update the catalog from FILE; all or nothing."
        )
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "export":
            self._export(options["file"])
        else:
            self._import(options["file"])

    def _export(self, target: str) -> None:
        document = export_catalog()
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if target == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(target).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"cannot write {target}: {exc}") from exc
        counts = ", ".join(
            f"{len(document[k])} {k}"
            for k in ("departments", "licence_types", "matters", "bundles")
        )
        self.stdout.write(f"exported {counts} to {target}")

    def _import(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path} is not JSON: {exc}") from exc
        try:
            report = import_catalog(data, actor="system")
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from exc
        self.stdout.write(f"imported {path}: {report.summary()}")
