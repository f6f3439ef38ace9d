"""Writes of ratings (好差评)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onedoor.cases.choices import CaseStatus
from onedoor.cases.queries import access_case
from onedoor.core.audit import record_event
from onedoor.core.errors import DomainError, ErrorCode, PermissionDenied
from onedoor.ratings.choices import Grade
from onedoor.ratings.errors import RatingErrorCode
from onedoor.ratings.models import COMMENT_MAX_LENGTH, Rating
from onedoor.registry.models import Person

# A case may be rated once it has an outcome the applicant lives with.
RATEABLE_STATUSES = (CaseStatus.DECIDED, CaseStatus.DELIVERED, CaseStatus.REFUSED)


def rate_case(
    number: str, *, actor: Person, grade: int, comment: str = "", channel: str = "online"
) -> tuple[Rating, bool]:
    """Rate a finished case as its applicant or agent (or one who may act for the applicant).

    Answers the rating and whether it is new. Rating again with the same grade and comment
    returns the first rating (a retry); another grade raises ``already_rated`` (409). A case
    the actor may not see is ``not_found``; an unfinished one ``case_not_finished`` (409).
    """
    if not isinstance(actor, Person):
        raise PermissionDenied(_("好差评由申请人本人或其代理人作出。"))
    if grade not in Grade.values:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("评价等级应为 1 至 5。"),
            details={"fields": {"grade": "1-5"}},
        )
    comment = comment.strip()[:COMMENT_MAX_LENGTH]
    case = access_case(actor, number, log_read=False)
    if case.status not in RATEABLE_STATUSES:
        raise DomainError(
            RatingErrorCode.CASE_NOT_FINISHED,
            _("办件办结后才能评价。"),
            details={"case": case.number, "status": case.status},
            status=409,
        )
    existing = Rating.objects.filter(case=case, rater=actor).first()
    if existing is not None:
        return _same_or_conflict(existing, grade, comment), False
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case, rater=actor, grade=grade, comment=comment, channel=channel[:10]
            )
            record_event(
                actor=actor,
                action="ratings.case_rated",
                obj=rating,
                channel=channel,
                payload={"case": case.number, "grade": grade, "bad": rating.is_bad},
            )
    except IntegrityError:
        # A concurrent twin of this request got there first.
        raced = Rating.objects.get(case=case, rater=actor)
        return _same_or_conflict(raced, grade, comment), False
    return rating, True


def _same_or_conflict(rating: Rating, grade: int, comment: str) -> Rating:
    if rating.grade == grade and rating.comment == comment:
        return rating
    raise DomainError(
        RatingErrorCode.ALREADY_RATED,
        _("您已评价过这个办件。"),
        details={"case": rating.case.number, "grade": rating.grade},
        status=409,
    )
