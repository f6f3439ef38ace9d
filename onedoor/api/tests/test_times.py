"""API.md: times are ISO 8601 in Asia/Shanghai, whichever endpoint answers them."""

import datetime as dt

import pytest

from onedoor.cases.tests.conftest import world

pytestmark = pytest.mark.django_db

__all__ = ["world"]


def _local(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    assert parsed.utcoffset() == dt.timedelta(hours=8), value
    return parsed


def test_a_case_and_its_events_answer_in_shanghai_time(world):
    body = {
        "matter": "household-certificate",
        "applicant": {"id_number": world.persons["parent"].id_number},
        "channel": "window",
        "form": {"purpose": "kinship"},
    }
    number = world.post("cases", body, world.staff("clerk")).json()["number"]

    case = world.get(f"cases/{number}", world.staff("clerk")).json()

    assert case["events"], case
    for event in case["events"]:
        _local(event["at"])


def test_a_ticket_answers_in_shanghai_time(client, world):
    answer = client.post(
        "/api/v1/tickets", {"service_point": "district-centre"}, content_type="application/json"
    )

    assert answer.status_code == 201, answer.json()
    _local(answer.json()["issued_at"])
