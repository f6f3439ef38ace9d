"""税务 (tax): whether a taxpayer (a person or an organisation) owes overdue tax.

``POST /tax/api/v1/arrears/query`` with a JSON body, signed in headers: ``X-Tax-AppId``,
``X-Tax-Timestamp`` (Unix seconds, within 5 minutes) and ``X-Tax-Signature``, the base64
HMAC-SHA256, keyed with the client's secret, of ``"<app id>\\n<timestamp>\\n<raw body>"``.
"""

import base64
import hashlib
import hmac
from typing import Any

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import BadBody, Request, Response, json_response

CODE = "tax"
TIMESTAMP_TOLERANCE_SECONDS = 300
ARREARS_AMOUNT = "12800.00"
router = Router()


def _answer(status: int, result: Any = None, error: tuple[str, str] | None = None) -> Response:
    code, message = error or (None, None)
    payload = {"success": error is None, "errorCode": code, "errorMessage": message}
    return json_response(status, payload | {"result": result})


def signature(secret: str, app_id: str, timestamp: str, body: bytes) -> str:
    message = f"{app_id}\n{timestamp}\n".encode() + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def handle(request: Request, context: Context) -> Response:
    refusal = _check_signature(request, context)
    if refusal is not None:
        return refusal
    return router.dispatch(request, context) or _answer(404, error=("NOT_FOUND", "No such API"))


def _check_signature(request: Request, context: Context) -> Response | None:
    app_id = request.headers.get("x-tax-appid", "")
    secret = context.clients.key(app_id, CODE)
    if secret is None:
        return _answer(401, error=("APP_NOT_AUTHORIZED", "Unknown X-Tax-AppId"))
    timestamp = request.headers.get("x-tax-timestamp", "")
    try:
        skew = abs(context.clock() - int(timestamp))
    except ValueError:
        return _answer(400, error=("TIMESTAMP_INVALID", "X-Tax-Timestamp must be Unix seconds"))
    if skew > TIMESTAMP_TOLERANCE_SECONDS:
        return _answer(403, error=("TIMESTAMP_EXPIRED", "X-Tax-Timestamp is too far from now"))
    expected = signature(secret, app_id, timestamp, request.body)
    if not hmac.compare_digest(expected, request.headers.get("x-tax-signature", "")):
        return _answer(403, error=("SIGNATURE_INVALID", "X-Tax-Signature does not match"))
    return None


@router.route("POST", "/api/v1/arrears/query")
def arrears(request: Request, context: Context, _: dict[str, str]) -> Response:
    try:
        body = request.json()
    except BadBody:
        body = None
    taxpayer_id = normalise_id(body.get("taxpayerId")) if isinstance(body, dict) else ""
    if not taxpayer_id:
        return _answer(400, error=("PARAM_INVALID", 'Body must be {"taxpayerId": "..."}'))
    record, is_person = _taxpayer(context, taxpayer_id)
    if record is None:
        return _answer(200, error=("TAXPAYER_NOT_FOUND", "No taxpayer with this identifier"))
    has_arrears = bool(record["arrears"])
    result = {
        "taxpayerId": taxpayer_id,
        "taxpayerName": record["name"],
        "taxpayerType": "individual" if is_person else "enterprise",
        "hasArrears": has_arrears,
        "arrearsAmount": ARREARS_AMOUNT if has_arrears else "0.00",
    }
    return _answer(200, result)


def _taxpayer(context: Context, taxpayer_id: str) -> tuple[dict[str, Any] | None, bool]:
    """The tax record of a person or, failing that, of an organisation."""
    person = context.store.get_section(taxpayer_id, "tax")
    if person is not None:
        return person, True
    organisation = context.store.get_organisation(taxpayer_id)
    if organisation is None or organisation["tax__arrears"] is None:
        return None, False
    return {"name": organisation["name"], "arrears": organisation["tax__arrears"]}, False


SYSTEM = System(CODE, "税务征管系统", "application/json; charset=utf-8", handle)
