"""Channel backends: the plugins that hand a message to the outside world.

Settings pick the backend of each channel (``NOTIFY_BACKENDS``). A backend gets an
``OutgoingMessage`` (never a model instance: it holds no database access), returns the
provider's reference, and raises ``DeliveryFailure`` when the message did not go; a permanent
failure (a refused address) is not retried.
"""

from onedoor.notify.backends import email, http, local  # noqa: F401  # registers them
from onedoor.notify.backends.base import (
    BACKENDS,
    ChannelBackend,
    DeliveryFailure,
    OutgoingMessage,
    backend_for,
    check_backends,
)

__all__ = [
    "BACKENDS",
    "ChannelBackend",
    "DeliveryFailure",
    "OutgoingMessage",
    "backend_for",
    "check_backends",
]
