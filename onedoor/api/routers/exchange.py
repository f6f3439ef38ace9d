"""The exchange for staff: yes/no verifications, the exchange log, the department systems."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from onedoor.api.auth import bearer, require_staff
from onedoor.exchange.actions import verify
from onedoor.exchange.queries import check_can_verify, get_exchange_log, get_systems_health

router = Router(tags=["exchange"], auth=bearer)


class VerificationIn(Schema):
    subject: str = Field(description="the person's ID number or the organisation's credit code")
    fact: str = Field(description="a fact the exchange answers, e.g. household.in_district")
    params: dict[str, Any] | None = Field(None, description='e.g. {"years": 1}')
    case: str | None = Field(None, description="the case number the verification is for")
    purpose: str | None = Field(None, description="a short stated reason, when there is no case")


class VerificationOut(Schema):
    answer: Literal["yes", "no", "unknown"]
    source: str = Field(description="the department system that answered")
    at: dt.datetime = Field(description="when the system gave this answer")


class ExchangeLogEntryOut(Schema):
    system: str
    fact: str
    answer: Literal["yes", "no", "unknown"]
    at: dt.datetime
    latency_ms: int
    purpose: str
    cached: bool = Field(description="answered from the short-lived cache")
    error: str = Field(description="why the answer is unknown; blank otherwise")


class ExchangeLogOut(Schema):
    count: int
    items: list[ExchangeLogEntryOut]


class ProblemOut(Schema):
    message: str
    hint: str


class CircuitOut(Schema):
    state: Literal["closed", "open", "half_open"]
    failures: int = Field(description="failures in a row")
    retry_in_seconds: float = Field(description="until the next probe, while open")


class SystemOut(Schema):
    system: str
    name: str
    facts: list[str]
    configured: bool
    enabled: bool
    healthy: bool = Field(description="configured, enabled and answering the probe")
    problems: list[ProblemOut]
    circuit: CircuitOut


class SystemsOut(Schema):
    count: int
    items: list[SystemOut]


@router.post(
    "verifications",
    response=VerificationOut,
    summary="Ask a department system whether a fact holds (staff; logged with its purpose)",
)
def post_verification(request: HttpRequest, payload: VerificationIn) -> dict[str, Any]:
    user = require_staff(request)
    check_can_verify(user)
    answer = verify(
        payload.subject,
        payload.fact,
        payload.params,
        purpose=payload.purpose or "",
        requester=user,
        case_number=payload.case or "",
    )
    return {"answer": answer.answer, "source": answer.source, "at": answer.at}


@router.get(
    "exchange/log",
    response=ExchangeLogOut,
    summary="Verifications of a case (staff), or of everything (supervisors)",
)
def get_log(
    request: HttpRequest,
    case: str = "",
    subject: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    count, items = get_exchange_log(
        require_staff(request), case=case, subject=subject, limit=limit, offset=offset
    )
    return {"count": count, "items": items}


@router.get(
    "exchange/systems",
    response=SystemsOut,
    summary="The department systems: configuration problems, live probe, circuit (staff)",
)
def get_systems(request: HttpRequest) -> dict[str, Any]:
    check_can_verify(require_staff(request))
    systems = get_systems_health()
    return {
        "count": len(systems),
        "items": [
            {
                "system": s.system,
                "name": s.name,
                "facts": s.facts,
                "configured": s.configured,
                "enabled": s.enabled,
                "healthy": s.healthy,
                "problems": s.problems,
                "circuit": s.circuit,
            }
            for s in systems
        ],
    }
