"""Ratings of finished cases (好差评), by their applicants and agents."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from onedoor.api.auth import Principal
from onedoor.cases.queries import access_case
from onedoor.core.errors import NotFound, PermissionDenied
from onedoor.ratings.actions import rate_case
from onedoor.ratings.choices import GRADE_CODES, GRADE_NAMES, Grade
from onedoor.ratings.models import Rating
from onedoor.ratings.queries import get_rating

router = Router(tags=["ratings"])

GradeName = Literal["very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied"]


class RatingIn(Schema):
    grade: int | GradeName = Field(
        description="5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 (or the grade's name)"
    )
    comment: str = Field("", max_length=500)
    channel: Literal["online", "app", "wechat", "kiosk"] = "app"


class RatingOut(Schema):
    case: str
    grade: int
    grade_name: str = Field(description="very_satisfied … very_dissatisfied")
    label: str = Field(description="the grade in words: 非常满意 …")
    comment: str
    channel: str
    created_at: dt.datetime


def _out(rating: Rating) -> dict[str, Any]:
    return {
        "case": rating.case.number,
        "grade": rating.grade,
        "grade_name": GRADE_NAMES[rating.grade],
        "label": str(Grade(rating.grade).label),
        "comment": rating.comment,
        "channel": rating.channel,
        "created_at": rating.created_at,
    }


def _citizen(request: HttpRequest) -> Any:
    principal: Principal = request.auth  # type: ignore[attr-defined]
    if principal.person is None:
        raise PermissionDenied(_("好差评由申请人本人或其代理人作出。"))
    return principal.person


@router.post(
    "/{number}/rating",
    response={200: RatingOut, 201: RatingOut},
    summary="Rate a finished case (好差评), once per rater",
    description=(
        "The applicant or their agent, once the case is decided, delivered or refused "
        "(409 `case_not_finished` before). 201 for a new rating; the same rating again answers "
        "200 with the first one; another grade is 409 `already_rated`."
    ),
)
def rate(request: HttpRequest, number: str, payload: RatingIn) -> Status[dict[str, Any]]:
    person = _citizen(request)
    grade = payload.grade if isinstance(payload.grade, int) else GRADE_CODES[payload.grade]
    rating, created = rate_case(
        number, actor=person, grade=grade, comment=payload.comment, channel=payload.channel
    )
    return Status(201 if created else 200, _out(rating))


@router.get("/{number}/rating", response=RatingOut, summary="My rating of a case")
def my_rating(request: HttpRequest, number: str) -> dict[str, Any]:
    person = _citizen(request)
    rating = get_rating(access_case(person, number, log_read=False), person)
    if rating is None:
        raise NotFound(_("您还没有评价这个办件。"))
    return _out(rating)
