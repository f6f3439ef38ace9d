"""公安户籍 (police): the household register and residence permits.

JSON in camelCase, HTTP 200 with a business ``resultCode`` for every answer the system gives
("0000" found, "1001" nobody by that number), credentials in ``X-App-Id`` / ``X-App-Key``.
"""

import datetime as dt
import hashlib
from typing import Any

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import Request, Response, json_response

CODE = "police"
SEX_CODES = {"male": ("1", "男"), "female": ("2", "女")}
router = Router()


def _answer(code: str, message: str, data: Any, status: int = 200) -> Response:
    return json_response(status, {"resultCode": code, "resultMsg": message, "data": data})


def handle(request: Request, context: Context) -> Response:
    app_id = request.headers.get("x-app-id", "")
    app_key = request.headers.get("x-app-key", "")
    if not context.clients.check(app_id, CODE, app_key):
        return _answer("4010", "应用认证失败：X-App-Id 或 X-App-Key 无效", None, status=401)
    return router.dispatch(request, context) or _answer("4040", "接口不存在", None, status=404)


def _compact(day: str | None) -> str | None:
    return day.replace("-", "") if day else None


def _identity(record: dict[str, Any]) -> dict[str, Any]:
    sex, sex_name = SEX_CODES.get(record["sex"] or "", (None, None))
    return {
        "idNo": record["id_number"],
        "name": record["name"],
        "sex": sex,
        "sexName": sex_name,
        "birthDate": _compact(record["birth_date"]),
    }


@router.route("GET", "/api/v2/household")
def household(request: Request, context: Context, _: dict[str, str]) -> Response:
    id_no = normalise_id(request.query.get("idNo"))
    if not id_no:
        return _answer("4000", "参数错误：缺少 idNo", None, status=400)
    record = context.store.get_section(id_no, "household")
    if record is None:
        return _answer("1001", "查无此人", None)
    data = _identity(record) | {
        "inDistrict": bool(record["in_district"]),
        "householdAddress": record["address"],
    }
    return _answer("0000", "成功", data)


@router.route("GET", "/api/v2/residence-permit")
def residence_permit(request: Request, context: Context, _: dict[str, str]) -> Response:
    id_no = normalise_id(request.query.get("idNo"))
    if not id_no:
        return _answer("4000", "参数错误：缺少 idNo", None, status=400)
    record = context.store.get_section(id_no, "residence_permit")
    if record is None:
        return _answer("1001", "查无此人", None)
    years = float(record["years"])
    first_issued = dt.date.today() - dt.timedelta(days=round(years * 365.25))
    data = _identity(record) | {
        "permitNo": "440604" + hashlib.sha256(id_no.encode()).hexdigest()[:12].upper(),
        "firstIssueDate": first_issued.strftime("%Y%m%d"),
        "holdingYears": years,
        "status": "valid",
    }
    return _answer("0000", "成功", data)


SYSTEM = System(CODE, "公安户籍系统", "application/json; charset=utf-8", handle)
