"""市场监管 (market): the business register, a plain REST API.

``GET /market/v1/enterprises/{uscc}`` with ``X-Api-Key``; a missing enterprise is a 404 with an
``error`` object, like every refusal of this system.
"""

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import Request, Response, json_response

CODE = "market"
STATUSES = {True: ("active", "存续（在营、开业、在册）"), False: ("deregistered", "注销")}
router = Router()


def _error(status: int, code: str, message: str) -> Response:
    return json_response(status, {"error": {"code": code, "message": message}})


def handle(request: Request, context: Context) -> Response:
    key = request.headers.get("x-api-key", "").strip()
    if not key:
        return _error(401, "API_KEY_MISSING", "The X-Api-Key header is required")
    if context.clients.client_with_key(CODE, key) is None:
        return _error(403, "API_KEY_INVALID", "The API key is not valid")
    return router.dispatch(request, context) or _error(404, "NOT_FOUND", "No such endpoint")


@router.route("GET", "/v1/enterprises/{uscc}")
def enterprise(request: Request, context: Context, params: dict[str, str]) -> Response:
    uscc = normalise_id(params["uscc"])
    record = context.store.get_organisation(uscc)
    if record is None:
        return _error(404, "ENTERPRISE_NOT_FOUND", "No enterprise with this credit code")
    status, status_name = STATUSES[bool(record["registered"])]
    representative_id = record["legal_representative"]
    representative = context.store.get_person(representative_id or "") or {}
    return json_response(
        200,
        {
            "uscc": uscc,
            "name": record["name"],
            "status": status,
            "statusName": status_name,
            "legalRepresentative": {
                "name": representative.get("name"),
                "idNumber": representative_id,
            },
        },
    )


SYSTEM = System(CODE, "市场主体登记系统", "application/json; charset=utf-8", handle)
