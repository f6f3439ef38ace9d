"""What every connector is made of: its settings, one question's HTTP conversation, the registry.

A connector speaks one department system's own API (its authentication, requests, answers and
"not found") and turns the answer into yes or no. Anything else (refused connection, timeout,
5xx, an answer that does not parse, refused credentials) is an ``ExchangeFailure``, which the
verification service turns into "unknown". Connectors hold no business rules and no database
access: their settings are handed to them, so they can run in worker threads.
"""

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onedoor.core.plugins import ConfigProblem, Registry
from onedoor.exchange.choices import ErrorKind
from onedoor.exchange.services.pool import client_for

# A retry after a refused or dropped connection waits this long, if the deadline allows it.
RETRY_PAUSE_SECONDS = 0.05
_RETRIABLE = (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


@dataclass(frozen=True, slots=True)
class ConnectorSettings:
    """A connector's configuration, read from ``ConnectorConfig`` in the caller's thread."""

    system: str
    base_url: str
    credentials: Mapping[str, Any] = field(default_factory=dict)
    timeout_seconds: float = 3.0
    enabled: bool = True

    def credential(self, name: str) -> str:
        value = self.credentials.get(name)
        return "" if value is None else str(value)


class ExchangeFailure(Exception):
    """The system could not be asked, or did not answer the question: the answer is unknown."""

    def __init__(self, kind: ErrorKind, reason: str = "") -> None:
        self.kind = kind
        # A short technical reason for administrators; never a person's data.
        self.reason = reason
        super().__init__(f"{kind}: {reason}" if reason else str(kind))


class Call:
    """One question's conversation with a system: every request shares one deadline.

    The SHA-256 digests of what was sent (method, URL, body) and received (status, body) go into
    the exchange log. Secrets are never in them: credentials travel in headers, which are not
    digested, or a connector hands over a redacted body to digest instead.
    """

    def __init__(
        self, client: httpx.Client, settings: ConnectorSettings, *, deadline: float | None = None
    ) -> None:
        self.client = client
        self.settings = settings
        self.deadline = (
            deadline if deadline is not None else time.monotonic() + settings.timeout_seconds
        )
        self._sent = hashlib.sha256()
        self._received = hashlib.sha256()
        self._digested = False

    @property
    def request_hash(self) -> str:
        return self._sent.hexdigest() if self._digested else ""

    @property
    def response_hash(self) -> str:
        return self._received.hexdigest() if self._digested else ""

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def request(
        self, method: str, path: str, *, digest_as: bytes | None = None, **kwargs: Any
    ) -> httpx.Response:
        """Send one request within the deadline; 5xx and transport errors raise."""
        url = self.settings.base_url.rstrip("/") + path
        try:
            request = self.client.build_request(method, url, **kwargs)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise ExchangeFailure(ErrorKind.CONNECTION, type(exc).__name__) from None
        self._digested = True
        self._sent.update(f"{request.method} {request.url}\n".encode())
        self._sent.update(request.content if digest_as is None else digest_as)
        response = self._send(request)
        self._received.update(f"{response.status_code}\n".encode())
        self._received.update(response.content)
        if response.status_code >= 500:
            raise ExchangeFailure(ErrorKind.SERVER_ERROR, f"HTTP {response.status_code}")
        return response

    def _send(self, request: httpx.Request) -> httpx.Response:
        """Send, retrying once, quickly, after a refused or dropped connection."""
        for attempt in (1, 2):
            timeout = self.remaining()
            if timeout <= 0:
                raise ExchangeFailure(ErrorKind.TIMEOUT, "deadline passed")
            request.extensions["timeout"] = httpx.Timeout(timeout).as_dict()
            try:
                return self.client.send(request)
            except httpx.TimeoutException:
                raise ExchangeFailure(
                    ErrorKind.TIMEOUT, f"no answer within {timeout:.2f} s"
                ) from None
            except _RETRIABLE as exc:
                if attempt == 1 and self.remaining() > RETRY_PAUSE_SECONDS * 2:
                    time.sleep(RETRY_PAUSE_SECONDS)
                    continue
                raise ExchangeFailure(ErrorKind.CONNECTION, type(exc).__name__) from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise ExchangeFailure(ErrorKind.CONNECTION, type(exc).__name__) from None
        raise AssertionError("unreachable")  # pragma: no cover


def read_json(response: httpx.Response) -> dict[str, Any]:
    """The JSON object in the body; anything else is a bad response."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ExchangeFailure(
            ErrorKind.BAD_RESPONSE, f"HTTP {response.status_code}, no JSON object"
        )
    return body


def refused_credentials(reason: str) -> ExchangeFailure:
    return ExchangeFailure(ErrorKind.CREDENTIALS, reason)


def rejected(reason: str) -> ExchangeFailure:
    return ExchangeFailure(ErrorKind.REJECTED, reason)


# What the health page says about each kind of failure found by a probe.
PROBLEMS: dict[str, tuple[str | Promise, str | Promise]] = {
    ErrorKind.CONNECTION: (_("无法连接该系统"), _("检查接口地址和网络")),
    ErrorKind.TIMEOUT: (_("该系统在超时时间内没有答复"), _("检查对方系统是否繁忙，或适当加大超时")),
    ErrorKind.SERVER_ERROR: (_("该系统答复服务器错误"), _("联系对方系统的运维人员")),
    ErrorKind.BAD_RESPONSE: (_("该系统的答复无法解析"), _("检查接口地址是否指向正确的系统")),
    ErrorKind.CREDENTIALS: (_("该系统拒绝了凭据"), _("检查客户端标识与密钥，以及本机时钟")),
    ErrorKind.REJECTED: (_("该系统拒绝了请求"), _("检查接口地址与接口版本")),
}


class Connector:
    """A department system's connector; subclasses register with ``@connectors.register(code)``."""

    plugin_id: str = ""
    verbose_name: str | Promise = ""
    facts: frozenset[str] = frozenset()
    credential_fields: tuple[str, ...] = ()
    secret_fields: frozenset[str] = frozenset()

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        """The credentials of a demo client in this system's style (docs/sandbox.md)."""
        raise NotImplementedError

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        """Whether ``fact`` holds for ``subject``; raises ``ExchangeFailure`` when unknown."""
        raise NotImplementedError

    def probe(self, call: Call) -> None:
        """A cheap request that proves the system answers and accepts the credentials."""
        raise NotImplementedError

    def check_config(self) -> list[ConfigProblem]:
        """What stops this connector from working, read from its ``ConnectorConfig``."""
        from onedoor.exchange.queries import get_connector_settings

        settings = get_connector_settings([self.plugin_id]).get(self.plugin_id)
        if settings is None:
            return [ConfigProblem(str(_("尚未配置该系统的接口")), str(_("在管理后台添加接口配置")))]
        return self.check(settings)

    def check(self, settings: ConnectorSettings) -> list[ConfigProblem]:
        """The problems of these settings: missing values, then a probe of the system."""
        problems = []
        if not settings.base_url:
            problems.append(ConfigProblem(str(_("缺少接口地址")), str(_("填写该系统接口的根地址"))))
        missing = [name for name in self.credential_fields if not settings.credential(name)]
        if missing:
            problems.append(
                ConfigProblem(
                    str(_("缺少凭据：%(fields)s") % {"fields": ", ".join(missing)}),
                    str(_("按该系统的认证方式填写凭据")),
                )
            )
        if problems:
            return problems
        call = Call(client_for(self.plugin_id), settings)
        try:
            self.probe(call)
        except ExchangeFailure as failure:
            return [problem_for(failure)]
        except Exception as exc:  # a malformed answer must not break the health page
            return [problem_for(ExchangeFailure(ErrorKind.BAD_RESPONSE, type(exc).__name__))]
        return []


def problem_for(failure: ExchangeFailure) -> ConfigProblem:
    message, hint = PROBLEMS.get(failure.kind, (_("无法核验"), ""))
    detail = f"（{failure.reason}）" if failure.reason else ""
    return ConfigProblem(f"{message}{detail}", str(hint))


connectors: Registry[Connector] = Registry("connector")
