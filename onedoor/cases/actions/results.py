"""Results: on decision, each matter's result licence is issued and signed by its department."""

from typing import Any

from onedoor.cases.models import Case, CaseResult
from onedoor.cases.services.spec import ApplicationSpec
from onedoor.catalog.models import Department
from onedoor.licences.actions import issue_licence
from onedoor.licences.models import LicenceType


def issue_results(
    case: Case, spec: ApplicationSpec | None = None, *, actor: Any
) -> list[CaseResult]:
    """Issue one result per matter of an approved case; call inside the deciding transaction.

    A retry issues nothing twice: each licence's idempotency key is the case and the matter.
    """
    members = case.members
    types = LicenceType.objects.in_bulk(
        [m["result_licence_type"] for m in members if m["result_licence_type"]], field_name="code"
    )
    departments = Department.objects.in_bulk([m["department"] for m in members], field_name="code")
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
        result, _created = CaseResult.objects.get_or_create(
            case=case,
            matter_code=member["code"],
            defaults={"matter_name": member["name"], "licence": licence},
        )
        results.append(result)
    return results


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
