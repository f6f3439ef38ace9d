"""The message gateways: the SMS gateway and WeChat subscription messages, with their drills."""

import json

import httpx

from onedoor.sandbox.tests.conftest import RunningSandbox

SMS_KEY = {"X-Api-Key": "onedoor-sms-demo-key"}
WECHAT = "/wechat/cgi-bin/message/subscribe/send?access_token=onedoor-wechat-demo-key"
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def _sms(http: httpx.Client, **body: object) -> httpx.Response:
    return http.post("/sms/send", json=body, headers=SMS_KEY)


def _wechat_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "touser": OPENID,
        "template_id": "onedoor-case-notice",
        "data": {"thing1": {"value": "办件已受理"}, "thing2": {"value": "您申请的…已受理"}},
        "client_msg_id": "m-1",
    }
    body.update(changes)
    return body


def test_an_sms_is_accepted_and_readable_by_number(http: httpx.Client) -> None:
    sent = _sms(
        http, to="138 0276 1234", content="【禅城区政务服务】验证码 123456", reference="m-1"
    )
    other = _sms(http, to="13900000000", content="别人的短信")

    inbox = http.get("/_sms", params={"to": "13802761234"}).json()

    assert sent.status_code == 200
    assert sent.json()["status"] == "accepted"
    assert other.status_code == 200
    assert inbox["count"] == 1
    assert inbox["items"][0]["id"] == sent.json()["id"]
    assert inbox["items"][0]["content"] == "【禅城区政务服务】验证码 123456"
    assert inbox["items"][0]["reference"] == "m-1"


def test_the_same_reference_again_answers_the_first_id_and_sends_nothing(
    http: httpx.Client,
) -> None:
    first = _sms(http, to="13802761234", content="一次", reference="m-2")
    again = _sms(http, to="13802761234", content="一次", reference="m-2")

    assert again.json()["id"] == first.json()["id"]
    assert again.json()["duplicate"] is True
    assert http.get("/_sms", params={"to": "13802761234"}).json()["count"] == 1


def test_the_sms_gateway_refuses_a_bad_key_a_bad_number_and_a_bad_body(
    http: httpx.Client,
) -> None:
    no_key = http.post("/sms/send", json={"to": "13802761234", "content": "x"})
    wrong_key = http.post(
        "/sms/send", json={"to": "13802761234", "content": "x"}, headers={"X-Api-Key": "nope"}
    )
    landline = _sms(http, to="075783030000", content="x")
    empty = _sms(http, to="13802761234", content="")
    not_json = http.post("/sms/send", content=b"to=1", headers=SMS_KEY)

    assert (no_key.status_code, wrong_key.status_code) == (401, 401)
    assert landline.status_code == 400
    assert landline.json()["error"]["code"] == "INVALID_NUMBER"
    assert empty.json()["error"]["code"] == "INVALID_CONTENT"
    assert not_json.json()["error"]["code"] == "INVALID_BODY"
    assert http.get("/_sms").json()["count"] == 0


def test_the_sms_gateway_answers_the_drills(http: httpx.Client) -> None:
    switched = http.post("/_faults", json={"system": "sms", "mode": "error"})
    failed = _sms(http, to="13802761234", content="x")
    garbage = _sms(http, to="13802761234", content="x")
    http.post("/_faults", json={"system": "sms", "mode": "down"})
    down = _sms(http, to="13802761234", content="x")
    http.post("/_faults", json={"system": "sms", "mode": "ok"})
    restored = _sms(http, to="13802761234", content="x")

    assert switched.json() == {
        "gateways": {"sms": {"mode": "error", "delay": 30.0, "latency_ms": 0}}
    }
    assert failed.status_code == 500
    assert garbage.status_code == 200
    assert not garbage.content.startswith(b"{")
    assert down.status_code == 503
    assert restored.status_code == 200
    assert http.get("/_sms").json()["count"] == 1


def test_a_gateway_drill_leaves_the_department_systems_alone(http: httpx.Client) -> None:
    http.post("/_faults", json={"system": "sms", "mode": "down"})

    health = http.get("/_health").json()

    assert set(health["systems"].values()) == {"ok"}
    assert "sms" not in health["systems"]


def test_a_wechat_subscription_message_is_delivered_once_per_client_msg_id(
    http: httpx.Client,
) -> None:
    first = http.post(WECHAT, json=_wechat_body())
    again = http.post(WECHAT, json=_wechat_body())

    received = http.get("/_wechat", params={"to": OPENID}).json()

    assert first.json()["errcode"] == 0
    assert first.json()["msgid"] == again.json()["msgid"]
    assert received["count"] == 1
    assert received["items"][0]["title"] == "办件已受理"
    assert received["items"][0]["content"] == "您申请的…已受理"


def test_wechat_answers_its_own_error_codes(http: httpx.Client) -> None:
    token = http.post(WECHAT.replace("onedoor-wechat-demo-key", "stale"), json=_wechat_body())
    openid = http.post(WECHAT, json=_wechat_body(touser="13802761234"))
    template = http.post(WECHAT, json=_wechat_body(template_id=""))
    data = http.post(WECHAT, json=_wechat_body(data={"thing1": "no value"}))

    codes = [r.json()["errcode"] for r in (token, openid, template, data)]

    assert codes == [40001, 40003, 40037, 47003]
    assert http.get("/_wechat").json()["count"] == 0


def test_reset_forgets_what_the_gateways_received(http: httpx.Client) -> None:
    _sms(http, to="13802761234", content="x")

    http.post("/_reset")

    assert http.get("/_sms").json()["count"] == 0


def test_keys_in_clients_json_replace_the_demo_key(sandbox: RunningSandbox) -> None:
    from onedoor.sandbox.app import make_app
    from onedoor.sandbox.web import Request

    folder = sandbox.data_dir.parent / "configured"
    folder.mkdir()
    (folder / "clients.json").write_text(
        json.dumps({"clients": {"onedoor": {"sms": "district-key"}}}), encoding="utf-8"
    )
    app = make_app(folder)

    def send(key: str) -> int:
        body = json.dumps({"to": "13802761234", "content": "x"}).encode()
        request = Request("POST", "/sms/send", {}, {"x-api-key": key}, body)
        return app.dispatch(request).status

    assert send("district-key") == 200
    assert send("onedoor-sms-demo-key") == 401
