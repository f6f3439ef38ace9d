"""不动产登记 (housing): the property register.

One form-encoded ``POST /query``, signed with an HMAC-SHA256 ``sign`` of every other parameter
sorted by name; XML answers with a business ``code``: "0" answered, "2004" nothing on this
person, "1001"–"1003" the client, clock or signature refused.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext_lazy as _

from onedoor.exchange.choices import ErrorKind
from onedoor.exchange.connectors.base import (
    Call,
    Connector,
    ExchangeFailure,
    connectors,
    refused_credentials,
    rejected,
)

QUERY_TYPES = {"property.owns_in_district": "ownership", "property.rents_in_district": "lease"}
ANSWERED, NOTHING_ON_PERSON, BAD_PARAMETER = "0", "2004", "1000"
REFUSALS = {"1001", "1002", "1003"}


def sign(params: Mapping[str, str], secret: str) -> str:
    text = "&".join(f"{name}={params[name]}" for name in sorted(params))
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


@connectors.register("housing")
class HousingConnector(Connector):
    verbose_name = _("不动产登记系统")
    facts = frozenset(QUERY_TYPES)
    credential_fields = ("client_id", "secret")
    secret_fields = frozenset({"secret"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"client_id": client_id, "secret": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact not in QUERY_TYPES:
            raise rejected(f"housing does not answer {fact}")
        status, root = self._query(call, {"idNo": subject, "queryType": QUERY_TYPES[fact]})
        code = root.findtext("code")
        if code == NOTHING_ON_PERSON:
            return False
        if code != ANSWERED:
            raise rejected(f"HTTP {status}, code {code}")
        return root.findtext("data/exists") == "true"

    def probe(self, call: Call) -> None:
        # A signed query without idNo passes the signature check, then is refused as incomplete.
        status, root = self._query(call, {})
        if root.findtext("code") != BAD_PARAMETER:
            raise rejected(f"HTTP {status}, code {root.findtext('code')}")

    def _query(self, call: Call, question: dict[str, str]) -> tuple[int, ElementTree.Element]:
        params = {
            "appKey": call.settings.credential("client_id"),
            "timestamp": str(int(time.time() * 1000)),
            "nonce": secrets.token_hex(8),
            **question,
        }
        params["sign"] = sign(params, call.settings.credential("secret"))
        response = call.request("POST", "/query", data=params)
        try:
            # The answer comes from a configured department system, and the standard library's
            # parser neither fetches external entities nor expands nested ones without limit.
            root = ElementTree.fromstring(response.content)  # noqa: S314
        except ElementTree.ParseError:
            raise ExchangeFailure(
                ErrorKind.BAD_RESPONSE, f"HTTP {response.status_code}, not XML"
            ) from None
        if response.status_code == 403 and root.findtext("code") in REFUSALS:
            raise refused_credentials(f"code {root.findtext('code')}")
        return response.status_code, root
