"""Case numbers: public, readable, unguessable, unique (a unique index backs them)."""

import datetime as dt
import secrets

from django.utils import timezone

# Crockford's base32 alphabet: no I, L, O or U to misread over the counter or the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_case_number(day: dt.date | None = None) -> str:
    """``20261128-K7Q3M9P``: the day of submission and seven random characters (35 bits)."""
    today = day or timezone.localdate()
    suffix = "".join(secrets.choice(_ALPHABET) for _ in range(7))
    return f"{today:%Y%m%d}-{suffix}"
