"""Requests and responses over plain WSGI, small enough to read in one sitting."""

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

# A seed batch of 10,000 persons is a few megabytes; anything far bigger is a mistake.
MAX_BODY_BYTES = 64 * 1024 * 1024

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

STATUS_LINES = {
    200: "200 OK",
    201: "201 Created",
    400: "400 Bad Request",
    401: "401 Unauthorized",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    413: "413 Payload Too Large",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}


class BadBody(ValueError):
    """The request body is not what the endpoint reads (bad JSON, form or XML)."""


class BodyTooLarge(BadBody):
    """The request announces a body larger than MAX_BODY_BYTES."""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""

    @classmethod
    def from_environ(cls, environ: dict[str, Any]) -> "Request":
        headers = {
            name[5:].replace("_", "-").lower(): value
            for name, value in environ.items()
            if name.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        return cls(
            method=environ.get("REQUEST_METHOD", "GET").upper(),
            path=_decode_path(environ.get("PATH_INFO", "/")),
            query=dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)),
            headers=headers,
            body=_read_body(environ),
        )

    def within(self, prefix: str) -> "Request":
        """The same request with ``prefix`` taken off the front of its path."""
        rest = self.path[len(prefix) :] or "/"
        return Request(self.method, rest, self.query, self.headers, self.body)

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadBody("the body is not JSON") from exc

    def form(self) -> dict[str, str]:
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadBody("the body is not UTF-8") from exc
        return dict(parse_qsl(text, keep_blank_values=True))

    def xml(self) -> ElementTree.Element:
        try:
            # Python's expat refuses entity expansion bombs and ElementTree never fetches
            # external entities, so parsing a caller's XML here is safe.
            return ElementTree.fromstring(self.body)  # noqa: S314
        except ElementTree.ParseError as exc:
            raise BadBody("the body is not XML") from exc


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: list[tuple[str, str]] = field(default_factory=list)

    def status_line(self) -> str:
        return STATUS_LINES.get(self.status, f"{self.status} Status")

    def header_list(self) -> list[tuple[str, str]]:
        return [
            ("Content-Type", self.content_type),
            ("Content-Length", str(len(self.body))),
            *self.headers,
        ]


def json_response(
    status: int,
    payload: Any,
    *,
    content_type: str = "application/json; charset=utf-8",
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, content_type, headers or [])


def xml_response(
    status: int,
    root: ElementTree.Element,
    *,
    content_type: str = "application/xml; charset=utf-8",
    headers: list[tuple[str, str]] | None = None,
) -> Response:
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(status, body, content_type, headers or [])


def add_text(parent: ElementTree.Element, tag: str, text: object) -> ElementTree.Element:
    """Append ``<tag>text</tag>``; booleans as ``true``/``false``, None as an empty element."""
    element = ElementTree.SubElement(parent, tag)
    if isinstance(text, bool):
        element.text = "true" if text else "false"
    elif text is not None:
        element.text = str(text)
    return element


def _decode_path(raw: str) -> str:
    # WSGI hands PATH_INFO over as latin-1 decoded bytes; the path is really UTF-8.
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= 0:
        return b""
    if length > MAX_BODY_BYTES:
        raise BodyTooLarge(f"the body is larger than {MAX_BODY_BYTES} bytes")
    return bytes(environ["wsgi.input"].read(length))
