"""民政婚姻登记 (civil): the marriage register, a SOAP 1.1 service.

``POST /civil/ws/MarriageService`` with a ``QueryMarriageStatus`` envelope; the client id and key
travel in the SOAP header. Marital status uses the GB/T 2261.2 codes (2x: married).
Refusals are SOAP faults.
"""

from xml.etree import ElementTree

from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import BadBody, Request, Response, add_text, xml_response

CODE = "civil"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
MARRIAGE_NS = "urn:onedoor:sandbox:civil:marriage"
CONTENT_TYPE = "text/xml; charset=utf-8"
STATUSES = {True: ("20", "已婚"), False: ("10", "未婚")}
router = Router()

ElementTree.register_namespace("soap", SOAP_NS)
ElementTree.register_namespace("mar", MARRIAGE_NS)


def _soap(tag: str) -> str:
    return f"{{{SOAP_NS}}}{tag}"


def _mar(tag: str) -> str:
    return f"{{{MARRIAGE_NS}}}{tag}"


def _envelope() -> tuple[ElementTree.Element, ElementTree.Element]:
    root = ElementTree.Element(_soap("Envelope"))
    return root, ElementTree.SubElement(root, _soap("Body"))


def _fault(status: int, code: str, message: str) -> Response:
    root, body = _envelope()
    fault = ElementTree.SubElement(body, _soap("Fault"))
    add_text(fault, "faultcode", f"soap:{code}")
    add_text(fault, "faultstring", message)
    return xml_response(status, root, content_type=CONTENT_TYPE)


def handle(request: Request, context: Context) -> Response:
    return router.dispatch(request, context) or _fault(404, "Client", "No such service")


def _find_text(root: ElementTree.Element, name: str) -> str:
    """The text of the first element called ``name`` in any namespace."""
    for element in root.iter():
        if element.tag.rpartition("}")[2] == name:
            return (element.text or "").strip()
    return ""


@router.route("POST", "/ws/MarriageService")
def marriage_service(request: Request, context: Context, _: dict[str, str]) -> Response:
    try:
        envelope = request.xml()
    except BadBody:
        return _fault(400, "Client", "Malformed SOAP envelope")
    client, key = _find_text(envelope, "ClientId"), _find_text(envelope, "ClientKey")
    if not context.clients.check(client, CODE, key):
        return _fault(401, "Client.Authentication", "Authentication failed")
    if not any(e.tag.rpartition("}")[2] == "QueryMarriageStatus" for e in envelope.iter()):
        return _fault(400, "Client", "Unknown operation: expected QueryMarriageStatus")
    id_number = normalise_id(_find_text(envelope, "IdNumber"))
    if not id_number:
        return _fault(400, "Client", "IdNumber is required")
    return xml_response(200, _status_answer(context, id_number), content_type=CONTENT_TYPE)


def _status_answer(context: Context, id_number: str) -> ElementTree.Element:
    root, body = _envelope()
    answer = ElementTree.SubElement(body, _mar("QueryMarriageStatusResponse"))
    record = context.store.get_section(id_number, "marriage")
    if record is None:
        add_text(answer, _mar("ResultCode"), "1")
        add_text(answer, _mar("ResultMessage"), "未查询到婚姻登记记录")
        return root
    add_text(answer, _mar("ResultCode"), "0")
    add_text(answer, _mar("ResultMessage"), "成功")
    status_code, status_name = STATUSES[bool(record["married"])]
    found = ElementTree.SubElement(answer, _mar("Record"))
    add_text(found, _mar("IdNumber"), id_number)
    add_text(found, _mar("Name"), record["name"])
    add_text(found, _mar("MaritalStatus"), status_code)
    add_text(found, _mar("MaritalStatusName"), status_name)
    add_text(found, _mar("SpouseIdNumber"), record["spouse"] if record["married"] else None)
    return root


SYSTEM = System(CODE, "民政婚姻登记系统", CONTENT_TYPE, handle)
