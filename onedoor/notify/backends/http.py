"""Backends that call a provider over HTTP: an SMS gateway and WeChat subscription messages.

Each call has a timeout; a refused connection, a timeout, a 5xx or an answer that does not
parse is a temporary failure (retried with backoff); a refusal of the address is permanent. The
message id travels as the provider's idempotency reference, so a retry after an answer that was
lost never makes the provider send twice.
"""

import threading
from typing import Any

import httpx
from django.conf import settings

from onedoor.core.plugins import ConfigProblem
from onedoor.notify.backends.base import BACKENDS, DeliveryFailure, OutgoingMessage
from onedoor.notify.choices import Channel

USER_AGENT = "OneDoor-notify/1"
_client: httpx.Client | None = None
_lock = threading.Lock()


def client() -> httpx.Client:
    """The process's pooled HTTP client for providers (thread-safe, keep-alive)."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                _client = httpx.Client(
                    headers={"User-Agent": USER_AGENT},
                    follow_redirects=False,
                    limits=httpx.Limits(max_connections=16, max_keepalive_connections=4),
                )
    return _client


def post_json(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    """POST ``body``; the answer's status and JSON; transport failures are temporary."""
    try:
        response = client().post(
            url, json=body, headers=headers or {}, timeout=settings.NOTIFY_TIMEOUT_SECONDS
        )
    except httpx.TimeoutException:
        raise DeliveryFailure("timeout") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise DeliveryFailure(f"connection: {type(exc).__name__}") from None
    if response.status_code >= 500:
        raise DeliveryFailure(f"HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        answer = None
    return response.status_code, answer


def _provider_problems(
    url: str, url_variable: str, secret: str, secret_variable: str, no_secret: str
) -> list[ConfigProblem]:
    """What keeps a provider from being called: its address is not http(s), or it has no secret."""
    problems = []
    if not url.startswith(("http://", "https://")):
        problems.append(
            ConfigProblem(f"{url_variable} is not an http(s) address", f"set {url_variable}")
        )
    if not secret:
        problems.append(ConfigProblem(no_secret, f"set {secret_variable}"))
    return problems


@BACKENDS.register("sms_http")
class SmsHttpBackend:
    """An SMS gateway: ``POST <url>/send`` with ``X-Api-Key``; the sandbox's in tests and demo."""

    plugin_id = "sms_http"
    verbose_name = "SMS gateway (HTTP)"
    channels = frozenset({Channel.SMS.value})

    def check_config(self) -> list[ConfigProblem]:
        return _provider_problems(
            settings.NOTIFY_SMS_URL,
            "ONEDOOR_NOTIFY_SMS_URL",
            settings.NOTIFY_SMS_KEY,
            "ONEDOOR_NOTIFY_SMS_KEY",
            "no SMS gateway key",
        )

    def send(self, message: OutgoingMessage) -> str:
        status, answer = post_json(
            f"{settings.NOTIFY_SMS_URL}/send",
            {"to": message.address, "content": message.body, "reference": message.id},
            headers={"X-Api-Key": settings.NOTIFY_SMS_KEY},
        )
        error = answer.get("error") if isinstance(answer, dict) else None
        if status in (200, 201) and isinstance(answer, dict) and answer.get("id"):
            return str(answer["id"])[:100]
        code = str(error.get("code", "")) if isinstance(error, dict) else ""
        # 400: the gateway refuses the number or the content; trying again cannot help.
        raise DeliveryFailure(f"HTTP {status} {code}".strip(), permanent=status == 400)


# WeChat's errcodes after which the same message can never be delivered.
WECHAT_PERMANENT = {40003: "invalid openid", 43101: "user refused the subscription"}


@BACKENDS.register("wechat")
class WechatBackend:
    """WeChat subscription messages (订阅消息): ``POST <url>/cgi-bin/message/subscribe/send``."""

    plugin_id = "wechat"
    verbose_name = "WeChat subscription message"
    channels = frozenset({Channel.WECHAT.value})

    def check_config(self) -> list[ConfigProblem]:
        return _provider_problems(
            settings.NOTIFY_WECHAT_URL,
            "ONEDOOR_NOTIFY_WECHAT_URL",
            settings.NOTIFY_WECHAT_TOKEN,
            "ONEDOOR_NOTIFY_WECHAT_TOKEN",
            "no access token",
        )

    def send(self, message: OutgoingMessage) -> str:
        page = f"pages/cases/detail?number={message.case_number}" if message.case_number else ""
        status, answer = post_json(
            f"{settings.NOTIFY_WECHAT_URL}/cgi-bin/message/subscribe/send"
            f"?access_token={settings.NOTIFY_WECHAT_TOKEN}",
            {
                "touser": message.address,
                "template_id": settings.NOTIFY_WECHAT_TEMPLATE,
                "page": page,
                "data": {"thing1": {"value": message.subject}, "thing2": {"value": message.body}},
                "client_msg_id": message.id,
            },
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("errcode", 0), int):
            raise DeliveryFailure(f"HTTP {status}, no JSON answer")
        errcode = int(answer.get("errcode", 0))
        if status == 200 and errcode == 0 and answer.get("msgid"):
            return str(answer["msgid"])[:100]
        reason = WECHAT_PERMANENT.get(errcode, str(answer.get("errmsg", ""))[:100])
        raise DeliveryFailure(
            f"HTTP {status} errcode {errcode}: {reason}", permanent=errcode in WECHAT_PERMANENT
        )
