import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from onedoor.core.services.calendar import add_working_days

router = Router(tags=["calendar"])

# Far beyond any statutory limit, short of the end of the calendar.
MAX_DAYS = 3650


class AddWorkingDaysIn(Schema):
    start: dt.date = Field(description="起算日（当日不计入），YYYY-MM-DD")
    days: int = Field(ge=0, le=MAX_DAYS, description="工作日天数")


class AddWorkingDaysOut(Schema):
    date: dt.date = Field(description="届满日")
    provisional: bool = Field(
        description="该年份的节假日安排尚未录入，结果按周一至周五推算，仅供参考"
    )


@router.get(
    "add",
    response=AddWorkingDaysOut,
    summary="Add working days to a date",
    description="The date `days` working days after `start`, `start` itself not counted "
    "(《行政许可法》 art. 82); `provisional` when the calendar does not know the year yet.",
    auth=None,
)
def add(request: HttpRequest, query: Query[AddWorkingDaysIn]) -> AddWorkingDaysOut:
    result = add_working_days(query.start, query.days)
    return AddWorkingDaysOut(date=result.date, provisional=result.provisional)
