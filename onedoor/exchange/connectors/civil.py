"""民政婚姻登记 (civil): the marriage register, a SOAP 1.1 service.

``QueryMarriageStatus`` with the client id and key in the SOAP header. ``ResultCode`` "0" found
(``MaritalStatus`` 2x is married, GB/T 2261.2), "1" no marriage record; refusals are SOAP
faults, ``Client.Authentication`` for refused credentials.
"""

from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

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

ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" \
xmlns:mar="urn:onedoor:sandbox:civil:marriage">
<soap:Header><mar:Auth><mar:ClientId>{client}</mar:ClientId><mar:ClientKey>{key}</mar:ClientKey>\
</mar:Auth></soap:Header>
<soap:Body><mar:QueryMarriageStatus><mar:IdNumber>{id_number}</mar:IdNumber>\
</mar:QueryMarriageStatus></soap:Body>
</soap:Envelope>"""
HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "QueryMarriageStatus"}
FOUND, NO_RECORD = "0", "1"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _find(root: ElementTree.Element, name: str) -> ElementTree.Element | None:
    """The first element called ``name`` in any namespace."""
    return next((e for e in root.iter() if _local(e.tag) == name), None)


def _text(root: ElementTree.Element | None, name: str) -> str | None:
    if root is None:
        return None
    found = _find(root, name)
    return None if found is None else (found.text or "").strip()


@connectors.register("civil")
class CivilConnector(Connector):
    verbose_name = _("民政婚姻登记系统")
    facts = frozenset({"marriage.married"})
    credential_fields = ("client_id", "client_key")
    secret_fields = frozenset({"client_key"})

    def demo_credentials(self, client_id: str, key: str) -> dict[str, str]:
        return {"client_id": client_id, "client_key": key}

    def ask(self, call: Call, fact: str, subject: str, params: Mapping[str, Any]) -> bool:
        if fact != "marriage.married":
            raise rejected(f"civil does not answer {fact}")
        status, root = self._query(call, subject)
        answer = _find(root, "QueryMarriageStatusResponse")
        code = _text(answer, "ResultCode")
        if code == NO_RECORD:
            return False
        if code != FOUND:
            raise rejected(f"HTTP {status}, fault {_text(root, 'faultcode')}")
        return (_text(answer, "MaritalStatus") or "").startswith("2")

    def probe(self, call: Call) -> None:
        # Authenticated first, then refused for the missing IdNumber: a client fault, no record.
        status, root = self._query(call, "")
        if _text(root, "faultcode") is None or status != 400:
            raise rejected(f"HTTP {status}")

    def _query(self, call: Call, subject: str) -> tuple[int, ElementTree.Element]:
        client = escape(call.settings.credential("client_id"))
        envelope = ENVELOPE.format(
            client=client,
            key=escape(call.settings.credential("client_key")),
            id_number=escape(subject),
        )
        redacted = ENVELOPE.format(client=client, key="(redacted)", id_number=escape(subject))
        response = call.request(
            "POST",
            "/ws/MarriageService",
            content=envelope.encode(),
            headers=HEADERS,
            digest_as=redacted.encode(),
        )
        try:
            # A configured department system's answer; the standard library's parser neither
            # fetches external entities nor expands nested ones without limit.
            root = ElementTree.fromstring(response.content)  # noqa: S314
        except ElementTree.ParseError:
            raise ExchangeFailure(
                ErrorKind.BAD_RESPONSE, f"HTTP {response.status_code}, not XML"
            ) from None
        if (_text(root, "faultcode") or "").endswith("Client.Authentication"):
            raise refused_credentials("SOAP fault Client.Authentication")
        return response.status_code, root
