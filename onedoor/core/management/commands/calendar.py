import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onedoor.core.actions import import_holiday_notice
from onedoor.core.errors import DomainError
from onedoor.core.services.calendar import add_working_days
from onedoor.core.services.holiday_notice import parse_holiday_notice


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {raw!r}") from None


class Command(BaseCommand):
    help = "The work calendar: count working days, import a year's holiday notice."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        add = commands.add_parser(
            "add", help="Print the date DAYS working days after START (START not counted)."
        )
        add.add_argument("start", help="YYYY-MM-DD")
        add.add_argument("days", type=int)
        load = commands.add_parser(
            "import", help="Import a year's holiday notice (text or JSON; see docs)."
        )
        load.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["subcommand"] == "add":
                self._add(_date(options["start"]), options["days"])
            else:
                self._import(options["file"])
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message} {exc.details or ''}".strip()) from exc

    def _add(self, start: dt.date, days: int) -> None:
        result = add_working_days(start, days)
        suffix = " provisional" if result.provisional else ""
        self.stdout.write(f"{result.date.isoformat()}{suffix}")

    def _import(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        notice = parse_holiday_notice(text)
        import_holiday_notice(notice.year, notice.entries, actor=None, source=notice.source)
        self.stdout.write(f"imported {notice.year}: {len(notice.entries)} days")
