"""The window endpoints over HTTP: who may press, what they answer."""

import pytest

from onedoor.counter.models import Ticket, Window
from onedoor.counter.tests.conftest import POINT, id_number, person

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def queue(hall):
    for category in ("general", "priority", "enterprise"):
        assert (
            hall.post("tickets", {"service_point": POINT, "category": category}).status_code == 201
        )
    return hall


def test_a_clerk_calls_the_next_ticket(queue):
    response = queue.post("windows/dc-01/call-next", holder=queue.clerk)

    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["category"], body["window"]) == ("P001", "priority", "dc-01")
    assert (body["service_point"], body["waited_minutes"], body["recalls"]) == (POINT, 0.0, 0)
    window = Window.objects.get(code="dc-01")
    assert (window.is_open, window.clerk) == (True, queue.clerk)


def test_nobody_waiting_answers_204(hall):
    response = hall.post("windows/dc-01/call-next", holder=hall.clerk)

    assert response.status_code == 204
    assert response.content == b""
    assert Window.objects.get(code="dc-01").is_open is True


def test_a_hall_manager_may_call(queue):
    response = queue.post("windows/dc-02/call-next", holder=queue.manager)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("anonymous", 401, "not_authenticated"),
        ("citizen", 403, "permission_denied"),
        ("other_clerk", 403, "permission_denied"),
        ("supervisor", 403, "permission_denied"),
    ],
)
def test_others_cannot_call_and_nothing_changes(queue, who, status, code):
    holders = {"anonymous": None, "citizen": person(id_number())}
    holder = holders[who] if who in holders else getattr(queue, who)

    response = queue.post("windows/dc-01/call-next", holder=holder)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert not Ticket.objects.exclude(status="waiting").exists()
    assert Window.objects.get(code="dc-01").is_open is False


def test_an_unknown_window_is_not_found(hall):
    response = hall.post("windows/nowhere/call-next", holder=hall.clerk)

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_recall_finish_and_the_window_state(queue):
    queue.post("windows/dc-01/call-next", holder=queue.clerk)

    recalled = queue.post("windows/dc-01/recall", holder=queue.clerk).json()
    state = queue.get("windows/dc-01", queue.clerk).json()
    finished = queue.post("windows/dc-01/finish", holder=queue.clerk).json()

    assert (recalled["number"], recalled["recalls"]) == ("P001", 1)
    assert (state["open"], state["clerk"], state["current"]["number"]) == (
        True,
        "hall-clerk",
        "P001",
    )
    assert (finished["number"], finished["status"]) == ("P001", "served")


def test_no_show_and_nothing_at_the_window(queue):
    nothing = queue.post("windows/dc-01/no-show", holder=queue.clerk)
    queue.post("windows/dc-01/call-next", holder=queue.clerk)
    missed = queue.post("windows/dc-01/no-show", holder=queue.clerk)

    assert (nothing.status_code, nothing.json()["code"]) == (409, "no_current_ticket")
    assert (missed.status_code, missed.json()["status"]) == (200, "no_show")


def test_transfer_to_a_window_or_a_category(queue):
    queue.post("windows/dc-01/call-next", holder=queue.clerk)  # P001
    to_window = queue.post("windows/dc-01/transfer", {"window": "dc-13"}, queue.clerk)
    queue.post("windows/dc-01/call-next", holder=queue.clerk)  # A001
    to_category = queue.post("windows/dc-01/transfer", {"category": "enterprise"}, queue.clerk)
    neither = queue.post("windows/dc-01/transfer", {}, queue.clerk)

    assert (to_window.status_code, to_window.json()["status"]) == (200, "waiting")
    assert to_category.json()["category"] == "enterprise"
    assert (neither.status_code, neither.json()["code"]) == (409, "no_current_ticket")
    called = queue.post("windows/dc-13/call-next", holder=queue.clerk).json()
    assert called["number"] == "P001"


def test_open_and_close(hall):
    opened = hall.post("windows/dc-05/open", holder=hall.clerk).json()
    closed = hall.post("windows/dc-05/close", holder=hall.clerk).json()

    assert (opened["open"], opened["clerk"]) == (True, "hall-clerk")
    assert (closed["open"], closed["clerk"], closed["current"]) == (False, None, None)


def test_calling_over_http_takes_a_bounded_number_of_queries(queue, django_assert_max_num_queries):
    queue.post("windows/dc-01/call-next", holder=queue.clerk)
    headers = queue.headers(queue.clerk)

    # the token and the caller's roles (3), then the action (see test_call_next)
    with django_assert_max_num_queries(16):
        response = queue.client.post("/api/v1/windows/dc-01/call-next", **headers)

    assert response.status_code == 200
