"""What a kiosk remembers between two screens, kept on the server and only briefly.

A kiosk is one shared screen: the next citizen must find nothing of the last one. So every
screen that shows personal data reads it from this state (never from its address, which the
browser keeps in its history), the state belongs to one service point's kiosk, and it is gone
when the citizen leaves (home, exit, the idle countdown) or, at the latest,
``KIOSK_SESSION_SECONDS`` after the last request.
"""

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "kiosk"

# The names a screen may remember, each a short string.
PERSON = "person"  # the ID number of the citizen applying for an instant matter
MATTER = "matter"  # the matter they are applying for
CASE = "case"  # the case their submission became
PROGRESS = "progress"  # a case whose progress was asked for with the matching ID number
PRINT_LICENCE = "print_licence"  # a licence to print, asked for with the holder's ID number
PRINT_CASE = "print_case"  # a case whose papers to print, asked for with a matching ID number
TICKET = "ticket"  # the public id of the ticket just taken
NAMES = (PERSON, MATTER, CASE, PROGRESS, PRINT_LICENCE, PRINT_CASE, TICKET)


class KioskState:
    """The kiosk's state in the session, for one service point, expiring on its own."""

    def __init__(self, request: HttpRequest, point: str) -> None:
        self._session = request.session
        self.point = point
        stored: Any = self._session.get(SESSION_KEY)
        self._values: dict[str, str] = {}
        if self._usable(stored):
            self._values = {k: str(v) for k, v in stored["values"].items() if k in NAMES}
        elif stored is not None:
            self.clear()

    def _usable(self, stored: Any) -> bool:
        if not isinstance(stored, dict) or stored.get("point") != self.point:
            return False
        touched = stored.get("touched")
        if not isinstance(touched, int | float) or not isinstance(stored.get("values"), dict):
            return False
        return time.time() - touched <= settings.KIOSK_SESSION_SECONDS

    def __bool__(self) -> bool:
        return bool(self._values)

    def get(self, name: str) -> str:
        return self._values.get(name, "")

    def remember(self, **values: str) -> None:
        """Keep these values (and keep the state alive)."""
        unknown = set(values) - set(NAMES)
        if unknown:
            raise ValueError(f"not a kiosk state name: {sorted(unknown)}")
        self._values.update(values)
        self._save()

    def forget(self, *names: str) -> None:
        for name in names:
            self._values.pop(name, None)
        self._save()

    def touch(self) -> None:
        """A request came: the state lives on from now."""
        if self._values:
            self._save()

    def clear(self) -> None:
        """Forget everything, on the server."""
        self._values = {}
        if SESSION_KEY in self._session:
            del self._session[SESSION_KEY]

    def _save(self) -> None:
        if not self._values:
            self.clear()
            return
        self._session[SESSION_KEY] = {
            "point": self.point,
            "touched": time.time(),
            "values": dict(self._values),
        }
