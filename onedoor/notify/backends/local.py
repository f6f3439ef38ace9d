"""Backends that never leave the machine: the in-site inbox, the console and a JSON-lines file."""

import json
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from onedoor.core.plugins import ConfigProblem
from onedoor.notify.backends.base import BACKENDS, DeliveryFailure, OutgoingMessage
from onedoor.notify.choices import Channel

ALL_CHANNELS = frozenset(Channel.values)
_file_lock = threading.Lock()


def as_json_line(message: OutgoingMessage) -> str:
    return json.dumps(
        {
            "id": message.id,
            "at": timezone.now().isoformat(),
            "channel": message.channel,
            "to": message.address,
            "template": message.template,
            "language": message.language,
            "subject": message.subject,
            "body": message.body,
        },
        ensure_ascii=False,
    )


@BACKENDS.register("inbox")
class InboxBackend:
    """The in-site inbox: the outbox row is the message the citizen reads (GET me/messages)."""

    plugin_id = "inbox"
    verbose_name = "in-site inbox"
    channels = frozenset({Channel.INBOX.value})

    def check_config(self) -> list[ConfigProblem]:
        return []

    def send(self, message: OutgoingMessage) -> str:
        return f"inbox:{message.id}"


@BACKENDS.register("console")
class ConsoleBackend:
    """Prints each message as a JSON line on standard output (development)."""

    plugin_id = "console"
    verbose_name = "console"
    channels = ALL_CHANNELS

    def check_config(self) -> list[ConfigProblem]:
        return []

    def send(self, message: OutgoingMessage) -> str:
        sys.stdout.write(as_json_line(message) + "\n")
        sys.stdout.flush()
        return f"console:{message.id}"


@BACKENDS.register("file")
class FileBackend:
    """Appends each message as a JSON line to ``settings.NOTIFY_FILE`` (the demo)."""

    plugin_id = "file"
    verbose_name = "JSON-lines file"
    channels = ALL_CHANNELS

    def path(self) -> Path:
        return Path(settings.NOTIFY_FILE)

    def check_config(self) -> list[ConfigProblem]:
        folder = self.path().parent
        if folder.exists() and not folder.is_dir():
            return [ConfigProblem(f"{folder} is not a folder", "set ONEDOOR_NOTIFY_FILE")]
        return []

    def send(self, message: OutgoingMessage) -> str:
        path = self.path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock, path.open("a", encoding="utf-8") as out:
                out.write(as_json_line(message) + "\n")
        except OSError as exc:
            raise DeliveryFailure(f"cannot write {path.name}: {exc.strerror}") from None
        return f"file:{message.id}"
