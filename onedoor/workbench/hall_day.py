"""Playing a day at a service hall, for the demo and for drills (``onedoor hall-day``).

Citizens take tickets at the kiosk through the morning and the afternoon session (most of them
general, some for enterprises, a few priority); staffed windows call them one after the other;
clerks serve each for a time drawn around its category's usual length; a few holders do not come
(recalled once, then marked no-show), a few general tickets are sent to the enterprise queue, and
some visits end with a case accepted at the window and linked to the ticket.

Everything goes through the real actions (``issue_ticket``, ``call_next``, ``recall_ticket``,
``mark_no_show``, ``transfer_ticket``, ``close_window``, ``submit_case``,
``link_case_to_ticket``) with the clock set to the moment each event happens (time-machine), so
the calling rules, the audit trail, the boards and the reports see the day as if it had been
lived. A day that already has tickets at the point is never played again.
"""

import datetime as dt
import heapq
import itertools
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from onedoor.accounts.actions import create_staff_user
from onedoor.accounts.models import Role, User
from onedoor.core.errors import DomainError
from onedoor.counter.actions import (
    call_next,
    close_window,
    issue_ticket,
    link_case_to_ticket,
    mark_no_show,
    recall_ticket,
    transfer_ticket,
)
from onedoor.counter.choices import TicketCategory
from onedoor.counter.models import ServicePoint, Ticket, Window
from onedoor.counter.queries import get_service_point, policy_of

ACTOR = "system:hall-day"
# The hall's sessions and the last time a ticket is taken in each (the windows then empty the
# queue before they close).
SESSIONS = ((dt.time(9, 0), dt.time(11, 45)), (dt.time(14, 0), dt.time(17, 15)))
MORNING_SHARE = 0.55
CATEGORY_MIX = (
    (TicketCategory.GENERAL, 0.72),
    (TicketCategory.ENTERPRISE, 0.18),
    (TicketCategory.PRIORITY, 0.10),
)
# Median minutes at the window per category, and the spread (log-normal sigma).
SERVICE_MINUTES: dict[str, float] = {
    TicketCategory.GENERAL: 6.0,
    TicketCategory.ENTERPRISE: 11.0,
    TicketCategory.PRIORITY: 7.0,
}
SERVICE_SIGMA = 0.45
NO_SHOW_SHARE = 0.04
TRANSFER_SHARE = 0.03
CASE_MATTER = "property-records-query"  # instant, decided at any window on paper originals
TICKETS_PER_WINDOW = 30
DEFAULT_WINDOWS = 8
CLERK_NAMES = (
    "陈嘉怡",
    "黄俊杰",
    "梁晓敏",
    "何志伟",
    "罗丽萍",
    "冯家豪",
    "邓雅琪",
    "谭国华",
    "麦婉婷",
    "关振宇",
    "卢美华",
    "苏永健",
)


class HallDayRefused(Exception):
    """The day cannot be played (already played, no window free, in the future)."""


@dataclass
class Desk:
    window: str
    clerk: User
    ticket: Ticket | None = None
    applicant: str = ""  # the ID number of a visitor whose visit ends with a case


@dataclass(order=True)
class Event:
    at: dt.datetime
    seq: int
    kind: str = field(compare=False)
    desk: int = field(compare=False, default=-1)
    category: str = field(compare=False, default="")


@dataclass
class HallDayResult:
    service_point: str
    day: dt.date
    until: dt.datetime
    windows: int = 0
    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    transfers: int = 0
    cases: int = 0
    case_failures: int = 0


@dataclass
class HallDay:
    """One day being played: its plan, the desks, the pending events and the tally."""

    point: ServicePoint
    day: dt.date
    until: dt.datetime
    desks: list[Desk]
    rng: random.Random
    applicants: list[str]
    result: HallDayResult
    events: list[Event] = field(default_factory=list)
    arrivals: list[dt.datetime] = field(default_factory=list)
    counter: Iterator[int] = field(default_factory=itertools.count)

    def push(self, at: dt.datetime, kind: str, desk: int = -1, category: str = "") -> None:
        heapq.heappush(self.events, Event(at, next(self.counter), kind, desk, category))

    def moment(self, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.day, time))

    def session_of(self, at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        for start, last in SESSIONS:
            if at < self.moment(last) + dt.timedelta(hours=1, minutes=30):
                return self.moment(start), self.moment(last)
        start, last = SESSIONS[-1]
        return self.moment(start), self.moment(last)

    def next_arrival(self, after: dt.datetime) -> dt.datetime | None:
        """The next ticket to be taken in the session of ``after``, if any."""
        _start, last = self.session_of(after)
        upcoming = [a for a in self.arrivals if after <= a <= last]
        return min(upcoming, default=None)


def play_hall_day(
    service_point: str,
    day: dt.date,
    *,
    tickets: int | None = None,
    windows: int | None = None,
    cases: int = 3,
    seed: int | None = None,
    until: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> HallDayResult:
    """Play ``day`` at ``service_point`` up to ``until`` (the end of the day, or now for today).

    Raises ``HallDayRefused`` when the day lies ahead or already has tickets at the point, and
    ``NotFound`` for an unknown service point.
    """
    import time_machine  # the demo's clock; installed with the project's locked requirements

    # One transaction: a day that fails half-way leaves nothing behind (each action nests).
    with transaction.atomic():
        hall = _plan(service_point, day, tickets, windows, cases, seed, until)
        with time_machine.travel(hall.events[0].at, tick=False) as clock:
            while hall.events and hall.events[0].at <= hall.until:
                event = heapq.heappop(hall.events)
                clock.move_to(event.at)
                HANDLERS[event.kind](hall, event)
                if event.kind == "issue" and progress is not None:
                    progress(1)
    return hall.result


# ------------------------------------------------------------------ the plan


def _plan(
    code: str,
    day: dt.date,
    tickets: int | None,
    windows: int | None,
    cases: int,
    seed: int | None,
    until: dt.datetime | None,
) -> HallDay:
    point = get_service_point(code)
    now = timezone.now()
    if day > timezone.localdate(now):
        raise HallDayRefused(f"{day} is still ahead")
    taken = Ticket.objects.filter(service_point=point, day=day).count()
    if taken:
        raise HallDayRefused(f"{point.code} already has {taken} tickets on {day}")
    end = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
    limit = min(until or end, end, now)
    rng = random.Random(seed if seed is not None else day.toordinal())
    desks = _desks(point, windows or DEFAULT_WINDOWS)
    hall = HallDay(
        point=point,
        day=day,
        until=limit,
        desks=desks,
        rng=rng,
        applicants=_applicants(day, cases),
        result=HallDayResult(point.code, day, limit, windows=len(desks)),
    )
    _schedule(hall, tickets if tickets is not None else TICKETS_PER_WINDOW * len(desks))
    return hall


def _desks(point: ServicePoint, wanted: int) -> list[Desk]:
    """Staff ``wanted`` windows of the point: closed ones without a clerk of their own, the
    general windows first, each with a clerk of the point (created once, unusable password)."""
    free = [
        w
        for w in Window.objects.filter(service_point=point, is_open=False)
        .select_related("clerk")
        .order_by("-general", "code")
        if w.clerk is None or w.clerk.username.startswith(f"{point.code}-clerk-")
    ]
    if not free:
        raise HallDayRefused(f"{point.code} has no closed window free to staff")
    desks = []
    for index, window in enumerate(free[:wanted]):
        clerk = create_staff_user(
            actor=ACTOR,
            username=f"{point.code}-clerk-{index + 1:02d}",
            password=None,
            full_name=CLERK_NAMES[index % len(CLERK_NAMES)],
            roles=[(Role.CLERK, None, point.code)],
        )
        desks.append(Desk(window.code, clerk))
    return desks


def _applicants(day: dt.date, wanted: int) -> list[str]:
    """ID numbers of adults in the registry whose visit ends with a case (at most ``wanted``)."""
    from onedoor.registry.models import Person

    if wanted <= 0:
        return []
    adult = day.replace(year=day.year - 18) if (day.month, day.day) != (2, 29) else day
    return list(
        Person.objects.filter(birth_date__lte=adult)
        .order_by("id")
        .values_list("id_number", flat=True)[:wanted]
    )


def _schedule(hall: HallDay, tickets: int) -> None:
    morning = round(tickets * MORNING_SHARE)
    for (start, last), count in zip(SESSIONS, (morning, tickets - morning), strict=True):
        begin, end = hall.moment(start), hall.moment(last)
        span = (end - begin).total_seconds()
        for _ in range(count):
            # Arrivals peak in the first third of a session, as halls see them.
            offset = hall.rng.triangular(0, span, span * 0.3)
            at = begin + dt.timedelta(seconds=round(offset))
            hall.arrivals.append(at)
            hall.push(at, "issue", category=_category(hall.rng))
        for index in range(len(hall.desks)):
            hall.push(begin + dt.timedelta(seconds=20 + 15 * index), "call", index)
    hall.arrivals.sort()


def _category(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for category, share in CATEGORY_MIX:
        total += share
        if roll < total:
            return str(category)
    return str(TicketCategory.GENERAL)


def _service_minutes(rng: random.Random, category: str) -> float:
    median = SERVICE_MINUTES.get(category, SERVICE_MINUTES[TicketCategory.GENERAL])
    return min(max(rng.lognormvariate(math.log(median), SERVICE_SIGMA), 1.5), 45.0)


# ------------------------------------------------------------------ what happens


def _issue(hall: HallDay, event: Event) -> None:
    hall.arrivals.remove(event.at)
    issue_ticket(
        actor=None, service_point=hall.point.code, category=event.category, channel="kiosk"
    )
    hall.result.tickets += 1


def _call(hall: HallDay, event: Event) -> None:
    desk = hall.desks[event.desk]
    if desk.ticket is not None:
        if desk.applicant:
            _accept_case(hall, desk)
        hall.result.served += 1
    desk.ticket, desk.applicant = call_next(actor=desk.clerk, window=desk.window), ""
    if desk.ticket is None:
        _idle(hall, event)
        return
    roll = hall.rng.random()
    if roll < NO_SHOW_SHARE:
        wait = dt.timedelta(minutes=max(policy_of(hall.point).no_show_after_minutes, 2))
        hall.push(event.at + dt.timedelta(minutes=1), "recall", event.desk)
        hall.push(event.at + dt.timedelta(minutes=1) + wait, "no_show", event.desk)
    elif roll < NO_SHOW_SHARE + TRANSFER_SHARE and desk.ticket.lane == TicketCategory.GENERAL:
        hall.push(event.at + dt.timedelta(minutes=2), "transfer", event.desk)
    else:
        minutes = _service_minutes(hall.rng, desk.ticket.category)
        gap = hall.rng.uniform(0.3, 1.2)
        if hall.applicants and hall.rng.random() < 0.5:
            desk.applicant = hall.applicants.pop()
        hall.push(event.at + dt.timedelta(minutes=minutes + gap), "call", event.desk)


def _idle(hall: HallDay, event: Event) -> None:
    """Nobody waits: wait for the next arrival of the session, or close for the session."""
    upcoming = hall.next_arrival(event.at)
    if upcoming is not None:
        hall.push(upcoming + dt.timedelta(seconds=30 + 7 * event.desk), "call", event.desk)
    else:
        hall.push(event.at, "close", event.desk)


def _recall(hall: HallDay, event: Event) -> None:
    recall_ticket(actor=hall.desks[event.desk].clerk, window=hall.desks[event.desk].window)


def _no_show(hall: HallDay, event: Event) -> None:
    desk = hall.desks[event.desk]
    mark_no_show(actor=desk.clerk, window=desk.window)
    desk.ticket = None
    hall.result.no_shows += 1
    hall.push(event.at + dt.timedelta(seconds=30), "call", event.desk)


def _transfer(hall: HallDay, event: Event) -> None:
    desk = hall.desks[event.desk]
    transfer_ticket(actor=desk.clerk, window=desk.window, to_category=TicketCategory.ENTERPRISE)
    desk.ticket = None
    hall.result.transfers += 1
    hall.push(event.at + dt.timedelta(seconds=30), "call", event.desk)


def _close(hall: HallDay, event: Event) -> None:
    close_window(actor=hall.desks[event.desk].clerk, window=hall.desks[event.desk].window)


def _accept_case(hall: HallDay, desk: Desk) -> None:
    """The visit ends with a case accepted at the window, linked to the ticket."""
    from onedoor.cases.actions.submit import SubmissionRequest, submit_case
    from onedoor.workbench.queries import window_application

    assert desk.ticket is not None
    try:
        app = window_application(CASE_MATTER)
        form = {f.name: f.choices[0][0] for f in app.fields if f.required and f.choices}
        request = SubmissionRequest(
            channel="window",
            matter=app.code,
            applicant_id_number=desk.applicant,
            service_point=hall.point.code,
            form=form,
            materials=[{"code": m.code, "paper": True} for m in app.materials],
        )
        case = submit_case(request, actor=desk.clerk).case
        link_case_to_ticket(actor=desk.clerk, ticket=desk.ticket, case_number=case.number)
    except DomainError:
        hall.result.case_failures += 1
        return
    hall.result.cases += 1


HANDLERS: dict[str, Callable[[HallDay, Event], None]] = {
    "issue": _issue,
    "call": _call,
    "recall": _recall,
    "no_show": _no_show,
    "transfer": _transfer,
    "close": _close,
}


def previous_working_day(day: dt.date) -> dt.date:
    """The last working day before ``day`` (the work calendar's)."""
    from onedoor.core.services.calendar import is_working_day

    candidate = day - dt.timedelta(days=1)
    while not is_working_day(candidate):
        candidate -= dt.timedelta(days=1)
    return candidate


def describe(result: HallDayResult) -> dict[str, Any]:
    return {
        "service_point": result.service_point,
        "day": result.day.isoformat(),
        "until": timezone.localtime(result.until).strftime("%H:%M"),
        "windows": result.windows,
        "tickets": result.tickets,
        "served": result.served,
        "no_shows": result.no_shows,
        "transfers": result.transfers,
        "cases": result.cases,
    }
