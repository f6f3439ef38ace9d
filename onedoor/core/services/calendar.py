"""Working days (工作日) by the district's work calendar.

Legal time limits count working days (《行政许可法》 art. 82), and the day a period starts is not
counted. The calendar table holds the official holidays and make-up working days (调休上班);
every other day follows the weekday rule. A year the table does not know is counted Monday to
Friday, the result is marked provisional and the administrators are alerted once: a deadline
must never crash a case.

Each process keeps the working days as a sorted array of ordinals, so a count is a binary
search. Edits bump a version stamp in the cache; a process looks at it at most every
``CHECK_EVERY_SECONDS`` and rebuilds the array when it changed.
"""

import datetime as dt
import logging
import threading
import time
import uuid
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import BaseCache, caches
from django.db import DatabaseError, transaction
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext as _

from onedoor.core.errors import DomainError, ErrorCode

logger = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 5.0
VERSION_KEY = "onedoor:core:calendar-version"
# Where the array starts when the table is empty: the first year the seed covers.
DEFAULT_FIRST_YEAR = 2004
_MAX_ORDINAL = dt.date.max.toordinal()
ALERTS_PER_CALL = 3


@dataclass(frozen=True, slots=True)
class WorkingDayResult:
    date: dt.date
    provisional: bool


def _weekdays_through(ordinal: int) -> int:
    """How many Mondays to Fridays lie in ordinals 1..ordinal (ordinal 1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(n: int) -> int:
    """The ordinal of the n-th Monday-to-Friday day counted from ordinal 1."""
    weeks, rest = divmod(n - 1, 5)
    return weeks * 7 + rest + 1


@dataclass(frozen=True, slots=True)
class _Table:
    """Working days as ordinals over [lo, hi]; the weekday rule outside it."""

    lo: int
    hi: int
    working: list[int]
    known_years: frozenset[int]
    _before_lo: int = field(init=False)
    _through_hi: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_before_lo", _weekdays_through(self.lo - 1))
        object.__setattr__(self, "_through_hi", _weekdays_through(self.hi))

    def rank(self, ordinal: int) -> int:
        """How many working days lie in [lo, ordinal]; zero or less before ``lo``."""
        if ordinal < self.lo:
            return _weekdays_through(ordinal) - self._before_lo
        if ordinal <= self.hi:
            return bisect_right(self.working, ordinal)
        return len(self.working) + _weekdays_through(ordinal) - self._through_hi

    def select(self, rank: int) -> int:
        """The ordinal of the working day whose rank is ``rank``."""
        if rank <= 0:
            return _nth_weekday(rank + self._before_lo)
        if rank <= len(self.working):
            return self.working[rank - 1]
        return _nth_weekday(rank - len(self.working) + self._through_hi)


def _load_table() -> _Table:
    from onedoor.core.models import CalendarDay, CalendarYear

    exceptions = {
        day.toordinal(): working
        for day, working in CalendarDay.objects.values_list("date", "is_working_day")
    }
    known = frozenset(CalendarYear.objects.filter(complete=True).values_list("year", flat=True))
    years = known | {dt.date.fromordinal(o).year for o in exceptions}
    if not years:
        lo = dt.date(DEFAULT_FIRST_YEAR, 1, 1).toordinal()
        return _Table(lo=lo, hi=lo - 1, working=[], known_years=known)
    lo = dt.date(min(years), 1, 1).toordinal()
    hi = dt.date(max(years), 12, 31).toordinal()
    working = [o for o in range(lo, hi + 1) if exceptions.get(o, (o - 1) % 7 < 5)]
    return _Table(lo=lo, hi=hi, working=working, known_years=known)


def stamps() -> BaseCache:
    """The cache every process on the host shares, where the calendar's version stamp lives."""
    return caches["shared"]


def _read_version(*, default: object) -> object:
    try:
        return stamps().get(VERSION_KEY)
    except Exception:  # a cache outage must not stop deadlines: keep the copy we have
        logger.warning("could not read the calendar version stamp", exc_info=True)
        return default


class _ProcessCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.table: _Table | None = None
        self.version: object = None
        self.checked_at = float("-inf")
        self.alerted_years: set[int] = set()

    def get(self) -> _Table:
        table, now = self.table, time.monotonic()
        if table is not None and now - self.checked_at < CHECK_EVERY_SECONDS:
            return table
        version = _read_version(default=self.version)
        if table is None or version != self.version:
            table = _load_table()
            with self.lock:
                self.table, self.version = table, version
        self.checked_at = now
        return table

    def reset(self) -> None:
        with self.lock:
            self.table, self.version = None, None
            self.checked_at = float("-inf")
            self.alerted_years.clear()


_process_cache = _ProcessCache()


def reset_calendar_cache() -> None:
    """Forget this process's copy of the calendar (tests, and after an edit)."""
    _process_cache.reset()


def calendar_changed() -> None:
    """Tell every process the calendar changed; actions call it when their edit commits."""
    reset_calendar_cache()
    stamps().set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def unknown_year_alert_key(year: int) -> str:
    """The key of the alert raised when the calendar does not know ``year``."""
    return f"calendar.unknown_year.{year}"


def _alert_unknown_year(year: int) -> None:
    from onedoor.core.actions import raise_alert
    from onedoor.core.choices import AlertKind

    try:
        raise_alert(
            unknown_year_alert_key(year),
            AlertKind.CALENDAR_UNKNOWN_YEAR,
            _(
                "工作日历缺少 %(year)s 年的节假日安排，该年的工作日暂按周一至周五推算，"
                "请导入国务院办公厅的放假通知。"
            )
            % {"year": year},
        )
        # Remember only once the alert is committed: a rolled-back alert is raised again.
        transaction.on_commit(lambda: _process_cache.alerted_years.add(year))
    except (DatabaseError, TransactionManagementError):
        logger.exception("could not raise the unknown calendar year alert", extra={"year": year})


def _is_provisional(table: _Table, years: Iterable[int]) -> bool:
    unknown = [y for y in years if y not in table.known_years]
    # A span of centuries must not write an alert per year; the first few say enough.
    for year in unknown[:ALERTS_PER_CALL]:
        if year not in _process_cache.alerted_years:
            _alert_unknown_year(year)
    return bool(unknown)


def _date(ordinal: int) -> dt.date:
    if not 1 <= ordinal <= _MAX_ORDINAL:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("日期超出可计算的范围。"),
            details={"fields": {"days": "out of range"}},
        )
    return dt.date.fromordinal(ordinal)


def _check_days(n: int) -> None:
    if n < 0:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            _("天数不能为负数。"),
            details={"fields": {"days": "must not be negative"}},
        )


def add_working_days(start: dt.date, n: int) -> WorkingDayResult:
    """The date ``n`` working days after ``start``, ``start`` itself not counted.

    ``n == 0`` gives ``start``. The result is provisional when a year it depends on is unknown.
    """
    _check_days(n)
    table = _process_cache.get()
    if n == 0:
        return WorkingDayResult(start, _is_provisional(table, [start.year]))
    end = _date(table.select(table.rank(start.toordinal()) + n))
    first_year = _date(start.toordinal() + 1).year
    return WorkingDayResult(end, _is_provisional(table, range(first_year, end.year + 1)))


def working_days_between(a: dt.date, b: dt.date) -> int:
    """How many working days lie after ``a`` up to and including ``b`` (negative if b < a)."""
    table = _process_cache.get()
    low, high = sorted((a, b))
    _is_provisional(table, range(low.year, high.year + 1))
    return table.rank(b.toordinal()) - table.rank(a.toordinal())


def is_working_day(day: dt.date) -> bool:
    """Whether ``day`` is a working day (the weekday rule in a year the calendar does not know)."""
    table = _process_cache.get()
    _is_provisional(table, [day.year])
    ordinal = day.toordinal()
    return table.rank(ordinal) != table.rank(ordinal - 1)


def add_calendar_days(start: dt.date, n: int, *, roll_forward: bool = True) -> WorkingDayResult:
    """The date ``n`` plain days after ``start``, for matters whose regulation counts them.

    A period whose last day is a rest day ends on the next working day (《民法典》 art. 203),
    unless ``roll_forward`` is False.
    """
    _check_days(n)
    table = _process_cache.get()
    end = _date(start.toordinal() + n)
    if n == 0 or not roll_forward:
        return WorkingDayResult(end, _is_provisional(table, [end.year]))
    ordinal = end.toordinal()
    if table.rank(ordinal) == table.rank(ordinal - 1):
        ordinal = table.select(table.rank(ordinal) + 1)
    rolled = _date(ordinal)
    return WorkingDayResult(rolled, _is_provisional(table, range(end.year, rolled.year + 1)))
