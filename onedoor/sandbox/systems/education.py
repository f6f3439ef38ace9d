"""教育 (education): primary school places and pupils' enrollment.

JSON in the JSend style (``{"status": "success"|"fail"|"error", "data": ...}``), snake_case,
HTTP Basic authentication with the client id and key.
"""

import base64
import binascii
import datetime as dt
from typing import Any

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import Request, Response, json_response

CODE = "education"
router = Router()


def _success(data: Any) -> Response:
    return json_response(200, {"status": "success", "data": data})


def _fail(
    status: int, data: dict[str, str], headers: list[tuple[str, str]] | None = None
) -> Response:
    return json_response(status, {"status": "fail", "data": data}, headers=headers)


def handle(request: Request, context: Context) -> Response:
    if not _authenticated(request, context):
        challenge = [("WWW-Authenticate", 'Basic realm="education"')]
        return _fail(401, {"authorization": "valid Basic credentials are required"}, challenge)
    return router.dispatch(request, context) or _fail(404, {"path": "no such endpoint"})


def _authenticated(request: Request, context: Context) -> bool:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        client, _, key = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return context.clients.check(client, CODE, key)


def enrollment_year(today: dt.date) -> int:
    """The year of the coming 1 September: this year's until 31 August, next year's after."""
    return today.year if today.month <= 8 else today.year + 1


@router.route("GET", "/places")
def places(request: Request, context: Context, _: dict[str, str]) -> Response:
    schools = context.store.list_schools()
    wanted = request.query.get("school")
    if wanted:
        schools = [school for school in schools if school["code"] == wanted]
        if not schools:
            return _fail(404, {"school": "no school with this code"})
    year = enrollment_year(dt.date.fromtimestamp(context.clock()))
    listed = [
        school | {"available": max(school["capacity"] - school["enrolled"], 0)}
        for school in schools
    ]
    return _success({"year": year, "schools": listed})


@router.route("GET", "/students/{id_number}")
def student(request: Request, context: Context, params: dict[str, str]) -> Response:
    id_number = normalise_id(params["id_number"])
    record = context.store.get_section(id_number, "school")
    if record is None:
        return _fail(404, {"id_number": "no student with this id number"})
    enrolled = bool(record["enrolled"])
    data = {
        "id_number": id_number,
        "name": record["name"],
        "enrolled": enrolled,
        "school": record["school"] if enrolled else None,
    }
    return _success({"student": data})


SYSTEM = System(CODE, "教育入学管理系统", "application/json; charset=utf-8", handle)
