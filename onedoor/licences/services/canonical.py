"""The canonical form of a licence: the exact bytes its e-seal signs.

Deterministic JSON (sorted keys, no spaces, UTF-8, no ASCII escaping) of the licence's number,
type code, holder identifier, fields, issue time (UTC, whole seconds), validity end, issuer code
and key id. Any change to one of them in the database after signing makes verification fail.
Covering the key id stops anyone from presenting the signature as made by another key.
"""

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onedoor.licences.models import Licence


def as_datetime(value: dt.datetime | str) -> dt.datetime:
    """A timestamp as a database driver returns it: aware, or naive UTC text from SQLite."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def as_date(value: dt.date | str | None) -> dt.date | None:
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def format_issued_at(issued_at: dt.datetime) -> str:
    return issued_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_form(
    *,
    number: str,
    type_code: str,
    holder_id: str,
    fields: dict[str, Any],
    issued_at: dt.datetime,
    valid_until: dt.date | None,
    issuer_code: str,
    key_id: str,
) -> bytes:
    document = {
        "number": number,
        "type": type_code,
        "holder": holder_id,
        "fields": fields,
        "issued_at": format_issued_at(issued_at),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "issuer": issuer_code,
        "key_id": key_id,
    }
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def licence_canonical_form(licence: "Licence") -> bytes:
    """The canonical form of a licence as it is stored now."""
    return canonical_form(
        number=licence.number,
        type_code=licence.licence_type.code,
        holder_id=licence.holder_identifier,
        fields=licence.fields,
        issued_at=licence.issued_at,
        valid_until=licence.valid_until,
        issuer_code=licence.issuer.code,
        key_id=licence.key_id,
    )
