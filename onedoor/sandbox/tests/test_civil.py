import httpx

from onedoor.sandbox.tests.callers import MAR, SOAP, civil, xml
from onedoor.sandbox.tests.conftest import NEWCOMER, PARENT, STRANGER


def _answer(response: httpx.Response) -> dict[str, str | None]:
    found = xml(response).find(f"{SOAP}Body/{MAR}QueryMarriageStatusResponse")
    assert found is not None
    return {
        "code": found.findtext(f"{MAR}ResultCode"),
        "status": found.findtext(f"{MAR}Record/{MAR}MaritalStatus"),
        "status_name": found.findtext(f"{MAR}Record/{MAR}MaritalStatusName"),
        "spouse": found.findtext(f"{MAR}Record/{MAR}SpouseIdNumber"),
        "name": found.findtext(f"{MAR}Record/{MAR}Name"),
    }


def test_a_married_person_has_status_20_and_a_spouse(http: httpx.Client, world: dict) -> None:
    response = civil(http, PARENT)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert _answer(response) == {
        "code": "0",
        "status": "20",
        "status_name": "已婚",
        "spouse": "440604198401010019",
        "name": "李家长",
    }


def test_an_unmarried_person_has_status_10(http: httpx.Client, world: dict) -> None:
    answer = _answer(civil(http, NEWCOMER))

    assert (answer["code"], answer["status"], answer["spouse"]) == ("0", "10", "")


def test_no_record_is_result_code_1_without_a_record(http: httpx.Client, world: dict) -> None:
    answer = _answer(civil(http, STRANGER))

    assert answer["code"] == "1"
    assert answer["status"] is None


def test_a_wrong_key_is_a_401_soap_fault(http: httpx.Client, world: dict) -> None:
    response = civil(http, PARENT, key="guess")

    assert response.status_code == 401
    fault = xml(response).find(f"{SOAP}Body/{SOAP}Fault")
    assert fault is not None
    assert fault.findtext("faultcode") == "soap:Client.Authentication"


def test_a_body_that_is_not_xml_is_a_400_soap_fault(http: httpx.Client, world: dict) -> None:
    response = http.post("/civil/ws/MarriageService", content=b"{not xml")

    assert response.status_code == 400
    assert (
        xml(response).findtext(f"{SOAP}Body/{SOAP}Fault/faultstring") == "Malformed SOAP envelope"
    )


def test_another_operation_is_a_400_soap_fault(http: httpx.Client, world: dict) -> None:
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>'
        "<Auth><ClientId>onedoor</ClientId><ClientKey>onedoor-civil-demo-key</ClientKey></Auth>"
        "</soap:Header><soap:Body><QueryDivorces><IdNumber>1</IdNumber></QueryDivorces>"
        "</soap:Body></soap:Envelope>"
    )
    response = http.post("/civil/ws/MarriageService", content=body.encode())

    assert response.status_code == 400
    assert "QueryMarriageStatus" in (
        xml(response).findtext(f"{SOAP}Body/{SOAP}Fault/faultstring") or ""
    )
