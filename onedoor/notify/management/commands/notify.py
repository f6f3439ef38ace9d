"""``onedoor notify send-due | tail | check``: the outbox from the command line, for operators."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from onedoor.notify.actions import send_due_messages, unstick_sends
from onedoor.notify.backends import check_backends
from onedoor.notify.choices import Channel, MessageStatus
from onedoor.notify.models import Message
from onedoor.notify.services.addressing import mask_address

FOLLOW_EVERY_SECONDS = 2.0


def line(message: Message) -> str:
    """One message as a log line: no text and no full address, which may hold codes and data."""
    at = timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M:%S")
    parts = [
        at,
        f"{message.status:<8}",
        f"{message.channel:<6}",
        f"{mask_address(message.channel, message.address):<16}",
        message.template,
        message.case_number or message.ticket_number or "-",
        f"attempts={message.attempts}",
        str(message.pk),
    ]
    if message.last_error:
        parts.append(f"error={message.last_error}")
    return " ".join(parts)


class Command(BaseCommand):
    help = "The notification outbox: send what is due now, show the newest messages, check setup."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send-due", help="Send every due message now, in this process.")
        send.add_argument("--limit", type=int, default=500)
        tail = sub.add_parser("tail", help="Show the newest messages (and follow new ones).")
        tail.add_argument("-n", "--lines", type=int, default=20)
        tail.add_argument("-f", "--follow", action="store_true")
        tail.add_argument("--channel", choices=Channel.values)
        tail.add_argument("--status", choices=MessageStatus.values)
        sub.add_parser("check", help="Check each channel's backend configuration.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "send-due":
            self._send_due(options["limit"])
        elif action == "tail":
            self._tail(options)
        else:
            self._check()

    def _send_due(self, limit: int) -> None:
        unstuck = unstick_sends()
        outcomes = send_due_messages(limit=limit)
        summary = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) or "nothing due"
        self.stdout.write(f"{summary}" + (f" ({unstuck} stuck sends reset)" if unstuck else ""))

    def _tail(self, options: dict[str, Any]) -> None:
        messages = Message.objects.order_by("-created_at", "-id")
        if options["channel"]:
            messages = messages.filter(channel=options["channel"])
        if options["status"]:
            messages = messages.filter(status=options["status"])
        shown = list(messages[: options["lines"]])[::-1]
        for message in shown:
            self.stdout.write(line(message))
        last = shown[-1].created_at if shown else timezone.now()
        while options["follow"]:
            time.sleep(FOLLOW_EVERY_SECONDS)
            for message in messages.filter(created_at__gt=last).order_by("created_at", "id"):
                self.stdout.write(line(message))
                last = message.created_at

    def _check(self) -> None:
        failing = False
        for channel, problems in check_backends().items():
            if not problems:
                self.stdout.write(f"{channel}: ok")
            for problem in problems:
                failing = True
                self.stdout.write(f"{channel}: {problem.message} {problem.hint}".rstrip())
        if failing:
            raise CommandError("some channels are misconfigured")
