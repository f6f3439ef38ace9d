"""The person registry (自然人库) for staff: every read is logged with its purpose."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from onedoor.api.auth import bearer, require_staff
from onedoor.registry.queries import (
    access_person,
    access_person_access_log,
    age_on,
    get_access_log,
    get_person_organisations,
    get_relations,
    today,
)

router = Router(tags=["persons"], auth=bearer)


class RelationOut(Schema):
    kind: str = Field(
        description="what the other person is to this one: guardian, ward (under this "
        "person's guardianship) or spouse"
    )
    id_number: str
    name: str


class PersonOrganisationOut(Schema):
    uscc: str
    name: str
    role: str = Field(description="legal_representative or authorised_agent")


class PersonOut(Schema):
    id_number: str
    name: str
    birth_date: dt.date
    sex: str = Field(description="male or female")
    age: int = Field(description="whole years of age today")
    phone: str
    household_address: str
    residence_address: str
    relations: list[RelationOut]
    organisations: list[PersonOrganisationOut]


class AccessLogEntryOut(Schema):
    accessor: str
    action: str = Field(description="read, verify, prefill ...")
    purpose: str
    detail: str
    at: dt.datetime


class AccessLogOut(Schema):
    count: int
    items: list[AccessLogEntryOut]


@router.get(
    "{id_number}",
    response=PersonOut,
    summary="A person (staff; the read is logged with its purpose)",
)
def get_person(request: HttpRequest, id_number: str, purpose: str = "") -> dict[str, object]:
    person = access_person(require_staff(request), id_number, purpose=purpose)
    return {
        "id_number": person.id_number,
        "name": person.name,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "age": age_on(person.birth_date, today()),
        "phone": person.phone,
        "household_address": person.household_address,
        "residence_address": person.residence_address,
        "relations": get_relations(person),
        "organisations": get_person_organisations(person),
    }


@router.get(
    "{id_number}/access-log",
    response=AccessLogOut,
    summary="Who read or verified a person's data (supervisors)",
)
def get_person_access_log(
    request: HttpRequest,
    id_number: str,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, object]:
    person = access_person_access_log(require_staff(request), id_number)
    count, items = get_access_log(person, limit=limit, offset=offset)
    return {"count": count, "items": items}
