"""What every simulated department system is made of: routes, a context and its own styles."""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from onedoor.sandbox.clients import Clients
from onedoor.sandbox.store import Store
from onedoor.sandbox.web import Request, Response


@dataclass(frozen=True)
class Context:
    store: Store
    clients: Clients
    clock: Callable[[], float] = time.time


Handler = Callable[[Request, Context, dict[str, str]], Response]


@dataclass
class Router:
    """Method and path patterns (``/insured/{id_no}``) to handlers; None when nothing matches."""

    routes: list[tuple[str, re.Pattern[str], Handler]] = field(default_factory=list)

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        parts = re.split(r"\{(\w+)\}", pattern)
        # Even parts are literal text, odd parts the names of placeholders.
        body = "".join(
            f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part)
            for index, part in enumerate(parts)
        )
        regex = re.compile(f"^{body}/?$")

        def register(handler: Handler) -> Handler:
            self.routes.append((method, regex, handler))
            return handler

        return register

    def dispatch(self, request: Request, context: Context) -> Response | None:
        for method, regex, handler in self.routes:
            found = regex.match(request.path)
            if found and request.method == method:
                return handler(request, context, found.groupdict())
        return None


@dataclass(frozen=True)
class System:
    code: str
    name: str
    # What the system's answers normally carry: a garbage answer in error mode pretends to be one.
    content_type: str
    handle: Callable[[Request, Context], Response]


def normalise_id(value: str | None) -> str:
    """Identifiers as the systems store them: no spaces, check letter in upper case."""
    return (value or "").strip().upper()
