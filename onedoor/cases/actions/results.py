"""Results: on decision, each matter's result licence is issued and signed by its department."""

from typing import Any

from onedoor.cases.models import Case, CaseResult
from onedoor.cases.services.spec import ApplicationSpec
from onedoor.catalog.models import Department
from onedoor.core.db import insert_rows
from onedoor.licences.actions import issue_licence
from onedoor.licences.models import LicenceType


def issue_results(
    case: Case, spec: ApplicationSpec | None = None, *, actor: Any
) -> list[CaseResult]:
    """Issue one result per matter of an approved case; call inside the deciding transaction.

    A retry issues nothing twice: each licence's idempotency key is the case and the matter,
    and each result is unique per case and matter. ``spec`` (the application being decided
    on the spot) saves reading the licence types and departments again.
    """
    members = case.members
    types, departments = _types_and_issuers(members, spec)
    results = []
    for member in members:
        licence = None
        licence_type = types.get(member["result_licence_type"] or "")
        if licence_type is not None:
            licence = issue_licence(
                actor=actor,
                licence_type=licence_type,
                holder=case.applicant,  # type: ignore[arg-type]
                fields=_licence_fields(case, member),
                issuer=departments[member["department"]],
                case_number=case.number,
                idempotency_key=f"case:{case.number}:{member['code']}",
                channel=case.channel,
            )
        results.append(
            CaseResult(
                case=case, matter_code=member["code"], matter_name=member["name"], licence=licence
            )
        )
    # A case is decided once, under its row lock: none of its results exists yet.
    insert_rows(CaseResult, results)
    return results


def _types_and_issuers(
    members: list[dict[str, Any]], spec: ApplicationSpec | None
) -> tuple[dict[str, LicenceType], dict[str, Department]]:
    """The result licence types and issuing departments of the members, by code."""
    if spec is not None:
        versions = [m.version for m in spec.members]
        types = {
            v.result_licence_type.code: v.result_licence_type
            for v in versions
            if v.result_licence_type
        }
        departments = {v.department.code: v.department for v in versions}
        if all(m["department"] in departments for m in members) and all(
            m["result_licence_type"] in types for m in members if m["result_licence_type"]
        ):
            return types, departments
    types = LicenceType.objects.in_bulk(
        [m["result_licence_type"] for m in members if m["result_licence_type"]], field_name="code"
    )
    departments = Department.objects.in_bulk([m["department"] for m in members], field_name="code")
    return types, departments


def _licence_fields(case: Case, member: dict[str, Any]) -> dict[str, Any]:
    applicant = case.applicant
    fields: dict[str, Any] = {
        "matter": member["name"],
        "result": member.get("result_name") or member["name"],
        "holder_name": getattr(applicant, "name", ""),
        "case_number": case.number,
    }
    fields.update({k: v for k, v in case.form.items() if isinstance(v, str | int | bool)})
    return fields
