import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onedoor.core.errors import NotFound


class Command(BaseCommand):
    help = (
        "Plays a day at a service hall through the real actions: tickets taken at the kiosk, "
        "windows calling and serving them, no-shows, transfers and cases accepted, so that the "
        "manager's board and the hall's report show a day. A day already played is left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--service-point", default="district-centre", metavar="CODE")
        parser.add_argument(
            "--date",
            default="today",
            help="YYYY-MM-DD, 'today' (played up to now) or 'previous' (the last working day).",
        )
        parser.add_argument("--tickets", type=int, default=None, help="Tickets in the day.")
        parser.add_argument("--windows", type=int, default=None, help="Windows staffed.")
        parser.add_argument("--cases", type=int, default=3, help="Visits ending with a case.")
        parser.add_argument("--seed", type=int, default=None, help="The random seed.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Exit quietly (status 0) when the day already has tickets.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from tqdm import tqdm

        from onedoor.workbench.hall_day import (
            TICKETS_PER_WINDOW,
            HallDayRefused,
            describe,
            play_hall_day,
            previous_working_day,
        )

        day = self._day(options["date"], previous_working_day)
        expected = options["tickets"] or TICKETS_PER_WINDOW * (options["windows"] or 8)
        bar = tqdm(
            total=expected,
            unit="ticket",
            desc=f"hall day {day}",
            disable=options["no_progress"],
        )
        try:
            result = play_hall_day(
                options["service_point"],
                day,
                tickets=options["tickets"],
                windows=options["windows"],
                cases=options["cases"],
                seed=options["seed"],
                progress=bar.update,
            )
        except HallDayRefused as refusal:
            if options["if_empty"]:
                self.stdout.write(f"hall day not played: {refusal}")
                return
            raise CommandError(str(refusal)) from None
        except NotFound as error:
            raise CommandError(error.message) from None
        finally:
            bar.close()
        summary = ", ".join(f"{key} {value}" for key, value in describe(result).items())
        self.stdout.write(self.style.SUCCESS(f"hall day played: {summary}"))

    def _day(self, text: str, previous: Any) -> dt.date:
        today = timezone.localdate()
        if text == "today":
            return today
        if text == "previous":
            day: dt.date = previous(today)
            return day
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise CommandError("--date: YYYY-MM-DD, 'today' or 'previous'") from None
