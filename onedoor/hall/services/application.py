"""An online application as the hall shows it: what the system already has, what is asked.

The checklist and the form come from the same reads the window uses
(``onedoor.workbench.queries.window_application``), so a matter applies alike at a window and
online; the hall only decides how a citizen answers each gap: upload a file, promise it
(容缺 or 告知承诺) where the matter allows, or leave it for later (a one-time notice follows).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onedoor.registry.models import Organisation, Person
from onedoor.workbench.queries import WindowApplication, WindowMaterial, licences_on_file

UPLOAD, COMMITMENT, LATER = "upload", "commitment", "later"
REUSED, VERIFIED = "reused", "verified"


@dataclass(frozen=True, slots=True)
class MaterialRow:
    """One material of the application and what the system does about it."""

    material: WindowMaterial
    automatic: str  # reused, verified, or "" for a gap the citizen answers
    licence: str = ""  # the licence on file that is reused

    @property
    def is_gap(self) -> bool:
        return not self.automatic

    @property
    def handlings(self) -> tuple[str, ...]:
        if not self.is_gap:
            return ()
        if self.material.commitment_allowed:
            return (UPLOAD, COMMITMENT, LATER)
        return (UPLOAD, LATER)

    @property
    def default_handling(self) -> str:
        # Non-key materials may follow later on a written promise (容缺); key ones are uploaded.
        if not self.material.key and self.material.commitment_allowed:
            return COMMITMENT
        return UPLOAD


def material_rows(
    app: WindowApplication, applicant: Person | Organisation, citizen: Person
) -> list[MaterialRow]:
    """The checklist: licences on file (the applicant's or the citizen's) are reused, facts a
    department system confirms are verified, everything else is a gap the citizen answers."""
    holders: list[Person | Organisation] = [applicant]
    if citizen.pk != applicant.pk or isinstance(applicant, Organisation):
        holders.append(citizen)
    types = {m.licence_type for m in app.materials if m.licence_type}
    on_file = licences_on_file(holders, types)
    rows = []
    for material in app.materials:
        if material.licence_type and material.licence_type in on_file:
            rows.append(MaterialRow(material, REUSED, on_file[material.licence_type]))
        elif material.verifiable:
            rows.append(MaterialRow(material, VERIFIED))
        else:
            rows.append(MaterialRow(material, ""))
    return rows


# Form fields the registry can fill in, by the name matters give them: (whose, what).
_PREFILL: dict[str, tuple[str, str]] = {
    "child_name": ("applicant_person", "name"),
    "child_birth_date": ("applicant_person", "birth_date"),
    "child_sex": ("applicant_person", "sex"),
    "residence_address": ("applicant_any_person", "residence_address"),
    "guardian_phone": ("citizen", "phone"),
    "contact_phone": ("citizen", "phone"),
    "tax_officer_phone": ("citizen", "phone"),
    "premises_address": ("applicant_organisation", "address"),
    "domicile": ("applicant_organisation", "address"),
}


def prefill(
    field_names: list[str], applicant: Person | Organisation, citizen: Person
) -> dict[str, Any]:
    """Initial values of the form from the registry (name, birth date, address, phone …).

    A child's own fields are filled only when the application is for someone else, as the
    names say; values are JSON-ready (dates as ``YYYY-MM-DD``).
    """
    sources: Mapping[str, Any] = {
        "citizen": citizen,
        "applicant_person": applicant
        if isinstance(applicant, Person) and applicant.pk != citizen.pk
        else None,
        "applicant_any_person": applicant if isinstance(applicant, Person) else None,
        "applicant_organisation": applicant if isinstance(applicant, Organisation) else None,
    }
    values: dict[str, Any] = {}
    for name in field_names:
        whose, attribute = _PREFILL.get(name, ("", ""))
        source = sources.get(whose)
        value = getattr(source, attribute, None) if source is not None else None
        if isinstance(value, dt.date):
            value = value.isoformat()
        if value not in (None, ""):
            values[name] = value
    return values
