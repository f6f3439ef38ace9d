"""GET me/messages and POST me/messages/{id}/read: a citizen's own messages only."""

from typing import Any

import pytest

from onedoor.accounts.actions import create_staff_user, create_token
from onedoor.core.models import AuditEvent
from onedoor.notify.actions import enqueue_message
from onedoor.notify.models import Message
from onedoor.notify.tests.factories import make_person
from onedoor.registry.models import Person

pytestmark = pytest.mark.django_db


def _headers(person: Person | None = None, **staff: Any) -> dict[str, str]:
    if person is None:
        user = create_staff_user(actor="test", password=None, **staff)
        token = create_token(actor="test", user=user)
    else:
        token = create_token(actor="test", person=person)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _tell(person: Person, key: str, **kwargs: Any) -> Message:
    return enqueue_message(
        actor="test",
        recipient=person,
        template="case_accepted",
        context={"case_number": key, "matter": "户籍证明开具", "deadline": "2026-12-10"},
        dedupe_key=f"case:{key}:accepted",
        **kwargs,
    )


def test_a_citizen_reads_their_own_messages_newest_first(client, django_assert_max_num_queries):
    me, other = make_person(phone=""), make_person(name="李四")
    first, second = _tell(me, "A-1"), _tell(me, "A-2")
    _tell(other, "B-1")
    headers = _headers(me)

    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/me/messages", **headers)

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert body["unread"] == 2
    assert [item["id"] for item in body["items"]] == [str(second.pk), str(first.pk)]
    item = body["items"][0]
    assert item["channel"] == "inbox"
    assert item["case_number"] == "A-2"
    assert item["body"] == second.body
    assert item["read_at"] is None


def test_the_list_pages_and_filters_by_channel(client):
    me = make_person()
    _tell(me, "A-1")
    _tell(me, "A-2", channel="inbox")
    headers = _headers(me)

    inbox = client.get("/api/v1/me/messages?channel=inbox", **headers).json()
    page = client.get("/api/v1/me/messages?limit=1&offset=1", **headers).json()
    bad = client.get("/api/v1/me/messages?channel=pigeon", **headers)

    assert [i["case_number"] for i in inbox["items"]] == ["A-2"]
    assert (page["count"], [i["case_number"] for i in page["items"]]) == (2, ["A-1"])
    assert bad.status_code == 422


def test_marking_a_message_read_once_records_it_once(client):
    me = make_person(phone="")
    message = _tell(me, "A-1")
    headers = _headers(me)

    first = client.post(f"/api/v1/me/messages/{message.pk}/read", **headers)
    again = client.post(f"/api/v1/me/messages/{message.pk}/read", **headers)
    listed = client.get("/api/v1/me/messages?unread=true", **headers).json()

    assert first.status_code == 200
    assert first.json()["read_at"] is not None
    assert again.json()["read_at"] == first.json()["read_at"]
    assert listed == {"count": 0, "unread": 0, "items": []}
    assert AuditEvent.objects.filter(action="notify.message_read").count() == 1


def test_another_persons_message_is_not_found_and_stays_unread(client):
    me, other = make_person(phone=""), make_person(name="李四", phone="")
    theirs = _tell(other, "B-1")

    response = client.post(f"/api/v1/me/messages/{theirs.pk}/read", **_headers(me))

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert theirs.read_at is None


def test_a_malformed_message_id_is_not_found(client):
    response = client.post("/api/v1/me/messages/not-a-uuid/read", **_headers(make_person()))

    assert response.status_code == 404


def test_staff_and_anonymous_callers_are_refused(client):
    message = _tell(make_person(phone=""), "A-1")
    staff = _headers(username="clerk", full_name="李晓红", roles=[("supervisor", None, None)])

    listed = client.get("/api/v1/me/messages", **staff)
    read = client.post(f"/api/v1/me/messages/{message.pk}/read", **staff)
    anonymous = client.get("/api/v1/me/messages")

    assert (listed.status_code, listed.json()["code"]) == (403, "permission_denied")
    assert read.status_code == 403
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
