"""Reads of ratings."""

from onedoor.cases.models import Case
from onedoor.ratings.models import Rating
from onedoor.registry.models import Person


def get_rating(case: Case, rater: Person) -> Rating | None:
    """The rater's rating of the case, if they gave one."""
    return Rating.objects.filter(case=case, rater=rater).first()
