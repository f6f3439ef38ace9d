"""Citizen sign-in for the app and the mini-program: a one-time code by SMS, then a token."""

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from onedoor.accounts.actions import create_token
from onedoor.accounts.signin import redeem_signin_code, request_signin_code

router = Router(tags=["auth"])

AppChannel = Literal["app", "wechat"]


class CodeIn(Schema):
    id_number: str = Field(max_length=40, description="the citizen's ID number")
    channel: AppChannel = Field("app", description="app or wechat (the mini-program)")


class CodeSentOut(Schema):
    expires_in: int = Field(description="seconds the code stays valid")
    resend_in: int = Field(description="seconds before another code may be asked for")


class TokenIn(Schema):
    id_number: str = Field(max_length=40)
    code: str = Field(max_length=20, description="the six digits received by SMS")
    channel: AppChannel = "app"


class TokenOut(Schema):
    token: str = Field(description="a citizen bearer token; shown once")
    expires_at: dt.datetime


@router.post(
    "/code",
    auth=None,
    response={202: CodeSentOut},
    summary="Send a one-time sign-in code to a citizen's phone",
    description=(
        "Answers 202 whether or not the ID number is registered, so the answer never tells who "
        "is. A new code at most once a minute per ID number (429 `code_rate_limited`). The code "
        "has six digits, is valid five minutes, for one sign-in and five tries."
    ),
)
def send_code(request: HttpRequest, payload: CodeIn) -> Status[dict[str, Any]]:
    sent = request_signin_code(id_number=payload.id_number, channel=payload.channel)
    return Status(202, {"expires_in": sent.expires_in, "resend_in": sent.resend_in})


@router.post(
    "/token",
    auth=None,
    response=TokenOut,
    summary="Exchange a one-time code for a citizen token",
    description=(
        "A wrong, spent or exhausted code answers 401 `invalid_code` (with "
        "`details.attempts_left`); an expired one 422 `code_expired`."
    ),
)
def issue_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    person = redeem_signin_code(
        id_number=payload.id_number, code=payload.code, channel=payload.channel
    )
    expires_at = timezone.now() + dt.timedelta(days=settings.CITIZEN_TOKEN_DAYS)
    raw = create_token(
        actor=person, person=person, name=f"{payload.channel} sign-in", expires_at=expires_at
    )
    return {"token": raw, "expires_at": expires_at}
