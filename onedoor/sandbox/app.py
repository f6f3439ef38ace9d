"""The sandbox as one WSGI application: the department systems plus the drill endpoints.

``/<system>/...`` reaches a department system (through its fault mode); ``/_seed``, ``/_reset``,
``/_faults`` and ``/_health`` are the sandbox's own. Serve it with ``python -m onedoor.sandbox``
or, for several processes, ``gunicorn 'onedoor.sandbox.app:make_app()'`` (the fault modes live
in the data store, so every process sees the same).
"""

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from onedoor.sandbox.clients import Clients
from onedoor.sandbox.faults import FaultRequestError, faulty_answer, read_fault_request
from onedoor.sandbox.messaging import (
    GATEWAYS,
    create_tables,
    forget,
    received,
    set_gateway_fault,
)
from onedoor.sandbox.seeding import SeedError, read_seed
from onedoor.sandbox.store import Store
from onedoor.sandbox.systems import SYSTEMS, Context
from onedoor.sandbox.web import (
    BadBody,
    BodyTooLarge,
    Request,
    Response,
    StartResponse,
    json_response,
)

logger = logging.getLogger(__name__)
DATA_FILE = "sandbox.sqlite3"


def default_data_dir() -> Path:
    """``$ONEDOOR_DATA_DIR/sandbox``, or ``./var/sandbox``."""
    return Path(os.environ.get("ONEDOOR_DATA_DIR") or "./var") / "sandbox"


def make_app(data_dir: str | Path | None = None) -> "Sandbox":
    """The WSGI application over the data store in ``data_dir``, created when missing."""
    return Sandbox(Path(data_dir) if data_dir else default_data_dir())


def _error(status: int, message: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return json_response(status, {"error": message}, headers=headers)


class Sandbox:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        codes = tuple(SYSTEMS)
        self.store = Store(data_dir / DATA_FILE, codes)
        self.clients = Clients.load_or_create(data_dir, codes)
        self.context = Context(self.store, self.clients)
        create_tables(self.store)
        self.control: dict[tuple[str, str], Callable[[Request], Response]] = {
            ("POST", "_seed"): self.seed,
            ("POST", "_reset"): self.reset,
            ("GET", "_faults"): self.show_faults,
            ("POST", "_faults"): self.set_faults,
            ("GET", "_health"): self.health,
            ("GET", "_sms"): self.received_sms,
            ("GET", "_wechat"): self.received_wechat,
            ("GET", ""): self.index,
        }

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        response = self.answer(environ)
        start_response(response.status_line(), response.header_list())
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [response.body]

    def answer(self, environ: dict[str, Any]) -> Response:
        try:
            request = Request.from_environ(environ)
        except BodyTooLarge as exc:
            return _error(413, str(exc))
        try:
            return self.dispatch(request)
        except Exception:
            logger.exception(
                "the sandbox failed on %s %s", request.method, request.path.split("/")[1]
            )
            return _error(500, "the sandbox itself failed; see its log")

    def dispatch(self, request: Request) -> Response:
        head = request.path.strip("/").partition("/")[0]
        system = SYSTEMS.get(head) or GATEWAYS.get(head)
        if system is not None:
            return faulty_answer(system, self.store) or system.handle(
                request.within(f"/{head}"), self.context
            )
        handler = self.control.get((request.method, head))
        if handler is not None:
            return handler(request)
        allowed = [method for method, name in self.control if name == head]
        if allowed:
            return _error(
                405, f"{head} takes {', '.join(allowed)}", [("Allow", ", ".join(allowed))]
            )
        return _error(404, f"no system called {head!r}; systems: {', '.join(SYSTEMS)}")

    def seed(self, request: Request) -> Response:
        try:
            batch = read_seed(request.json())
        except (BadBody, SeedError) as exc:
            return _error(400, str(exc))
        self.store.write_seed(batch)
        answer = {"persons": len(batch.persons), "organisations": len(batch.organisations)}
        if batch.schools:
            answer["schools"] = len(batch.schools)
        return json_response(200, answer)

    def reset(self, request: Request) -> Response:
        self.store.reset()
        forget(self.store)
        return json_response(200, {"reset": True})

    def show_faults(self, request: Request) -> Response:
        faults = self.store.all_faults()
        return json_response(200, {"systems": {code: f.as_json() for code, f in faults.items()}})

    def set_faults(self, request: Request) -> Response:
        try:
            body = request.json()
            if isinstance(body, dict) and body.get("system") in GATEWAYS:
                return self.switch_gateway(body)
            change = read_fault_request(body, tuple(SYSTEMS))
        except (BadBody, FaultRequestError) as exc:
            return _error(400, str(exc))
        self.store.set_faults(
            change.systems, mode=change.mode, delay=change.delay, latency_ms=change.latency_ms
        )
        return self.show_faults(request)

    def switch_gateway(self, body: dict[str, Any]) -> Response:
        try:
            change = read_fault_request(body, tuple(GATEWAYS))
        except FaultRequestError as exc:
            return _error(400, str(exc))
        gateway = change.systems[0]
        set_gateway_fault(self.store, gateway, change)
        return json_response(200, {"gateways": {gateway: self.store.get_fault(gateway).as_json()}})

    def received_sms(self, request: Request) -> Response:
        items = received(self.store, "sms", request.query.get("to", "").strip())
        return json_response(200, {"count": len(items), "items": items})

    def received_wechat(self, request: Request) -> Response:
        items = received(self.store, "wechat", request.query.get("to", "").strip())
        return json_response(200, {"count": len(items), "items": items})

    def index(self, request: Request) -> Response:
        systems = {code: {"name": s.name, "path": f"/{code}/"} for code, s in SYSTEMS.items()}
        control = sorted({f"{method} /{name}" for method, name in self.control if name})
        return json_response(
            200, {"systems": systems, "control": control, "docs": "docs/sandbox.md"}
        )

    def health(self, request: Request) -> Response:
        faults = self.store.all_faults()
        modes = {code: fault.mode for code, fault in faults.items()}
        return json_response(200, {"status": "ok", "systems": modes})
