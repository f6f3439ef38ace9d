"""What every channel backend is made of, and the registry that holds them."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings

from onedoor.core.plugins import ConfigProblem, Registry


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """What a backend needs to send one message."""

    id: str
    channel: str
    address: str
    subject: str
    body: str
    template: str
    language: str
    context: dict[str, Any] = field(default_factory=dict)
    case_number: str = ""


class DeliveryFailure(Exception):
    """The message did not go. ``permanent``: trying again cannot help (a refused address)."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        # A short technical reason for operators; never the message or the address.
        self.reason = reason[:500]
        self.permanent = permanent
        super().__init__(reason)


class ChannelBackend(Protocol):
    plugin_id: str
    verbose_name: str
    # The channels this backend can serve.
    channels: frozenset[str]

    def check_config(self) -> list[ConfigProblem]: ...

    def send(self, message: OutgoingMessage) -> str:
        """Hand the message over; return the provider's reference for it."""
        ...


BACKENDS: Registry[ChannelBackend] = Registry("notification backend")


def backend_for(channel: str) -> ChannelBackend:
    """The backend the settings name for ``channel``."""
    return BACKENDS.get(settings.NOTIFY_BACKENDS.get(channel, ""))


def check_backends() -> dict[str, list[ConfigProblem]]:
    """Each channel's configuration problems: an unknown backend, a backend that cannot serve
    that channel, or what the backend's own check finds."""
    report: dict[str, list[ConfigProblem]] = {}
    for channel, backend_id in sorted(settings.NOTIFY_BACKENDS.items()):
        if backend_id not in BACKENDS:
            report[channel] = [
                ConfigProblem(
                    f"unknown backend {backend_id!r}", f"one of {', '.join(BACKENDS.ids())}"
                )
            ]
            continue
        backend = BACKENDS.get(backend_id)
        problems = []
        if channel not in backend.channels:
            problems.append(ConfigProblem(f"backend {backend_id!r} cannot send {channel}"))
        try:
            problems.extend(backend.check_config())
        except Exception as exc:  # a broken backend must not break the health page
            problems.append(ConfigProblem(f"check_config failed: {exc}"))
        report[channel] = problems
    return report
