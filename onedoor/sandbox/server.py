"""A threaded WSGI server from the standard library: one thread per request, so a slow system
never holds up the others; one line per request on stderr, without identity numbers."""

import re
import sys
import time
from socketserver import ThreadingMixIn
from typing import Any, TextIO
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from onedoor.sandbox.web import WsgiApp

# Identity numbers (15 or 18 characters) and credit codes (18) are mostly digits; words of that
# length that are not (MarriageService) stay readable.
LONG_TOKEN = re.compile(r"\b[0-9A-Za-z]{15,18}\b")
MIN_DIGITS = 8


def redact(text: str) -> str:
    """The text with identity numbers and credit codes cut to their first six characters."""

    def cut(found: re.Match[str]) -> str:
        token = found.group()
        return f"{token[:6]}…" if sum(c.isdigit() for c in token) >= MIN_DIGITS else token

    return LONG_TOKEN.sub(cut, text)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # A slow drill keeps threads asleep for 30 s; closing the server must not wait for them.
    block_on_close = False
    request_queue_size = 256
    allow_reuse_address = True
    log_stream: TextIO = sys.stderr


class RequestHandler(WSGIRequestHandler):
    server_version = "OneDoorSandbox/1.0"
    started = 0.0

    def handle(self) -> None:
        self.started = time.perf_counter()
        super().handle()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        elapsed_ms = (time.perf_counter() - self.started) * 1000
        path = self.path.partition("?")[0]
        self.log_message('"%s %s" %s %s %.1fms', self.command, path, code, size, elapsed_ms)

    def log_message(self, format: str, *args: Any) -> None:
        line = f"{self.log_date_time_string()} {self.client_address[0]} {format % args}"
        stream = getattr(self.server, "log_stream", sys.stderr)
        stream.write(redact(line) + "\n")
        stream.flush()


def make_server(
    host: str, port: int, app: WsgiApp, log_stream: TextIO | None = None
) -> ThreadingWSGIServer:
    """A server bound to ``host:port`` (port 0 picks a free one), not yet serving."""
    server = ThreadingWSGIServer((host, port), RequestHandler)
    server.set_app(app)
    server.log_stream = log_stream or sys.stderr
    return server
