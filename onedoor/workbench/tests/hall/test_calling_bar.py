"""The calling bar on the window clerk's screen: each button end to end, from the clerk's press to
the hall's display board."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from onedoor.core.models import AuditEvent
from onedoor.counter.choices import TicketStatus
from onedoor.counter.models import Ticket, Window
from onedoor.workbench.tests.hall.conftest import board_json

pytestmark = pytest.mark.usefixtures("clock")


def _press(client, button: str, window: str = "dc-03", expect: str = "", **fields):
    return client.post(
        f"/workbench/window/{button}/", {"window": window, "expect": expect, **fields}
    )


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def clerk(client, hall_staff):
    client.force_login(hall_staff.clerk)
    return client


def test_a_clerk_without_a_window_chooses_one_and_opens_it(clerk):
    page = clerk.get("/workbench/window/")
    assert page.context["desk"].window is None
    assert "选择窗口" in page.content.decode()

    response = clerk.post("/workbench/window/open/", {"window": "dc-03"})

    assert response.status_code == 302
    window = Window.objects.get(code="dc-03")
    assert window.is_open and window.clerk.username == "hall-clerk"
    page = clerk.get("/workbench/window/")
    assert page.context["desk"].window.code == "dc-03"
    assert "3号综合窗口" in page.content.decode()


def test_calling_the_next_ticket_shows_it_on_the_bar_and_on_the_hall_board(clerk, client, take):
    take("general")
    take("enterprise")

    response = _press(clerk, "call")

    assert response.status_code == 302
    assert _said(response)[-1] == "已叫 A001 号（综合业务）。"
    page = clerk.get("/workbench/window/")
    desk = page.context["desk"]
    assert desk.window.code == "dc-03" and desk.ticket.number == "A001"
    assert desk.waiting == 1
    latest = board_json(client)["calls"][0]
    assert (latest["number"], latest["window"]) == ("A001", "dc-03")
    assert AuditEvent.objects.filter(action="counter.ticket_called").count() == 1


def test_a_second_press_of_the_same_button_changes_nothing(clerk, take):
    take("general")
    take("general")
    _press(clerk, "call")

    again = _press(clerk, "call", expect="")

    assert "窗口的当前号已变化（A001）" in _said(again)[-1]
    assert Ticket.objects.get(number="A001").status == TicketStatus.CALLED
    assert Ticket.objects.get(number="A002").status == TicketStatus.WAITING


def test_calling_with_the_current_ticket_serves_it_and_calls_the_next(clerk, take, clock):
    take("general")
    take("general")
    _press(clerk, "call")
    clock.shift(dt.timedelta(minutes=6))

    _press(clerk, "call", expect="A001")

    first = Ticket.objects.get(number="A001")
    assert first.status == TicketStatus.SERVED and first.handling_seconds == 360
    assert Ticket.objects.get(number="A002").status == TicketStatus.CALLED


def test_nobody_waiting_is_said_and_the_window_stays_open(clerk, hall_staff):
    response = _press(clerk, "call")

    assert _said(response)[-1] == "当前没有等候的号。"
    assert Window.objects.get(code="dc-03").is_open


def test_recall_calls_the_same_ticket_again_on_the_board(clerk, client, take, clock):
    take("general")
    _press(clerk, "call")
    before = board_json(client)["calls"][0]["id"]
    clock.shift(dt.timedelta(minutes=1))

    response = _press(clerk, "recall", expect="A001")

    assert _said(response)[-1] == "已重呼 A001 号。"
    assert Ticket.objects.get(number="A001").recalls == 1
    after = board_json(client)["calls"][0]
    assert after["number"] == "A001" and after["id"] != before


def test_no_show_ends_the_ticket_and_frees_the_window(clerk, take):
    take("general")
    _press(clerk, "call")

    _press(clerk, "no-show", expect="A001")

    assert Ticket.objects.get(number="A001").status == TicketStatus.NO_SHOW
    assert Window.objects.get(code="dc-03").current_ticket is None


def test_no_show_too_early_is_refused_in_words(clerk, take):
    from onedoor.counter.actions import configure_calling_rules

    configure_calling_rules(actor=None, service_point="district-centre", no_show_after_minutes=2)
    take("general")
    _press(clerk, "call")

    response = _press(clerk, "no-show", expect="A001")

    assert "分钟才可过号" in _said(response)[-1]
    assert Ticket.objects.get(number="A001").status == TicketStatus.CALLED


def test_a_no_show_whose_holder_came_back_queues_again_once(clerk, take, clock):
    take("general")
    _press(clerk, "call")
    _press(clerk, "no-show", expect="A001")
    take("general")
    clock.shift(dt.timedelta(minutes=1))
    assert "重新排队" in clerk.get("/workbench/window/").content.decode()

    response = clerk.post("/workbench/window/requeue/", {"window": "dc-03", "number": "a001"})
    again = clerk.post("/workbench/window/requeue/", {"window": "dc-03", "number": "A001"})
    unknown = clerk.post("/workbench/window/requeue/", {"window": "dc-03", "number": "A999"})

    assert _said(response)[-1] == "A001 号已重新排队。"
    assert _said(again)[-1] == "只有过号的号才能重新排队。"
    assert _said(unknown)[-1] == "没有这个排队号。"
    ticket = Ticket.objects.get(number="A001")
    assert (ticket.status, ticket.requeues) == (TicketStatus.WAITING, 1)
    assert AuditEvent.objects.filter(action="counter.ticket_requeued").count() == 1
    assert _press(clerk, "call").status_code == 302
    assert Window.objects.get(code="dc-03").current_ticket.number == "A002"


def test_transfer_to_another_window_holds_the_ticket_for_it(clerk, take, call, hall_staff):
    take("general")
    take("general")
    _press(clerk, "call")

    _press(clerk, "transfer", expect="A001", to="window:dc-05")

    held = Ticket.objects.get(number="A001")
    assert held.status == TicketStatus.WAITING and held.target_window.code == "dc-05"
    assert call("dc-05", hall_staff.clerk2).number == "A001"


def test_transfer_to_the_enterprise_queue(clerk, take):
    take("general")
    _press(clerk, "call")

    _press(clerk, "transfer", expect="A001", to="category:enterprise")

    moved = Ticket.objects.get(number="A001")
    assert (moved.status, moved.lane) == (TicketStatus.WAITING, "enterprise")


def test_transfer_to_nowhere_is_refused_and_changes_nothing(clerk, take):
    take("general")
    _press(clerk, "call")

    response = _press(clerk, "transfer", expect="A001", to="window:zm-01")

    assert _said(response)[-1] == "本网点没有这个窗口。"
    assert Ticket.objects.get(number="A001").status == TicketStatus.CALLED


def test_pause_serves_the_ticket_without_calling_another(clerk, take):
    take("general")
    take("general")
    _press(clerk, "call")

    _press(clerk, "pause", expect="A001")

    assert Ticket.objects.get(number="A001").status == TicketStatus.SERVED
    assert Ticket.objects.get(number="A002").status == TicketStatus.WAITING
    window = Window.objects.get(code="dc-03")
    assert window.is_open and window.current_ticket is None


def test_closing_the_window_signs_the_clerk_out(clerk, take):
    take("general")
    _press(clerk, "call")

    _press(clerk, "close", expect="A001")

    window = Window.objects.get(code="dc-03")
    assert not window.is_open and window.clerk is None
    assert Ticket.objects.get(number="A001").status == TicketStatus.SERVED


def test_a_clerk_of_another_service_point_cannot_work_this_window(client, hall_staff, take):
    take("general")
    client.force_login(hall_staff.other_clerk)

    response = _press(client, "call", window="dc-03")

    assert "只有本网点的窗口人员" in _said(response)[-1]
    assert Ticket.objects.get(number="A001").status == TicketStatus.WAITING


def test_the_id_number_given_with_the_ticket_waits_in_the_applicant_lookup(clerk, take):
    from onedoor.core.identifiers import make_id_number

    number = make_id_number("440604", dt.date(1985, 5, 5), 21)
    take("general", id_number=number)
    _press(clerk, "call")

    page = clerk.get("/workbench/window/")

    assert page.context["identify_form"]["applicant"].value() == number
    assert f'value="{number}"' in page.content.decode()


def test_calling_the_next_ticket_forgets_the_previous_applicant(clerk, take):
    take("general")
    session = clerk.session
    session["workbench_window_applicant"] = {"kind": "person", "code": "x", "name": ""}
    session.save()

    _press(clerk, "call")

    assert "workbench_window_applicant" not in clerk.session


def test_the_bar_shows_the_buttons_for_the_ticket_being_served(clerk, take):
    take("general")
    _press(clerk, "call")

    text = clerk.get("/workbench/window/").content.decode()

    for label in ("叫号", "重呼", "未到", "转移", "暂停", "关闭窗口"):
        assert f">{label}</button>" in text
    assert 'name="expect" value="A001"' in text


@pytest.mark.usefixtures("world")
def test_a_case_accepted_while_a_ticket_is_served_joins_that_visit(world, at_window, signed_in):
    from onedoor.counter.actions import issue_ticket
    from onedoor.counter.models import TicketCase

    parent = world.persons["parent"]
    ticket = issue_ticket(
        actor=None, service_point="district-centre", id_number=parent.id_number, channel="kiosk"
    )
    clerk = signed_in("clerk")
    _press(clerk, "call", window="dc-01")
    assert clerk.get("/workbench/window/").context["desk"].id_number == parent.id_number

    response = at_window(parent.id_number, "household-certificate", {"form-purpose": "kinship"})

    assert response.status_code == 302
    link = TicketCase.objects.get(ticket=ticket)
    assert link.case.applicant_person == parent
    assert AuditEvent.objects.filter(action="counter.ticket_case_linked").count() == 1


@pytest.mark.usefixtures("world")
def test_a_case_accepted_with_nobody_called_stands_alone(world, at_window):
    from onedoor.counter.models import TicketCase

    parent = world.persons["parent"]

    response = at_window(parent.id_number, "household-certificate", {"form-purpose": "kinship"})

    assert response.status_code == 302
    assert not TicketCase.objects.exists()


def test_the_bar_costs_the_window_screen_three_queries(clerk, take, django_assert_max_num_queries):
    for _ in range(5):
        take("general")
    _press(clerk, "call")
    clerk.get("/workbench/window/")

    with django_assert_max_num_queries(7):
        assert clerk.get("/workbench/window/").status_code == 200
