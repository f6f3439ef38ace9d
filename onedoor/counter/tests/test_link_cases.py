"""The cases accepted at a window link to the ticket of that visit."""

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import (
    call_next,
    issue_ticket,
    link_case_to_current_ticket,
    link_case_to_ticket,
)
from onedoor.counter.models import TicketCase


@pytest.fixture
def case_number(world, submit):
    response = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": world.persons["parent"].id_number},
            "form": {"purpose": "kinship"},
        }
    )
    assert response.status_code == 201, response.content
    return response.json()["number"]


def test_a_case_accepted_at_the_window_links_to_the_ticket_being_served(world, case_number):
    clerk = world.staff("clerk")
    issue_ticket(actor=None, service_point="district-centre", channel="kiosk")
    ticket = call_next(actor=clerk, window="dc-01")

    link = link_case_to_current_ticket(actor=clerk, case_number=case_number)
    again = link_case_to_current_ticket(actor=clerk, case_number=case_number)

    assert link is not None and again is not None
    assert (link.ticket, link.case.number, again.pk) == (ticket, case_number, link.pk)
    assert AuditEvent.objects.filter(action="counter.ticket_case_linked").count() == 1
    call_next(actor=clerk, window="dc-01")
    assert [tc.case.number for tc in TicketCase.objects.filter(ticket=ticket)] == [case_number]


def test_a_clerk_with_nobody_at_the_window_links_nothing(world, case_number):
    assert link_case_to_current_ticket(actor=world.staff("clerk"), case_number=case_number) is None


def test_a_waiting_ticket_or_an_unknown_case_is_refused(world, case_number):
    ticket = issue_ticket(actor=None, service_point="district-centre", channel="kiosk")

    with pytest.raises(DomainError) as waiting:
        link_case_to_ticket(actor=None, ticket=ticket, case_number=case_number)
    call_next(actor=world.staff("clerk"), window="dc-01")
    ticket.refresh_from_db()
    with pytest.raises(DomainError) as unknown:
        link_case_to_ticket(actor=None, ticket=ticket, case_number="20261204-NOTHING")

    assert waiting.value.code == "ticket_not_waiting"
    assert unknown.value.code == "not_found"
    assert not TicketCase.objects.exists()
