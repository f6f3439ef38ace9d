"""The hall manager's board: who may open it, what it shows, its live part, and the wait watch
that alerts the administrators once per threshold crossing."""

import datetime as dt

import pytest

from onedoor.core.models import AuditEvent, SystemAlert
from onedoor.workbench.hall_queries import hall_wait_alert_key
from onedoor.workbench.tasks import watch_hall_waits, watch_hall_waits_task

pytestmark = pytest.mark.usefixtures("clock")

BOARD = "/workbench/hall/district-centre/"
LIVE = "/workbench/hall/district-centre/live/"


@pytest.mark.parametrize("who", ["manager", "supervisor", "admin"])
def test_the_points_manager_a_supervisor_and_an_administrator_open_the_board(
    client, hall_staff, who
):
    client.force_login(getattr(hall_staff, who))

    assert client.get(BOARD).status_code == 200
    assert client.get(LIVE).status_code == 200


@pytest.mark.parametrize("who", ["other_manager", "clerk"])
def test_a_manager_of_another_point_and_a_clerk_get_the_403_page(client, hall_staff, who):
    client.force_login(getattr(hall_staff, who))

    response = client.get(BOARD)

    assert response.status_code == 403
    assert "text/html" in response["Content-Type"]
    assert client.get(LIVE).status_code == 403
    assert client.get("/workbench/hall/district-centre/report/").status_code == 403


def test_an_unknown_service_point_is_the_404_page(client, hall_staff):
    client.force_login(hall_staff.supervisor)

    assert client.get("/workbench/hall/nowhere/").status_code == 404


def test_the_board_shows_queues_windows_clerks_and_the_days_work(
    client, hall_staff, take, call, clock
):
    take("general")
    take("general")
    take("enterprise")
    call("dc-01")
    clock.shift(dt.timedelta(minutes=7))
    call("dc-01")
    call("dc-02", hall_staff.clerk2)
    client.force_login(hall_staff.manager)

    page = client.get(BOARD)

    hall = page.context["hall"]
    assert hall.board.waiting_total == 0
    assert hall.board.windows_open == 2
    assert hall.served_today == 1
    rows = {row.window.code: row for row in hall.windows}
    assert rows["dc-01"].window.current_number == "A002"
    assert rows["dc-02"].window.clerk == "hall-clerk-2"
    loads = {c.username: c.served_today for c in hall.board.clerks}
    assert loads == {"hall-clerk": 1, "hall-clerk-2": 0}
    text = page.content.decode()
    assert "大厅实时看板" in text
    assert 'data-live="/workbench/hall/district-centre/live/"' in text


def test_a_wait_past_its_threshold_is_shown_as_an_alert(client, hall_staff, take, clock):
    take("enterprise")  # the demo centre sends enterprise tickets first after 30 minutes
    clock.shift(dt.timedelta(minutes=31))
    client.force_login(hall_staff.manager)

    hall = client.get(BOARD).context["hall"]

    [alert] = hall.alerts
    assert (alert.category, alert.threshold_minutes) == ("enterprise", 30)
    assert alert.longest_wait_minutes == 31.0
    assert not alert.raised
    assert hall.idle, "tickets wait and no window is open"


def test_the_live_part_answers_304_until_the_hall_changes(client, hall_staff, take, call):
    take("general")
    client.force_login(hall_staff.manager)
    first = client.get(LIVE)
    etag = first["ETag"]

    assert client.get(LIVE, HTTP_IF_NONE_MATCH=etag).status_code == 304

    call("dc-04")
    changed = client.get(LIVE, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "A001" in changed.content.decode()


def test_the_live_part_reads_a_fixed_number_of_queries(
    client, hall_staff, take, call, django_assert_max_num_queries
):
    for _ in range(20):
        take("general")
    for window in ("dc-01", "dc-02", "dc-03", "dc-04", "dc-05", "dc-06"):
        call(window)
    client.force_login(hall_staff.manager)
    client.get(LIVE)

    with django_assert_max_num_queries(12):
        assert client.get(LIVE).status_code == 200


def test_the_watch_raises_an_alert_once_per_crossing(hall_staff, take, call, clock):
    take("enterprise")
    clock.shift(dt.timedelta(minutes=31))
    key = hall_wait_alert_key("district-centre", "enterprise")

    assert watch_hall_waits() == (1, 0)
    assert watch_hall_waits() == (0, 0)
    alert = SystemAlert.objects.get(key=key)
    assert alert.is_open and "企业业务" in alert.message and "31 分钟" in alert.message

    call("dc-01")  # the wait falls back: the alert is resolved
    assert watch_hall_waits() == (0, 1)
    take("enterprise")
    clock.shift(dt.timedelta(minutes=31))
    assert watch_hall_waits() == (1, 0)  # a new crossing raises it again

    assert AuditEvent.objects.filter(action="core.alert_raised", object_id=key).count() == 2


def test_a_raised_alert_is_marked_on_the_board(client, hall_staff, take, clock):
    take("general")
    clock.shift(dt.timedelta(minutes=45))
    watch_hall_waits()
    client.force_login(hall_staff.manager)

    page = client.get(BOARD)

    [alert] = page.context["hall"].alerts
    assert alert.category == "general" and alert.raised
    assert "已告警" in page.content.decode()


def test_the_watch_runs_as_a_periodic_task(hall_staff):
    from onedoor.core.schedule import discover_jobs

    assert any(job.task is watch_hall_waits_task for job in discover_jobs())
    assert watch_hall_waits_task.call() == [0, 0]


def test_the_district_page_lists_every_point_with_links_for_the_manager(client, hall_staff, take):
    take("general")
    client.force_login(hall_staff.manager)

    page = client.get("/workbench/hall/")

    points = {p.point.code: p for p in page.context["points"]}
    assert points["district-centre"].waiting == 1
    assert points["district-centre"].may_open
    assert not points["zumiao-centre"].may_open
    text = page.content.decode()
    assert 'href="/workbench/hall/district-centre/"' in text
    assert 'href="/workbench/hall/zumiao-centre/"' not in text
