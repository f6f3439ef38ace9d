"""Django system checks: a channel whose backend is unknown or cannot serve it stops the start."""

from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register


@register("notify")
def check_notification_backends(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Unknown or unsuitable backends are errors; a backend's own configuration problems warn
    (a provider may be configured after the first start)."""
    from onedoor.notify.backends import BACKENDS, check_backends

    found: list[CheckMessage] = []
    for channel, problems in check_backends().items():
        backend_id = _backend_id(channel)
        fatal = backend_id not in BACKENDS or channel not in BACKENDS.get(backend_id).channels
        for problem in problems:
            kind = Error if fatal else Warning
            found.append(
                kind(
                    f"notification channel {channel}: {problem.message}",
                    hint=problem.hint or f"set ONEDOOR_NOTIFY_{channel.upper()}_BACKEND",
                    id="notify.E001" if fatal else "notify.W001",
                )
            )
    return found


def _backend_id(channel: str) -> str:
    from django.conf import settings

    return str(settings.NOTIFY_BACKENDS.get(channel, ""))
