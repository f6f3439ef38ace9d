"""人社 (hrss): social insurance contributions.

JSON envelope ``{"code": 0, "msg": "ok", "data": {...}}``. A client first trades its id and
secret for a bearer token at ``POST /hrss/auth/token`` (valid two hours), then sends
``Authorization: Bearer <token>``. Tokens are signed, not stored, so any process can check them.
"""

import base64
import binascii
import hashlib
import hmac
from typing import Any

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import BadBody, Request, Response, json_response

CODE = "hrss"
TOKEN_SECONDS = 7200
router = Router()


def _answer(code: int, message: str, data: Any = None, status: int = 200) -> Response:
    return json_response(status, {"code": code, "msg": message, "data": data})


def handle(request: Request, context: Context) -> Response:
    return router.dispatch(request, context) or _answer(40400, "no such endpoint", status=404)


def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def _issue_token(client: str, secret: str, now: float) -> str:
    payload = base64.urlsafe_b64encode(f"{client}:{int(now) + TOKEN_SECONDS}".encode()).decode()
    return f"{payload}.{_sign(secret, payload)}"


def _token_client(token: str, context: Context) -> str | None:
    """The client a valid, unexpired token was issued to."""
    payload, _, signature = token.partition(".")
    try:
        client, _, expiry = base64.urlsafe_b64decode(payload.encode()).decode().rpartition(":")
        expires_at = int(expiry)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    secret = context.clients.key(client, CODE)
    if secret is None or expires_at < context.clock():
        return None
    return client if hmac.compare_digest(_sign(secret, payload), signature) else None


@router.route("POST", "/auth/token")
def token(request: Request, context: Context, _: dict[str, str]) -> Response:
    try:
        body = request.json()
    except BadBody:
        body = None
    if not isinstance(body, dict):
        return _answer(40001, "body must be JSON with client_id and client_secret", status=400)
    client = str(body.get("client_id") or "")
    if not context.clients.check(client, CODE, str(body.get("client_secret") or "")):
        return _answer(40101, "invalid client credentials", status=401)
    secret = context.clients.key(client, CODE) or ""
    data = {
        "access_token": _issue_token(client, secret, context.clock()),
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
    }
    return _answer(0, "ok", data)


@router.route("GET", "/api/v1/insured/{id_no}")
def insured(request: Request, context: Context, params: dict[str, str]) -> Response:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or _token_client(token.strip(), context) is None:
        return _answer(40102, "invalid or expired access token", status=401)
    id_no = normalise_id(params["id_no"])
    record = context.store.get_section(id_no, "social_insurance")
    if record is None:
        return _answer(40401, "insured person not found", status=404)
    data = {
        "idNo": id_no,
        "name": record["name"],
        "insuranceType": "城镇职工基本养老保险",
        "contributionMonths": int(record["months"]),
        "status": "active" if record["months"] else "none",
    }
    return _answer(0, "ok", data)


SYSTEM = System(CODE, "人力资源和社会保障系统", "application/json; charset=utf-8", handle)
