"""Signing in through the provincial identity platform (OpenID Connect), against a small
identity provider served on loopback for the test."""

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest

from onedoor.accounts.citizen import SESSION_KEY
from onedoor.core.identifiers import make_id_number
from onedoor.core.models import AuditEvent
from onedoor.registry.actions import register_person
from onedoor.registry.models import Person

pytestmark = pytest.mark.django_db

CLIENT_ID, SECRET = "onedoor-hall", "a-shared-secret-for-hs256-tokens"


class Provider:
    """What the identity provider will answer: the claims, and the key it signs with."""

    def __init__(self) -> None:
        self.claims: dict[str, Any] = {}
        self.nonce = ""
        self.key = SECRET
        self.token_requests: list[dict[str, list[str]]] = []


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _json(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # the token endpoint
            length = int(self.headers.get("Content-Length", 0))
            provider.token_requests.append(parse_qs(self.rfile.read(length).decode()))
            now = int(time.time())
            id_token = jwt.encode(
                {"iss": "idp", "aud": CLIENT_ID, "sub": provider.claims.get("sub", "s1"),
                 "nonce": provider.nonce, "iat": now, "exp": now + 300},
                provider.key,
                algorithm="HS256",
            )  # fmt: skip
            self._json({"access_token": "access-1", "token_type": "Bearer", "id_token": id_token})

        def do_GET(self) -> None:  # the userinfo endpoint
            self._json(provider.claims)

        def log_message(self, *args: Any) -> None:
            """Keep the test's output clean: the provider logs no requests."""

    return Handler


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    state = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_TIMEOUT = 5
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _go_and_come_back(client: Any, provider: Provider, next_path: str = "/me/") -> Any:
    """Start the sign-in, let the provider 'authenticate', and follow its redirect back."""
    start = client.get(f"/signin/oidc/?next={next_path}")
    assert start.status_code == 302
    asked = parse_qs(urlparse(start["Location"]).query)
    assert asked["client_id"] == [CLIENT_ID] and asked["code_challenge_method"] == ["S256"]
    provider.nonce = asked["nonce"][0]
    return client.get("/signin/oidc/callback/", {"code": "code-1", "state": asked["state"][0]})


@pytest.fixture
def resident() -> Person:
    return register_person(
        actor="test", id_number=make_id_number("440604", dt.date(1982, 2, 2), 75), name="何志坚"
    )


def test_the_platforms_id_number_claim_signs_in_the_registered_person(client, provider, resident):
    assert "使用广东省统一身份认证登录" in client.get("/signin/").content.decode()
    provider.claims = {"sub": "s1", "id_number": resident.id_number, "name": "何志坚"}

    response = _go_and_come_back(client, provider, "/me/data/")

    assert (response.status_code, response["Location"]) == (302, "/me/data/")
    assert client.session[SESSION_KEY]["id_number"] == resident.id_number
    assert provider.token_requests[0]["code_verifier"]  # PKCE
    event = AuditEvent.objects.get(action="accounts.signed_in")
    assert event.payload == {"method": "oidc"}


def test_a_person_new_to_the_registry_is_registered_on_first_sign_in(client, provider):
    id_number = make_id_number("440604", dt.date(1999, 9, 9), 33)
    provider.claims = {"sub": "s1", "id_number": id_number, "name": "新市民"}

    _go_and_come_back(client, provider)

    assert Person.objects.get(id_number=id_number).name == "新市民"
    assert client.session[SESSION_KEY]["id_number"] == id_number


@pytest.mark.parametrize(
    "claims",
    [{"sub": "s1", "name": "无证件号"}, {"sub": "s1", "id_number": "123", "name": "坏号码"}],
)
def test_without_a_valid_id_number_claim_nobody_is_signed_in(client, provider, claims):
    provider.claims = claims

    response = _go_and_come_back(client, provider)

    assert response["Location"] == "/signin/"
    assert SESSION_KEY not in client.session


def test_a_token_not_signed_by_the_platform_is_refused(client, provider, resident):
    provider.claims = {"sub": "s1", "id_number": resident.id_number}
    provider.key = "someone-else-s-secret-of-enough-length"

    response = _go_and_come_back(client, provider)

    assert response["Location"] == "/signin/"
    assert SESSION_KEY not in client.session


def test_a_callback_with_an_unknown_state_signs_nobody_in(client, provider, resident):
    provider.claims = {"sub": "s1", "id_number": resident.id_number}
    client.get("/signin/oidc/")

    response = client.get("/signin/oidc/callback/", {"code": "code-1", "state": "forged"})

    assert response["Location"] == "/signin/"
    assert SESSION_KEY not in client.session
    assert provider.token_requests == []
