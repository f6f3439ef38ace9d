"""A no-show ticket (过号) put back in the queue when its holder turns up: requeue_ticket and
POST tickets/{id}/requeue."""

import datetime as dt

import pytest

from onedoor.accounts.actions import create_staff_user
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import call_next, mark_no_show, requeue_ticket
from onedoor.counter.models import Ticket
from onedoor.counter.queries import get_ticket_position
from onedoor.counter.tests.conftest import id_number, person, rules

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def missed(hall, take, clock):
    """A001 was called at dc-01 and did not come; A002 and A003 wait, taken after it."""
    take(), take(), take()
    call_next(actor=hall.clerk, window="dc-01")
    clock.shift(dt.timedelta(minutes=3))
    return mark_no_show(actor=hall.clerk, window="dc-01")


def _requeue(hall, ticket, holder=None):
    return hall.post(f"tickets/{ticket.public_id}/requeue", holder=holder or hall.clerk)


def test_a_clerk_puts_a_no_show_back_at_the_back_of_its_lane(hall, missed, clock):
    clock.shift(dt.timedelta(minutes=5))

    requeued = requeue_ticket(actor=hall.clerk, ticket=str(missed.public_id))

    requeued.refresh_from_db()
    assert (requeued.number, requeued.status, requeued.lane) == ("A001", "waiting", "general")
    assert (requeued.requeues, requeued.recalls, requeued.window, requeued.clerk) == (
        1,
        0,
        None,
        None,
    )
    assert requeued.queued_at == missed.finished_at + dt.timedelta(minutes=5)
    assert requeued.waiting_seconds == 0  # its first wait stays for the figures
    assert get_ticket_position(requeued) == 3  # behind A002 and A003
    event = AuditEvent.objects.get(action="counter.ticket_requeued")
    assert event.payload == {
        "service_point": "district-centre",
        "number": "A001",
        "lane": "general",
        "window": "dc-01",
        "requeues": 1,
    }
    calls = [call_next(actor=hall.clerk, window="dc-01").number for _ in range(3)]
    assert calls == ["A002", "A003", "A001"]


def test_the_endpoint_answers_the_ticket_with_its_new_place(
    hall, missed, django_assert_max_num_queries
):
    headers = hall.headers(hall.manager)

    # the token, the ticket, the roles, the locked ticket, its update, the audit event (with
    # its savepoint), then where it stands (position and estimate)
    with django_assert_max_num_queries(12):
        response = hall.client.post(f"/api/v1/tickets/{missed.public_id}/requeue", **headers)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["number"], body["status"], body["position"], body["window"]) == (
        "A001",
        "waiting",
        3,
        None,
    )


def test_a_second_press_is_refused_and_changes_nothing(hall, missed):
    first = _requeue(hall, missed)
    before = Ticket.objects.get(pk=missed.pk)

    second = _requeue(hall, missed)

    assert first.status_code == 200
    assert (second.status_code, second.json()["code"]) == (409, "ticket_not_no_show")
    after = Ticket.objects.get(pk=missed.pk)
    assert (after.queued_at, after.requeues, after.updated_at) == (
        before.queued_at,
        1,
        before.updated_at,
    )
    assert AuditEvent.objects.filter(action="counter.ticket_requeued").count() == 1


def test_only_a_no_show_goes_back(hall, take):
    waiting = take()

    with pytest.raises(DomainError) as refused:
        requeue_ticket(actor=hall.clerk, ticket=str(waiting.public_id))

    assert (refused.value.code, refused.value.status) == ("ticket_not_no_show", 409)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.requeues) == ("waiting", 0)


def test_a_no_show_of_another_day_stays_one(hall, missed, clock):
    clock.shift(dt.timedelta(days=1))

    response = _requeue(hall, missed)

    assert (response.status_code, response.json()["code"]) == (409, "ticket_not_today")
    missed.refresh_from_db()
    assert (missed.status, missed.requeues) == ("no_show", 0)
    assert not AuditEvent.objects.filter(action="counter.ticket_requeued").exists()


def test_once_by_default_then_as_often_as_the_hall_allows(hall, missed, clock):
    requeue_ticket(actor=hall.clerk, ticket=str(missed.public_id))
    for _ in range(3):  # A002, A003, then A001 again, who again does not come
        call_next(actor=hall.clerk, window="dc-01")
    clock.shift(dt.timedelta(minutes=3))
    assert mark_no_show(actor=hall.clerk, window="dc-01").number == "A001"

    refused = _requeue(hall, missed)
    rules(no_show_requeues=2)
    allowed = _requeue(hall, missed)

    assert (refused.status_code, refused.json()["code"]) == (409, "requeue_limit_reached")
    assert refused.json()["details"] == {"number": "A001", "limit": 1}
    assert allowed.status_code == 200
    assert Ticket.objects.get(pk=missed.pk).requeues == 2


def test_a_hall_that_allows_none_refuses_the_first(hall, missed):
    rules(no_show_requeues=0)

    response = _requeue(hall, missed)

    assert (response.status_code, response.json()["code"]) == (409, "requeue_limit_reached")
    assert Ticket.objects.get(pk=missed.pk).status == "no_show"


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("clerk", 200, None),
        ("manager", 200, None),
        ("admin", 200, None),
        ("other_clerk", 403, "permission_denied"),
        ("supervisor", 403, "permission_denied"),
        ("citizen", 403, "permission_denied"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
def test_the_points_clerks_and_hall_managers_and_administrators_may(
    hall, missed, who, status, code
):
    holders = {
        "anonymous": None,
        "citizen": person(id_number()),
        "admin": create_staff_user(
            actor=None, username="hall-admin", password=None, full_name="", is_superuser=True
        ),
    }
    holder = holders[who] if who in holders else getattr(hall, who)

    response = hall.post(f"tickets/{missed.public_id}/requeue", holder=holder)

    assert response.status_code == status, response.content
    if code:
        assert response.json()["code"] == code
        assert Ticket.objects.get(pk=missed.pk).status == "no_show"


def test_an_unknown_ticket_is_not_found(hall):
    response = hall.post("tickets/00000000-0000-0000-0000-000000000000/requeue", holder=hall.clerk)

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
