"""卫健 (health): births and vaccinations, a FHIR R4-flavoured JSON API.

``Authorization: Bearer <key>``. Searches answer a ``Bundle`` (``total`` 0 when the system
knows nobody by that number); the ``$vaccination-status`` operation answers ``Parameters`` or a
404 ``OperationOutcome``. Refusals are ``OperationOutcome`` resources.
"""

import datetime as dt
import hashlib
from typing import Any

from onedoor.sandbox.records import section_of
from onedoor.sandbox.systems.system import Context, Router, System, normalise_id
from onedoor.sandbox.web import Request, Response, json_response

CODE = "health"
CONTENT_TYPE = "application/fhir+json; charset=utf-8"
ID_SYSTEM = "urn:onedoor:sandbox:resident-id"
BIRTH_EXTENSION = "urn:onedoor:sandbox:health:birth-registered"
# The national immunisation programme's doses due by age six (国家免疫规划).
SCHEDULE = (
    ("乙肝疫苗", 3),
    ("卡介苗", 1),
    ("脊灰疫苗", 4),
    ("百白破疫苗", 4),
    ("麻腮风疫苗", 2),
    ("乙脑减毒活疫苗", 2),
    ("A群流脑多糖疫苗", 2),
    ("A群C群流脑多糖疫苗", 2),
    ("甲肝减毒活疫苗", 1),
)
DOSES_DUE = sum(doses for _, doses in SCHEDULE)
MISSING_WHEN_INCOMPLETE = 2
router = Router()


def _outcome(status: int, code: str, message: str, **headers: str) -> Response:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": code, "diagnostics": message}],
    }
    return json_response(status, outcome, content_type=CONTENT_TYPE, headers=list(headers.items()))


def _fhir(payload: dict[str, Any]) -> Response:
    return json_response(200, payload, content_type=CONTENT_TYPE)


def handle(request: Request, context: Context) -> Response:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not context.clients.client_with_key(CODE, key.strip()):
        challenge = {"WWW-Authenticate": 'Bearer realm="health"'}
        return _outcome(401, "login", "A valid bearer token is required", **challenge)
    return router.dispatch(request, context) or _outcome(404, "not-supported", "Unknown resource")


def _identifier(value: str | None) -> str:
    """A FHIR token search value, ``system|value`` or a bare value."""
    return normalise_id((value or "").rpartition("|")[2])


def _bundle(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"resource": resource} for resource in resources],
    }


def _logical_id(id_number: str) -> str:
    return "p-" + hashlib.sha256(id_number.encode()).hexdigest()[:16]


@router.route("GET", "/fhir/Patient")
def patient_search(request: Request, context: Context, _: dict[str, str]) -> Response:
    id_number = _identifier(request.query.get("identifier"))
    if not id_number:
        return _outcome(400, "required", "Search parameter 'identifier' is required")
    person = context.store.get_person(id_number)
    birth = section_of(person, "birth")
    if person is None or (birth is None and section_of(person, "vaccination") is None):
        return _fhir(_bundle([]))
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": _logical_id(id_number),
        "identifier": [{"system": ID_SYSTEM, "value": id_number}],
        "name": [{"text": person["name"]}],
        "gender": person["sex"] or "unknown",
        "birthDate": person["birth_date"],
    }
    if birth is not None:
        registered = bool(birth["registered"])
        patient["extension"] = [{"url": BIRTH_EXTENSION, "valueBoolean": registered}]
    return _fhir(_bundle([patient]))


@router.route("GET", "/fhir/Immunization")
def immunization_search(request: Request, context: Context, _: dict[str, str]) -> Response:
    id_number = _identifier(request.query.get("patient.identifier"))
    if not id_number:
        return _outcome(400, "required", "Search parameter 'patient.identifier' is required")
    record = context.store.get_section(id_number, "vaccination")
    if record is None:
        return _fhir(_bundle([]))
    return _fhir(_bundle(_doses(id_number, record["birth_date"], bool(record["complete"]))))


def _doses(id_number: str, birth_date: str | None, complete: bool) -> list[dict[str, Any]]:
    born = dt.date.fromisoformat(birth_date) if birth_date else dt.date(2000, 1, 1)
    given = [(vaccine, dose) for vaccine, doses in SCHEDULE for dose in range(1, doses + 1)]
    if not complete:
        given = given[:-MISSING_WHEN_INCOMPLETE]
    return [
        {
            "resourceType": "Immunization",
            "id": f"{_logical_id(id_number)}-{index}",
            "status": "completed",
            "vaccineCode": {"text": vaccine},
            "patient": {"reference": f"Patient/{_logical_id(id_number)}"},
            "occurrenceDateTime": (born + dt.timedelta(days=60 * index)).isoformat(),
            "protocolApplied": [{"series": "国家免疫规划", "doseNumberPositiveInt": dose}],
        }
        for index, (vaccine, dose) in enumerate(given)
    ]


@router.route("GET", "/fhir/Patient/$vaccination-status")
def vaccination_status(request: Request, context: Context, _: dict[str, str]) -> Response:
    id_number = _identifier(request.query.get("identifier"))
    if not id_number:
        return _outcome(400, "required", "Parameter 'identifier' is required")
    record = context.store.get_section(id_number, "vaccination")
    if record is None:
        return _outcome(404, "not-found", "No vaccination record for this identifier")
    complete = bool(record["complete"])
    given = DOSES_DUE if complete else DOSES_DUE - MISSING_WHEN_INCOMPLETE
    parameters = {
        "resourceType": "Parameters",
        "parameter": [
            {"name": "identifier", "valueString": id_number},
            {"name": "complete", "valueBoolean": complete},
            {"name": "dosesGiven", "valueInteger": given},
            {"name": "dosesDue", "valueInteger": DOSES_DUE},
        ],
    }
    return _fhir(parameters)


SYSTEM = System(CODE, "卫生健康信息系统", CONTENT_TYPE, handle)
