"""Take a ticket (取号): a category, an optional ID number, a big number to keep and print."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from onedoor.catalog.choices import Channel
from onedoor.core.errors import DomainError, NotFound
from onedoor.counter.actions import issue_ticket
from onedoor.counter.choices import TicketCategory
from onedoor.counter.queries.access import get_ticket
from onedoor.counter.queries.queue import describe_ticket
from onedoor.kiosk.forms import TicketForm
from onedoor.kiosk.state import TICKET
from onedoor.kiosk.views.base import Kiosk, kiosk_view, screen


@require_http_methods(["GET", "POST"])
@kiosk_view
def ticket(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    form = TicketForm(request.POST or None, categories=list(TicketCategory.choices))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                taken = issue_ticket(
                    actor=None,
                    service_point=kiosk.point.code,
                    category=data["category"],
                    id_number=data["id_number"],
                    channel=Channel.KIOSK,
                    appointment=data["appointment"],
                    idempotency_key=data["idempotency_key"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                kiosk.state.remember(ticket=str(taken.public_id))
                return kiosk.go("ticket-issued")
    return screen(request, kiosk, "kiosk/ticket.html", {"form": form}, status=status)


@require_safe
@kiosk_view
def ticket_issued(request: HttpRequest, kiosk: Kiosk) -> HttpResponse:
    """The number, where it stands and the wait, large, with a slip to print."""
    try:
        taken = get_ticket(kiosk.state.get(TICKET))
    except NotFound:
        taken = None
    if taken is None or taken.service_point_id != kiosk.point.pk:
        kiosk.state.forget(TICKET)
        return kiosk.go("ticket")
    context = {"view": describe_ticket(taken), "ticket": taken}
    return screen(request, kiosk, "kiosk/ticket_issued.html", context)
