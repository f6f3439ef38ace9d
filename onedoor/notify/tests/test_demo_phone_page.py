import pytest

from onedoor.notify.actions import enqueue_message, send_message
from onedoor.notify.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _code(person, code: str, **kwargs):
    return enqueue_message(
        actor="test",
        recipient=person,
        template="signin_code",
        context={"code": code, "minutes": 5},
        dedupe_key=f"signin:{code}",
        **kwargs,
    )


def test_the_page_does_not_exist_unless_the_demo_turns_it_on(client, settings):
    settings.DEMO_PHONE = False

    response = client.get("/demo/phone/?to=13802761234")

    assert response.status_code == 404


def test_the_demo_phone_shows_the_sms_a_number_received_newest_first(client, settings):
    settings.DEMO_PHONE = True
    me, other = make_person(), make_person(name="李四", phone="13922856789")
    first = _code(me, "111111")
    send_message(first.pk)
    _code(me, "222222")
    _code(other, "333333")
    _code(me, "444444", channel="inbox")

    response = client.get("/demo/phone/?to=138 0276 1234")

    text = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert text.index("222222") < text.index("111111")
    assert "333333" not in text
    assert "444444" not in text
    assert 'http-equiv="refresh"' in text


def test_the_demo_phone_finds_a_persons_sms_by_id_number(client, settings):
    settings.DEMO_PHONE = True
    me = make_person()
    _code(me, "555555")

    response = client.get(f"/demo/phone/?to={me.id_number.lower()}")

    assert "555555" in response.content.decode()


def test_without_a_number_the_demo_phone_asks_for_one(client, settings):
    settings.DEMO_PHONE = True
    _code(make_person(), "666666")

    response = client.get("/demo/phone/")

    text = response.content.decode()
    assert response.status_code == 200
    assert "666666" not in text
    assert 'http-equiv="refresh"' not in text
