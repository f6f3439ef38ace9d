"""The signed-in citizen's own: their cases, their licence wallet, who read their data, their
messages."""

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from onedoor.accounts.citizen import acting_options
from onedoor.api.auth import Principal
from onedoor.cases.queries import get_cases_page
from onedoor.core.errors import DomainError, ErrorCode, PermissionDenied
from onedoor.licences.queries import get_wallet
from onedoor.notify.actions import mark_message_read
from onedoor.notify.queries import access_message, get_messages_page
from onedoor.registry.models import Person
from onedoor.registry.queries import get_access_log

router = Router(tags=["me"])


class MyCaseOut(Schema):
    number: str
    matter: str = Field(description="the matter's (or bundle's) code")
    name: str
    status: str
    outcome: str
    decision: str | None
    deadline: dt.date | None
    submitted_at: dt.datetime


class MyCasesOut(Schema):
    count: int
    items: list[MyCaseOut]


class MyLicenceOut(Schema):
    number: str
    type: str = Field(description="the licence type's code")
    type_name: str
    issued_at: dt.datetime
    valid_until: dt.date | None = Field(description="null: valid with no end date")
    status: str


class MyLicencesOut(Schema):
    count: int
    items: list[MyLicenceOut]


class MyAccessOut(Schema):
    accessor: str
    action: str = Field(description="read, verify, prefill ...")
    purpose: str = Field(description="a case number or a short stated reason")
    detail: str
    at: dt.datetime


class MyAccessLogOut(Schema):
    count: int
    items: list[MyAccessOut]


MessageChannel = Literal["sms", "email", "wechat", "inbox"]


class MyMessageOut(Schema):
    id: uuid.UUID
    channel: str = Field(description="sms, email, wechat or inbox (站内消息)")
    template: str = Field(description="the message's template code, e.g. case_accepted")
    subject: str
    body: str
    status: str = Field(description="queued, sending, sent, failed or gave_up")
    case_number: str = Field(description="the case the message is about; blank if none")
    ticket_number: str = Field(description="the queue ticket the message is about; blank if none")
    created_at: dt.datetime
    sent_at: dt.datetime | None
    read_at: dt.datetime | None = Field(description="null: not read yet")


class MyMessagesOut(Schema):
    count: int
    unread: int = Field(description="how many of the messages (with these filters) are unread")
    items: list[MyMessageOut]


def _message(message: Any) -> dict[str, Any]:
    return {name: getattr(message, name) for name in MyMessageOut.model_fields}


def _citizen(request: HttpRequest) -> Person:
    principal: Any = getattr(request, "auth", None)
    if not isinstance(principal, Principal):
        raise DomainError(ErrorCode.NOT_AUTHENTICATED, _("需要登录。"), status=401)
    if principal.person is None:
        raise PermissionDenied(_("这些接口只供群众本人使用。"))
    return principal.person


class ActingForOut(Schema):
    kind: str = Field(description="person or organisation")
    id_number: str | None = Field(None, description="a person's ID number")
    uscc: str | None = Field(None, description="an organisation's unified social credit code")
    name: str
    relation: str = Field(
        description="self, ward (a minor in my guardianship), authorised (a person who "
        "authorised me), legal_representative or authorised_agent (of an organisation)"
    )


class MeOut(Schema):
    id_number: str
    name: str
    masked_id_number: str
    acts_for: list[ActingForOut] = Field(
        description="whom I may apply for, myself first (API.md: who may apply for whom)"
    )


@router.get("", response=MeOut, summary="Who I am, and whom I may act for (citizens)")
def me(request: HttpRequest) -> dict[str, Any]:
    person = _citizen(request)
    acts_for = [
        {
            "kind": option.kind,
            "id_number": option.code if option.kind == "person" else None,
            "uscc": option.code if option.kind == "organisation" else None,
            "name": option.name,
            "relation": option.relation,
        }
        for option in acting_options(person)
    ]
    return {
        "id_number": person.id_number,
        "name": person.name,
        "masked_id_number": person.masked_id_number,
        "acts_for": acts_for,
    }


@router.get("/cases", response=MyCasesOut, summary="My cases (citizens)")
def my_cases(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    count, cases = get_cases_page(_citizen(request), limit=limit, offset=offset)
    items = [
        {
            "number": c.number,
            "matter": c.code,
            "name": c.name,
            "status": c.status,
            "outcome": c.outcome,
            "decision": c.decision or None,
            "deadline": c.deadline,
            "submitted_at": c.submitted_at,
        }
        for c in cases
    ]
    return {"count": count, "items": items}


@router.get("/licences", response=MyLicencesOut, summary="My licence wallet (citizens)")
def my_licences(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    wallet = get_wallet(_citizen(request)).order_by("-issued_at", "-id")
    items = [
        {
            "number": licence.number,
            "type": licence.licence_type.code,
            "type_name": licence.licence_type.name,
            "issued_at": licence.issued_at,
            "valid_until": licence.valid_until,
            "status": licence.status,
        }
        for licence in wallet[offset : offset + limit]
    ]
    return {"count": wallet.count(), "items": items}


@router.get(
    "/access-log",
    response=MyAccessLogOut,
    summary="Who read or verified my data, when and for what purpose (citizens)",
)
def my_access_log(
    request: HttpRequest,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    count, entries = get_access_log(_citizen(request), limit=limit, offset=offset)
    return {"count": count, "items": entries}


@router.get("/messages", response=MyMessagesOut, summary="My messages, newest first (citizens)")
def my_messages(
    request: HttpRequest,
    channel: MessageChannel | None = None,
    unread: bool = False,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    count, unread_count, messages = get_messages_page(
        _citizen(request), limit=limit, offset=offset, channel=channel or "", unread=unread
    )
    return {"count": count, "unread": unread_count, "items": [_message(m) for m in messages]}


@router.post(
    "/messages/{message_id}/read", response=MyMessageOut, summary="Mark my message read (citizens)"
)
def read_my_message(request: HttpRequest, message_id: str) -> dict[str, Any]:
    person = _citizen(request)
    message = access_message(person, message_id)
    return _message(mark_message_read(actor=person, message_id=message.pk))
