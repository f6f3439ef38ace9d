"""Reading a ``POST /_seed`` body into rows of the data store.

A section a person lacks (or sends as null) means that system holds no record of them. The
happy path builds no strings: a 10,000-person batch is read in a fraction of a second, and the
place of a bad value is only worked out when there is one.
"""

import datetime as dt
import re
from typing import Any

from onedoor.sandbox.records import PERSON_SECTIONS, SCHOOL_FIELDS, Field
from onedoor.sandbox.store import SeedBatch

TOP_KEYS = frozenset({"persons", "organisations", "schools"})
SEXES = frozenset({"male", "female"})
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_KEY_LENGTH = 32
TAX = (Field("arrears", "bool"),)
SECTIONS = tuple(PERSON_SECTIONS.items())


class SeedError(ValueError):
    """The seed body is not what docs/sandbox.md describes; the message says where."""


class _Invalid(ValueError):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem

    def inside(self, prefix: str) -> "_Invalid":
        return _Invalid(f"{prefix}{self.where}" if self.where else prefix, self.problem)


def read_seed(body: Any) -> SeedBatch:
    """The batch to write for a seed body; raises SeedError naming the first bad value."""
    if not isinstance(body, dict):
        raise SeedError("the body must be a JSON object with 'persons' and/or 'organisations'")
    unknown = sorted(set(body) - TOP_KEYS)
    if unknown:
        raise SeedError(f"unknown key {unknown[0]!r}: expected persons, organisations, schools")
    batch = SeedBatch()
    for key, read, rows in (
        ("persons", _person, batch.persons),
        ("organisations", _organisation, batch.organisations),
        ("schools", _school, batch.schools),
    ):
        for index, item in enumerate(_list(body, key)):
            try:
                rows.append(read(item))
            except _Invalid as exc:
                raise SeedError(str(exc.inside(f"{key}[{index}]"))) from None
    return batch


def _person(person: Any) -> tuple[Any, ...]:
    person = _object(person)
    row = [
        _key(person, "id_number"),
        _text(person.get("name"), ".name"),
        _date(person.get("birth_date")),
        _sex(person.get("sex")),
    ]
    for section, fields in SECTIONS:
        values = person.get(section)
        if values is None:
            row.extend([None] * len(fields))
        else:
            try:
                row.extend(_values(_object(values), fields))
            except _Invalid as exc:
                raise exc.inside(f".{section}") from None
    return tuple(row)


def _organisation(organisation: Any) -> tuple[Any, ...]:
    organisation = _object(organisation)
    registered = organisation.get("registered", True)
    if not isinstance(registered, bool):
        raise _Invalid(".registered", "must be true or false")
    representative = organisation.get("legal_representative")
    if representative is not None:
        representative = _text(representative, ".legal_representative").upper()
    tax = organisation.get("tax")
    try:
        arrears = None if tax is None else _values(_object(tax), TAX)[0]
    except _Invalid as exc:
        raise exc.inside(".tax") from None
    return (
        _key(organisation, "uscc"),
        _text(organisation.get("name"), ".name"),
        int(registered),
        representative,
        arrears,
    )


def _school(school: Any) -> tuple[Any, ...]:
    return tuple(_values(_object(school), SCHOOL_FIELDS))


def _values(values: dict[str, Any], fields: tuple[Field, ...]) -> list[Any]:
    return [_value(values.get(field.name), field) for field in fields]


def _value(value: Any, field: Field) -> Any:
    kind = field.kind
    if value is None:
        if field.required:
            raise _Invalid(f".{field.name}", "is required")
        return int(field.default) if isinstance(field.default, bool) else field.default
    if kind == "bool":
        if value is True or value is False:
            return int(value)
        raise _Invalid(f".{field.name}", "must be true or false")
    if kind == "text":
        return _text(value, f".{field.name}")
    is_number = type(value) is int or (kind == "number" and type(value) is float)
    if is_number and value >= 0:
        return value
    wanted = "a whole number" if kind == "int" else "a number"
    raise _Invalid(f".{field.name}", f"must be {wanted}, 0 or more")


def _list(body: dict[str, Any], key: str) -> list[Any]:
    value = body.get(key, [])
    if not isinstance(value, list):
        raise SeedError(f"{key}: must be a list")
    return value


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid("", "must be an object")
    return value


def _key(values: dict[str, Any], name: str) -> str:
    key = _text(values.get(name), f".{name}").upper()
    if len(key) > MAX_KEY_LENGTH:
        raise _Invalid(f".{name}", f"is longer than {MAX_KEY_LENGTH} characters")
    return key


def _text(value: Any, where: str) -> str:
    if type(value) is not str or not value.strip():
        raise _Invalid(where, "must be a non-empty string")
    return value.strip()


def _date(value: Any) -> str | None:
    if value is None:
        return None
    try:
        if not DATE_PATTERN.fullmatch(value):
            raise ValueError(value)
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _Invalid(".birth_date", "must be a date YYYY-MM-DD") from None
    return str(value)


def _sex(value: Any) -> str | None:
    if value is not None and (type(value) is not str or value not in SEXES):
        raise _Invalid(".sex", "must be 'male' or 'female'")
    return None if value is None else str(value)
