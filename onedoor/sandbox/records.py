"""The shape of what the department systems hold about a person or an organisation.

A person is one row; each department's part of it is a section (``household``, ``marriage`` …)
stored in columns named ``<section>__<field>``. A section whose first column is NULL is a record
that department does not hold. One row per person keeps a 10,000-person seed batch to one insert
per person.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # bool, int, number, text
    required: bool = True
    default: Any = None


IDENTITY_COLUMNS = ("id_number", "name", "birth_date", "sex")

# The first field of every section is never NULL when the section is held.
PERSON_SECTIONS: dict[str, tuple[Field, ...]] = {
    "household": (Field("in_district", "bool"), Field("address", "text", False)),
    "residence_permit": (Field("years", "number"),),
    "property": (
        Field("owns_in_district", "bool", False, False),
        Field("rents_in_district", "bool", False, False),
    ),
    "social_insurance": (Field("months", "int"),),
    "marriage": (Field("married", "bool"), Field("spouse", "text", False)),
    "birth": (Field("registered", "bool"),),
    "vaccination": (Field("complete", "bool"),),
    "school": (Field("enrolled", "bool"), Field("school", "text", False)),
    "tax": (Field("arrears", "bool"),),
}
ORGANISATION_COLUMNS = ("uscc", "name", "registered", "legal_representative", "tax__arrears")
SCHOOL_FIELDS = (Field("code", "text"), Field("name", "text"), Field("capacity", "int"))

SQL_TYPES = {"bool": "INTEGER", "int": "INTEGER", "number": "REAL", "text": "TEXT"}


def column(section: str, field: Field) -> str:
    return f"{section}__{field.name}"


PERSON_COLUMNS = IDENTITY_COLUMNS + tuple(
    column(section, field) for section, fields in PERSON_SECTIONS.items() for field in fields
)


def person_table_sql() -> str:
    sections = ", ".join(
        f"{column(section, field)} {SQL_TYPES[field.kind]}"
        for section, fields in PERSON_SECTIONS.items()
        for field in fields
    )
    return (
        "CREATE TABLE IF NOT EXISTS person (id_number TEXT PRIMARY KEY, name TEXT NOT NULL,"
        f" birth_date TEXT, sex TEXT, {sections})"
    )


def section_of(person: dict[str, Any] | None, section: str) -> dict[str, Any] | None:
    """The section's fields (and the person's identity), or None when it is not held."""
    if person is None:
        return None
    fields = PERSON_SECTIONS[section]
    if person[column(section, fields[0])] is None:
        return None
    identity = {name: person[name] for name in IDENTITY_COLUMNS}
    return identity | {field.name: person[column(section, field)] for field in fields}
