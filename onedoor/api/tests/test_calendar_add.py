import pytest

from onedoor.core.models import SystemAlert

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/add"


def test_anyone_may_add_working_days_without_a_token(client):
    response = client.get(URL, {"start": "2026-09-30", "days": 1})

    assert response.status_code == 200
    assert response.json() == {"date": "2026-10-08", "provisional": False}


def test_an_unknown_year_answers_provisional_and_alerts_once(client):
    for _ in range(3):
        response = client.get(URL, {"start": "2027-03-05", "days": 1})
        assert response.json() == {"date": "2027-03-08", "provisional": True}

    assert SystemAlert.objects.count() == 1


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-02-30", "days": 1},
        {"start": "tomorrow", "days": 1},
        {"start": "2026-09-30", "days": -1},
        {"start": "2026-09-30", "days": 10**9},
        {"start": "2026-09-30", "days": "ten"},
        {"days": 1},
        {"start": "2026-09-30"},
        {"start": "9999-12-31", "days": 5},
    ],
)
def test_bad_input_answers_422_invalid_input(client, params):
    response = client.get(URL, params)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_the_answer_costs_no_query_once_the_calendar_is_warm(client, django_assert_num_queries):
    client.get(URL, {"start": "2026-01-05", "days": 3})

    with django_assert_num_queries(0):
        client.get(URL, {"start": "2026-09-30", "days": 10})
