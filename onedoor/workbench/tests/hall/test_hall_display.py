"""The hall's display board: public, nobody's data, cheap to poll, and the same cost for a hall of
thirty windows as for one of three."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from onedoor.core.identifiers import make_id_number
from onedoor.counter.actions import open_window, upsert_window
from onedoor.registry.actions import register_person
from onedoor.workbench.tests.hall.conftest import POINT, board, board_json

pytestmark = pytest.mark.usefixtures("clock")

ID_NUMBER = make_id_number("440604", dt.date(1980, 1, 1), 17)
CALL_KEYS = {
    "id",
    "number",
    "category",
    "window",
    "window_name",
    "window_label",
    "called_at",
    "recalls",
    "announcement",
}


def test_the_board_shows_the_last_call_and_who_waits_per_category(client, take, call, clock):
    take("general")
    take("general")
    take("enterprise")
    clock.shift(dt.timedelta(minutes=4))
    call("dc-03")

    data = board_json(client)

    [latest] = data["calls"]
    assert latest["number"] == "A001"
    assert latest["window"] == "dc-03"
    assert latest["window_label"] == "3 号窗口"
    assert latest["announcement"] == "请 A001 号到 3 号窗口"
    assert latest["called_at"].startswith("2026-12-07T09:04:00")
    waiting = {q["category"]: q["waiting"] for q in data["queues"]}
    assert waiting == {"general": 1, "enterprise": 1, "priority": 0, "appointment": 0}
    assert data["waiting_total"] == 2
    assert data["windows_open"] == 1
    assert data["service_point"] == {"code": POINT, "name": "禅城区行政服务中心"}


def test_the_board_holds_no_personal_data(client, hall_staff, take, call):
    register_person(actor=None, id_number=ID_NUMBER, name="陈小明", phone="13800138000")
    take("general", id_number=ID_NUMBER)
    call("dc-01")

    response = board(client)
    text = response.content.decode()

    for secret in (ID_NUMBER, "陈小明", "13800138000", hall_staff.clerk.username):
        assert secret not in text
    data = json.loads(text)
    assert set(data) == {"service_point", "calls", "queues", "waiting_total", "windows_open"}
    assert set(data["calls"][0]) == CALL_KEYS


def test_the_board_is_public_and_starts_no_session(client, hall_staff):
    response = board(client)

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    page = client.get(f"/hall-display/{POINT}/")
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers


def test_an_unchanged_board_answers_304_without_a_body(client, take):
    take("general")
    first = board(client)
    etag = first["ETag"]

    again = board(client, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "no-cache" in again["Cache-Control"]


def test_a_call_changes_the_board_and_its_etag(client, take, call, clock):
    take("general")
    etag = board(client)["ETag"]
    clock.shift(dt.timedelta(minutes=1))
    call("dc-02")

    changed = board(client, HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(changed.content)["calls"][0]["number"] == "A001"


def test_a_recall_is_a_new_call_on_the_board(client, take, call, clock, hall_staff):
    from onedoor.counter.actions import recall_ticket

    take("general")
    call("dc-02")
    first = board_json(client)["calls"][0]
    clock.shift(dt.timedelta(minutes=1))

    recall_ticket(actor=hall_staff.clerk, window="dc-02")

    again = board_json(client)["calls"][0]
    assert again["number"] == first["number"]
    assert again["recalls"] == 1
    assert again["id"] != first["id"], "the screen announces a recall again"


def test_a_window_without_a_number_in_its_name_is_called_by_its_name(client, hall_staff, take):
    from onedoor.counter.actions import call_next

    upsert_window(actor=None, service_point_code=POINT, code="dc-vip", name="绿色通道")
    take("general")
    call_next(actor=hall_staff.clerk, window="dc-vip")

    latest = board_json(client)["calls"][0]
    assert latest["window_label"] == "绿色通道"
    assert latest["announcement"] == "请 A001 号到 绿色通道"


def test_the_boards_queries_do_not_grow_with_the_hall(client, hall_staff, take, call, clock):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert board(client).status_code == 200
        return len(captured)

    for _ in range(3):
        take("general")
    call("dc-01")
    small = queries()
    for index in range(30):
        code = f"dc-x{index:02d}"
        upsert_window(actor=None, service_point_code=POINT, code=code, name=f"{20 + index}号窗口")
        open_window(actor=hall_staff.clerk, window=code)
    for _ in range(40):
        take("general")
    for index in range(30):
        clock.shift(dt.timedelta(seconds=10))
        call(f"dc-x{index:02d}")

    large = queries()

    assert large == small
    assert large <= 5


def test_the_board_lists_the_last_calls_newest_first(client, take, call, clock):
    for _ in range(10):
        take("general")
    for window in ("dc-01", "dc-02", "dc-03", "dc-04", "dc-05", "dc-06", "dc-07", "dc-08", "dc-01"):
        clock.shift(dt.timedelta(minutes=1))
        call(window)

    calls = board_json(client)["calls"]

    assert [c["number"] for c in calls] == [
        "A009",
        "A008",
        "A007",
        "A006",
        "A005",
        "A004",
        "A003",
        "A002",
    ]
    assert calls[0]["window"] == "dc-01"


def test_an_unknown_service_point_is_a_coded_404(client, hall_staff):
    response = board(client, "nowhere")

    assert response.status_code == 404
    assert json.loads(response.content)["code"] == "not_found"
    assert client.get("/hall-display/nowhere/").status_code == 404


def test_the_display_page_shows_the_board_in_big_type_and_polls_its_json(client, take, call):
    take("general")
    call("dc-03")

    page = client.get(f"/hall-display/{POINT}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="zh-hans">' in text
    assert "请 A001 号到 3 号窗口" in text
    assert f'data-source="/hall-display/{POINT}/board.json?lang=zh-hans"' in text
    assert "hall_display.js" in text


def test_the_display_page_can_be_set_to_english_for_its_screen(client, hall_staff):
    page = client.get(f"/hall-display/{POINT}/", {"lang": "en"})

    text = page.content.decode()
    assert '<html lang="en">' in text
    assert f'data-source="/hall-display/{POINT}/board.json?lang=en"' in text


def test_a_language_the_platform_does_not_speak_falls_back_to_the_visitors(client, hall_staff):
    page = client.get(f"/hall-display/{POINT}/", {"lang": "xx<script>"})

    assert '<html lang="zh-hans">' in page.content.decode()


def test_the_board_shows_no_other_days_calls(client, take, call, clock):
    take("general")
    call("dc-01")
    clock.shift(dt.timedelta(days=1))

    data = board_json(client)

    assert data["calls"] == []
    assert data["waiting_total"] == 0


def test_a_staff_account_sees_the_same_board(client: Client, hall_staff, take, call):
    take("general")
    call("dc-01")
    anonymous = board(client).content
    client.force_login(hall_staff.manager)

    assert board(client).content == anonymous
