"""Resident ID numbers (GB 11643) and unified social credit codes (GB 32100).

python-stdnum does the checksums; this wrapper adds what the platform needs around it:
it never raises on odd input, accepts the residence permits of Hong Kong, Macao and Taiwan
residents and the foreigner's permanent residence card, and accepts an area code that existed
at any time (a number keeps the code in force at first registration, not always at birth, so
stdnum's birth-year check on area codes rejects real people).
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

from onedoor.core.errors import DomainError, ErrorCode


class IdKind(StrEnum):
    RESIDENT = "resident"
    HONG_KONG = "hong_kong"
    MACAO = "macao"
    TAIWAN = "taiwan"
    FOREIGNER = "foreigner"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


_PERMIT_AREAS = {"810000": IdKind.HONG_KONG, "820000": IdKind.MACAO, "830000": IdKind.TAIWAN}
# The earliest birth date a living person can carry; later dates than today are refused too.
_EARLIEST_BIRTH = dt.date(1880, 1, 1)


@dataclass(frozen=True, slots=True)
class IdNumber:
    value: str
    kind: IdKind
    area_code: str
    birth_date: dt.date
    sex: Sex

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)

    def age_on(self, day: dt.date) -> int:
        """Whole years of age on ``day``."""
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def _clean(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return "".join(value.split()).upper()


@lru_cache(maxsize=4096)
def _area_code_existed(code: str) -> bool:
    """Whether the area code appears in the register of codes, in force or abolished."""
    from stdnum import numdb

    try:
        results = numdb.get("cn/loc").info(code)
    except Exception:  # stdnum's data lookup has raised on odd keys; never let it escape
        return False
    return any("county" in props for _part, props in results)


def _birth_date(number: str) -> dt.date | None:
    try:
        day = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if day < _EARLIEST_BIRTH or day > dt.date.today():
        return None
    return day


def parse_id_number(value: object) -> IdNumber | None:
    """The parsed number, or None when it is not a valid ID number. Never raises."""
    number = _clean(value)
    if (
        len(number) != 18
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
        return None
    try:
        if ric.calc_check_digit(number) != number[17]:
            return None
    except Exception:
        return None
    birth = _birth_date(number)
    if birth is None:
        return None
    area = number[:6]
    if number[0] == "9":
        kind = IdKind.FOREIGNER
    elif area in _PERMIT_AREAS:
        kind = _PERMIT_AREAS[area]
    elif _area_code_existed(area):
        kind = IdKind.RESIDENT
    else:
        return None
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return IdNumber(value=number, kind=kind, area_code=area, birth_date=birth, sex=sex)


def is_valid_id_number(value: object) -> bool:
    return parse_id_number(value) is not None


def check_id_number(value: object) -> IdNumber:
    """The parsed number; raises ``invalid_id_number`` when it is not valid."""
    parsed = parse_id_number(value)
    if parsed is None:
        raise DomainError(
            ErrorCode.INVALID_ID_NUMBER,
            _("这不是有效的身份证件号码。"),
            details={"value": mask_id_number(_clean(value))},
        )
    return parsed


def mask_id_number(value: str) -> str:
    """``440604199001011234`` → ``4406**********1234``: enough for a person to recognise it."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def normalize_uscc(value: object) -> str | None:
    """The code in its compact form, or None when it is not a valid USCC. Never raises."""
    code = _clean(value)
    if len(code) != 18:
        return None
    try:
        return str(uscc.validate(code))
    except Exception:
        return None


def is_valid_uscc(value: object) -> bool:
    return normalize_uscc(value) is not None


def check_uscc(value: object) -> str:
    """The compact code; raises ``invalid_uscc`` when it is not valid."""
    code = normalize_uscc(value)
    if code is None:
        raise DomainError(
            ErrorCode.INVALID_USCC,
            _("这不是有效的统一社会信用代码。"),
            details={"value": _clean(value)[:32]},
        )
    return code


def make_id_number(area_code: str, birth_date: dt.date, sequence: int) -> str:
    """A valid ID number for synthetic people (demo, tests, scale seeding).

    ``sequence`` is 0–999; its parity gives the sex (odd male, even female).
    """
    body = f"{area_code}{birth_date:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_uscc(serial: int, *, area_code: str = "440604") -> str:
    """A valid unified social credit code for synthetic organisations."""
    org = f"{serial % 10**8:08d}"
    org_code = org + _org_check(org)
    body = f"91{area_code}{org_code}"
    return body + uscc.calc_check_digit(body)


def _org_check(org: str) -> str:
    # GB 11714 organisation code check digit: weights 3,7,9,10,5,8,4,2 mod 11.
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(org, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))
