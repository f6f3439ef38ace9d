"""``Call``: one question's requests share a deadline; a refused connection is retried once,
quickly; a 5xx or a timeout is not; what was sent and received is digested without secrets."""

import hashlib
import time
from typing import Any

import httpx
import pytest

from onedoor.exchange.choices import ErrorKind
from onedoor.exchange.connectors import Call, ConnectorSettings, ExchangeFailure, connectors

SETTINGS = ConnectorSettings(
    system="civil",
    base_url="http://civil.test/ws",
    credentials={"client_id": "onedoor", "client_key": "s3cret-key"},
    timeout_seconds=1.0,
)


def _client(*answers: Any) -> tuple[httpx.Client, list[httpx.Request]]:
    """A client whose transport plays ``answers`` in turn: an exception or a response."""
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handle)), seen


def test_a_refused_connection_is_retried_once() -> None:
    client, seen = _client(httpx.ConnectError("refused"), httpx.Response(200, text="ok"))

    response = Call(client, SETTINGS).request("GET", "/x")

    assert response.status_code == 200
    assert len(seen) == 2


def test_a_second_refusal_is_a_connection_failure() -> None:
    client, seen = _client(httpx.ConnectError("refused"), httpx.ConnectError("refused"))

    with pytest.raises(ExchangeFailure) as failed:
        Call(client, SETTINGS).request("GET", "/x")

    assert failed.value.kind == ErrorKind.CONNECTION
    assert len(seen) == 2


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (httpx.ReadTimeout("slow"), ErrorKind.TIMEOUT),
        (httpx.Response(503, text="<html>down</html>"), ErrorKind.SERVER_ERROR),
    ],
)
def test_timeouts_and_server_errors_are_not_retried(answer: Any, kind: ErrorKind) -> None:
    client, seen = _client(answer, httpx.Response(200))

    with pytest.raises(ExchangeFailure) as failed:
        Call(client, SETTINGS).request("GET", "/x")

    assert failed.value.kind == kind
    assert len(seen) == 1


def test_no_request_starts_after_the_deadline() -> None:
    client, seen = _client(httpx.Response(200))
    call = Call(client, SETTINGS, deadline=time.monotonic() - 0.01)

    with pytest.raises(ExchangeFailure) as failed:
        call.request("GET", "/x")

    assert failed.value.kind == ErrorKind.TIMEOUT
    assert seen == []


def test_each_request_gets_only_the_time_left() -> None:
    client, seen = _client(httpx.Response(200))

    Call(client, SETTINGS, deadline=time.monotonic() + 0.25).request("GET", "/x")

    assert 0 < seen[0].extensions["timeout"]["read"] <= 0.25


def test_the_soap_key_is_sent_but_never_digested() -> None:
    body = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        "<QueryMarriageStatusResponse><ResultCode>1</ResultCode></QueryMarriageStatusResponse>"
        "</soap:Body></soap:Envelope>"
    )
    client, seen = _client(httpx.Response(200, text=body))
    call = Call(client, SETTINGS)

    married = connectors.get("civil").ask(call, "marriage.married", "440604198503150024", {})

    sent = seen[0].content
    redacted = f"POST {seen[0].url}\n".encode() + sent.replace(b"s3cret-key", b"(redacted)")
    assert married is False
    assert b"s3cret-key" in sent
    assert call.request_hash == hashlib.sha256(redacted).hexdigest()
    assert call.response_hash == hashlib.sha256(b"200\n" + body.encode()).hexdigest()
