"""The calling bar on the window clerk's screen: sit at a window, call the next ticket (叫号),
call it again (重呼), transfer it (转移), mark a no-show (未到), pause, close the window, and put
a no-show whose holder came back in the queue again (重新排队).

Each button names the ticket the clerk saw as current; a press that finds another ticket at the
window (a double click, a second tab, a page left open) changes nothing and says so, so a
button pressed twice never ends a ticket the clerk has not served.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onedoor.accounts.models import Role, User
from onedoor.core.errors import DomainError
from onedoor.counter.actions import (
    call_next,
    close_window,
    finish_ticket,
    mark_no_show,
    open_window,
    recall_ticket,
    requeue_ticket,
    transfer_ticket,
)
from onedoor.counter.models import Window
from onedoor.counter.queries import access_window, get_current_ticket, get_ticket_by_number
from onedoor.workbench.access import staff_required
from onedoor.workbench.views.window import SESSION_KEY

CODE_LENGTH = 40


class StaleButton(DomainError):
    """The window's current ticket is not the one the button was pressed for."""


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _press(request: HttpRequest, act: Callable[[User, str], None]) -> None:
    """Run ``act`` on the window of the form if its current ticket is the one the clerk saw.

    The window's row is locked while the ticket is compared and the action runs (the action
    locks it again in the same transaction), so two presses are served one after the other.
    """
    user = _user(request)
    code = request.POST.get("window", "")[:CODE_LENGTH]
    expected = request.POST.get("expect", "")[:12]
    with transaction.atomic():
        window: Window = access_window(user, code, for_update=True)
        current = get_current_ticket(window)
        if (current.number if current else "") != expected:
            raise StaleButton(
                "stale_button",
                _("窗口的当前号已变化（%(number)s），请核对后再操作。")
                % {"number": current.number if current else _("无")},
            )
        act(user, window.code)


def _done(request: HttpRequest, act: Callable[[User, str], None], *, forget: bool) -> HttpResponse:
    try:
        _press(request, act)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("workbench:window")
    if forget:
        request.session.pop(SESSION_KEY, None)
    return redirect("workbench:window")


@staff_required(Role.CLERK)
@require_POST
def window_open(request: HttpRequest) -> HttpResponse:
    """Sit at a window of the service point and open it."""
    try:
        window = open_window(
            actor=_user(request), window=request.POST.get("window", "")[:CODE_LENGTH]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已在%(window)s开窗。") % {"window": window.name})
    return redirect("workbench:window")


@staff_required(Role.CLERK)
@require_POST
def window_call(request: HttpRequest) -> HttpResponse:
    """叫号: the current ticket is served; the next one is called to this window."""

    def act(user: User, window: str) -> None:
        ticket = call_next(actor=user, window=window)
        if ticket is None:
            messages.info(request, _("当前没有等候的号。"))
        else:
            messages.success(
                request,
                _("已叫 %(number)s 号（%(category)s）。")
                % {"number": ticket.number, "category": ticket.get_category_display()},
            )

    return _done(request, act, forget=True)


@staff_required(Role.CLERK)
@require_POST
def window_recall(request: HttpRequest) -> HttpResponse:
    """重呼: call the current ticket again (the board shows and says it again)."""

    def act(user: User, window: str) -> None:
        ticket = recall_ticket(actor=user, window=window)
        messages.success(request, _("已重呼 %(number)s 号。") % {"number": ticket.number})

    return _done(request, act, forget=False)


@staff_required(Role.CLERK)
@require_POST
def window_transfer(request: HttpRequest) -> HttpResponse:
    """转移: send the current ticket to another window or another category's queue."""
    target = request.POST.get("to", "")[: CODE_LENGTH + 9]
    kind, _sep, value = target.partition(":")

    def act(user: User, window: str) -> None:
        ticket = transfer_ticket(
            actor=user,
            window=window,
            to_window=value if kind == "window" else "",
            to_category=value if kind == "category" else "",
        )
        messages.success(request, _("%(number)s 号已转出。") % {"number": ticket.number})

    return _done(request, act, forget=True)


@staff_required(Role.CLERK)
@require_POST
def window_no_show(request: HttpRequest) -> HttpResponse:
    """未到: the holder did not come (after the hall's wait)."""

    def act(user: User, window: str) -> None:
        ticket = mark_no_show(actor=user, window=window)
        messages.success(request, _("%(number)s 号已记为过号。") % {"number": ticket.number})

    return _done(request, act, forget=True)


@staff_required(Role.CLERK)
@require_POST
def window_pause(request: HttpRequest) -> HttpResponse:
    """暂停: the current ticket is served and no other is called until 叫号."""

    def act(user: User, window: str) -> None:
        ticket = finish_ticket(actor=user, window=window)
        messages.success(request, _("%(number)s 号已办结，暂停叫号。") % {"number": ticket.number})

    return _done(request, act, forget=True)


@staff_required(Role.CLERK)
@require_POST
def window_close(request: HttpRequest) -> HttpResponse:
    """关闭窗口: the current ticket is served, the clerk signs out, held tickets go back."""

    def act(user: User, window: str) -> None:
        desk = close_window(actor=user, window=window)
        messages.success(request, _("%(window)s已关闭。") % {"window": desk.name})

    return _done(request, act, forget=True)


@staff_required(Role.CLERK)
@require_POST
def window_requeue(request: HttpRequest) -> HttpResponse:
    """重新排队: today's no-show ticket of this number goes to the back of its queue."""
    user = _user(request)
    try:
        window = access_window(user, request.POST.get("window", "")[:CODE_LENGTH])
        found = get_ticket_by_number(window.service_point.code, request.POST.get("number", ""))
        ticket = requeue_ticket(actor=user, ticket=str(found.public_id))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(number)s 号已重新排队。") % {"number": ticket.number})
    return redirect("workbench:window")
