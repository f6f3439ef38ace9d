"""The message gateways the platform sends through: an SMS gateway and WeChat subscription
messages (订阅消息). They are no department systems, but answer the same drills (``/_faults``
with ``"system": "sms"`` or ``"wechat"``), and keep what they received for the tests and the
demo to read (``GET /_sms?to=``, ``GET /_wechat?to=``).

- ``POST /sms/send`` with ``X-Api-Key``, JSON ``{"to", "content", "reference"?}`` → 200
  ``{"id", "status": "accepted"}``; the same ``reference`` again answers the first ``id`` and
  sends nothing; a number that is no mainland mobile is 400 ``INVALID_NUMBER``.
- ``POST /wechat/cgi-bin/message/subscribe/send?access_token=`` with WeChat's body
  (``touser``, ``template_id``, ``data``, ``client_msg_id``?) → WeChat's answers: 200 with
  ``errcode`` 0 and a ``msgid``, or 40001 (token), 40003 (openid), 40037 (template), 47003 (data).
"""

import re
import secrets
import sqlite3
import time
from typing import Any

from onedoor.sandbox.clients import DEMO_CLIENT, Clients, demo_key
from onedoor.sandbox.faults import FaultRequest
from onedoor.sandbox.store import DEFAULT_SLOW_DELAY, Fault, Store
from onedoor.sandbox.systems.system import Context, System
from onedoor.sandbox.web import BadBody, Request, Response, json_response

SCHEMA = """
CREATE TABLE IF NOT EXISTS received_message (
    gateway TEXT NOT NULL, id TEXT NOT NULL, reference TEXT, recipient TEXT NOT NULL,
    title TEXT NOT NULL, content TEXT NOT NULL, client TEXT NOT NULL, received_at REAL NOT NULL,
    PRIMARY KEY (gateway, id));
CREATE UNIQUE INDEX IF NOT EXISTS received_reference
    ON received_message (gateway, reference) WHERE reference IS NOT NULL;
CREATE INDEX IF NOT EXISTS received_recipient ON received_message (gateway, recipient);
"""
MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
OPENID = re.compile(r"^o[0-9A-Za-z_-]{20,40}$")
MAX_CONTENT = 500
READ_LIMIT = 100


def create_tables(store: Store) -> None:
    with store.connect() as conn, conn:
        conn.executescript(SCHEMA)


def forget(store: Store) -> None:
    with store.connect() as conn, conn:
        conn.execute("DELETE FROM received_message")


def _client(clients: Clients, gateway: str, key: str) -> str | None:
    """The client holding ``key``; the demo key too while clients.json gives the demo client
    none for this gateway (the file written on first start names department systems only)."""
    if not key:
        return None
    found = clients.client_with_key(gateway, key)
    if found is None and clients.key(DEMO_CLIENT, gateway) is None and key == demo_key(gateway):
        return DEMO_CLIENT
    return found


def _keep(
    store: Store,
    gateway: str,
    *,
    reference: str | None,
    recipient: str,
    title: str,
    content: str,
    client: str,
) -> tuple[str, bool]:
    """Store a received message; answers its id and whether it was new (by reference)."""
    message_id = f"{gateway.upper()}{secrets.token_hex(8)}"
    with store.connect() as conn, conn:
        if reference:
            row = conn.execute(
                "SELECT id FROM received_message WHERE gateway = ? AND reference = ?",
                (gateway, reference),
            ).fetchone()
            if row is not None:
                return str(row["id"]), False
        try:
            conn.execute(
                "INSERT INTO received_message VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    gateway,
                    message_id,
                    reference or None,
                    recipient,
                    title,
                    content,
                    client,
                    time.time(),
                ),
            )
        except sqlite3.IntegrityError:  # the same reference, at the same moment
            row = conn.execute(
                "SELECT id FROM received_message WHERE gateway = ? AND reference = ?",
                (gateway, reference),
            ).fetchone()
            return str(row["id"]), False
    return message_id, True


def set_gateway_fault(store: Store, gateway: str, change: FaultRequest) -> None:
    """Switch a gateway's fault mode (the department systems' modes are the store's own)."""
    old = store.get_fault(gateway)
    with store.connect() as conn, conn:
        conn.execute(
            "INSERT OR REPLACE INTO fault (system, mode, delay, latency_ms, served)"
            " VALUES (?, ?, ?, ?, 0)",
            (
                gateway,
                change.mode or old.mode,
                _delay(change, old),
                old.latency_ms if change.latency_ms is None else change.latency_ms,
            ),
        )


def _delay(change: FaultRequest, old: Fault) -> float:
    if change.delay is not None:
        return change.delay
    return DEFAULT_SLOW_DELAY if change.mode else old.delay


def received(store: Store, gateway: str, recipient: str) -> list[dict[str, Any]]:
    """What the gateway received for ``recipient`` (every recipient when blank), newest first."""
    query = "SELECT * FROM received_message WHERE gateway = ?"
    params: list[Any] = [gateway]
    if recipient:
        query += " AND recipient = ?"
        params.append(recipient)
    with store.connect() as conn:
        rows = conn.execute(
            f"{query} ORDER BY received_at DESC LIMIT {READ_LIMIT}",
            params,
        ).fetchall()
    return [
        {
            "id": row["id"],
            "to": row["recipient"],
            "title": row["title"],
            "content": row["content"],
            "reference": row["reference"],
            "received_at": row["received_at"],
        }
        for row in rows
    ]


# SMS ----------------------------------------------------------------------------------------


def _sms_error(status: int, code: str, message: str) -> Response:
    return json_response(status, {"error": {"code": code, "message": message}})


def handle_sms(request: Request, context: Context) -> Response:
    client = _client(context.clients, "sms", request.headers.get("x-api-key", "").strip())
    if client is None:
        return _sms_error(401, "API_KEY_INVALID", "A valid X-Api-Key header is required")
    if (request.method, request.path.rstrip("/")) != ("POST", "/send"):
        return _sms_error(404, "NOT_FOUND", "No such endpoint")
    try:
        body = request.json()
    except BadBody:
        body = None
    if not isinstance(body, dict):
        return _sms_error(400, "INVALID_BODY", 'Send {"to", "content", "reference"?}')
    to = re.sub(r"[\s-]", "", str(body.get("to") or ""))
    content = body.get("content")
    if not MOBILE.match(to):
        return _sms_error(400, "INVALID_NUMBER", "Not a mainland mobile number")
    if not isinstance(content, str) or not content.strip() or len(content) > MAX_CONTENT:
        return _sms_error(400, "INVALID_CONTENT", f"Content must be 1 to {MAX_CONTENT} characters")
    reference = body.get("reference")
    message_id, new = _keep(
        context.store,
        "sms",
        reference=str(reference) if reference else None,
        recipient=to,
        title="",
        content=content,
        client=client,
    )
    return json_response(200, {"id": message_id, "status": "accepted", "duplicate": not new})


# WeChat ---------------------------------------------------------------------------------------


def _wechat(errcode: int, errmsg: str, **extra: Any) -> Response:
    return json_response(200, {"errcode": errcode, "errmsg": errmsg, **extra})


def _wechat_text(data: Any) -> tuple[str, str] | None:
    if not isinstance(data, dict) or not data:
        return None
    values = [item.get("value") for item in data.values() if isinstance(item, dict)]
    if len(values) != len(data) or not all(isinstance(v, str) for v in values):
        return None
    return str(values[0]), "\n".join(str(v) for v in values[1:])


def handle_wechat(request: Request, context: Context) -> Response:
    if (request.method, request.path.rstrip("/")) != ("POST", "/cgi-bin/message/subscribe/send"):
        return _wechat(404, "invalid url")
    client = _client(context.clients, "wechat", request.query.get("access_token", ""))
    if client is None:
        return _wechat(40001, "invalid credential, access_token is invalid or not latest")
    try:
        body = request.json()
    except BadBody:
        return _wechat(47001, "data format error")
    if not isinstance(body, dict):
        return _wechat(47001, "data format error")
    touser = str(body.get("touser") or "")
    if not OPENID.match(touser):
        return _wechat(40003, "invalid openid")
    if not body.get("template_id"):
        return _wechat(40037, "invalid template_id")
    text = _wechat_text(body.get("data"))
    if text is None:
        return _wechat(47003, "argument invalid! data.value invalid")
    reference = body.get("client_msg_id")
    message_id, _new = _keep(
        context.store,
        "wechat",
        reference=str(reference) if reference else None,
        recipient=touser,
        title=text[0],
        content=text[1],
        client=client,
    )
    return _wechat(0, "ok", msgid=int(message_id[len("WECHAT") :], 16))


GATEWAYS: dict[str, System] = {
    "sms": System("sms", "短信网关", "application/json; charset=utf-8", handle_sms),
    "wechat": System("wechat", "微信订阅消息接口", "application/json", handle_wechat),
}
