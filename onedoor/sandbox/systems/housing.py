"""不动产登记 (housing): the property register, answering whether someone owns or rents here.

One ``POST /housing/query`` endpoint, form-encoded, signed: ``sign`` is the lower-case hex
HMAC-SHA256, keyed with the client's secret, of every other parameter sorted by name and joined
as ``name=value&name=value``. Answers are XML with a business ``code`` ("0" success).
"""

import hashlib
import hmac
from xml.etree import ElementTree

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import BadBody, Request, Response, add_text, xml_response

CODE = "housing"
QUERY_TYPES = {"ownership": "owns_in_district", "lease": "rents_in_district"}
TIMESTAMP_TOLERANCE_MS = 300_000
router = Router()


def string_to_sign(params: dict[str, str]) -> str:
    return "&".join(f"{name}={params[name]}" for name in sorted(params) if name != "sign")


def _envelope(code: str, message: str) -> ElementTree.Element:
    root = ElementTree.Element("response")
    add_text(root, "code", code)
    add_text(root, "message", message)
    return root


def _refusal(code: str, message: str, status: int) -> Response:
    return xml_response(status, _envelope(code, message))


def handle(request: Request, context: Context) -> Response:
    return router.dispatch(request, context) or _refusal("1404", "接口不存在", 404)


def _check_signature(params: dict[str, str], context: Context) -> Response | None:
    secret = context.clients.key(params.get("appKey", ""), CODE)
    if secret is None:
        return _refusal("1001", "appKey 无效", 403)
    try:
        timestamp = int(params.get("timestamp", ""))
    except ValueError:
        return _refusal("1000", "参数错误：timestamp 须为毫秒时间戳", 400)
    if abs(context.clock() * 1000 - timestamp) > TIMESTAMP_TOLERANCE_MS:
        return _refusal("1002", "请求已过期：timestamp 与服务器时间相差超过 5 分钟", 403)
    expected = hmac.new(secret.encode(), string_to_sign(params).encode(), hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), params.get("sign", "").lower()):
        return _refusal("1003", "签名校验失败", 403)
    return None


@router.route("POST", "/query")
def query(request: Request, context: Context, _: dict[str, str]) -> Response:
    try:
        params = request.form()
    except BadBody:
        return _refusal("1000", "参数错误：请求体须为 application/x-www-form-urlencoded", 400)
    refusal = _check_signature(params, context)
    if refusal is not None:
        return refusal
    id_no = normalise_id(params.get("idNo"))
    query_type = params.get("queryType", "")
    if not id_no or query_type not in QUERY_TYPES:
        return _refusal("1000", "参数错误：须有 idNo，queryType 为 ownership 或 lease", 400)
    record = context.store.get_section(id_no, "property")
    if record is None:
        return _refusal("2004", "未查询到该权利人", 200)
    exists = bool(record[QUERY_TYPES[query_type]])
    root = _envelope("0", "成功")
    data = ElementTree.SubElement(root, "data")
    add_text(data, "idNo", id_no)
    add_text(data, "queryType", query_type)
    add_text(data, "exists", exists)
    add_text(data, "count", 1 if exists else 0)
    records = ElementTree.SubElement(data, "records")
    if exists:
        _add_record(records, id_no, query_type)
    return xml_response(200, root)


def _add_record(records: ElementTree.Element, id_no: str, query_type: str) -> None:
    digest = int(hashlib.sha256(f"{query_type}:{id_no}".encode()).hexdigest()[:8], 16)
    record = ElementTree.SubElement(records, "record")
    if query_type == "ownership":
        add_text(
            record, "certNo", f"粤({2010 + digest % 15})佛山市不动产权第{digest % 10**7:07d}号"
        )
    else:
        add_text(record, "filingNo", f"ZL440604{digest % 10**8:08d}")
    add_text(record, "location", f"禅城区祖庙街道{digest % 300 + 1}号")


SYSTEM = System(CODE, "不动产登记系统", "application/xml; charset=utf-8", handle)
