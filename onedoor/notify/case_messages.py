"""The messages a case sends its applicant: acceptance, notice, tolerant acceptance, refusal,
return, decision and an overdue commitment. The case actions call these inside their
transactions, one call per event.

Who is told: a person applicant and their agent; for an organisation, its legal representative
and the agent. When an agent acts for a person who has no phone of their own (a guardian for a
child), only the agent is told. Each message's dedupe key is ``case:<number>:<event>[:<n>]``
with the recipient's role, so a retried event never tells anyone twice.
"""

import datetime as dt
import functools
import hashlib
from typing import Any

from onedoor.cases.choices import CommitmentKind, Decision, MaterialState, Outcome
from onedoor.cases.models import Case, ReviewTask
from onedoor.notify.actions import MessageSpec, enqueue_messages
from onedoor.notify.models import Message
from onedoor.notify.services.addressing import is_phone
from onedoor.registry.models import Organisation, Person

OUTCOME_TEMPLATES = {
    Outcome.ACCEPTED: "case_accepted",
    Outcome.TOLERANT: "case_tolerant",
    Outcome.NOTICE: "case_notice",
    Outcome.REFUSED: "case_refused",
    Outcome.DECIDED: "case_decided_approved",
}


def case_recipients(case: Case) -> list[tuple[str, Person]]:
    """Who a case's messages go to, by role, each person once (two queries at most)."""
    wanted = {pk for pk in (case.applicant_person_id, case.agent_id) if pk}
    persons = {
        p.pk: p
        for p in [_cached(case, "applicant_person"), _cached(case, "agent")]
        if p is not None
    }
    if wanted - persons.keys():
        persons.update(Person.objects.in_bulk(list(wanted - persons.keys())))
    agent = persons.get(case.agent_id) if case.agent_id else None
    found: list[tuple[str, Person]] = []
    if case.applicant_person_id:
        applicant = persons[case.applicant_person_id]
        if agent is None or is_phone(applicant.phone):
            found.append(("applicant", applicant))
    elif case.applicant_organisation_id:
        representative = _representative(case)
        if representative is not None:
            found.append(("representative", representative))
    if agent is not None and agent.pk not in {person.pk for _role, person in found}:
        found.append(("agent", agent))
    return found


def _cached(case: Case, field: str) -> Any:
    """The related object when the case already holds it; None rather than a query."""
    descriptor = getattr(Case, field)
    return getattr(case, field) if descriptor.is_cached(case) else None


def _representative(case: Case) -> Person | None:
    organisation = _cached(case, "applicant_organisation")
    if case.applicant_organisation_id is None:
        return None
    if organisation is None or not Organisation.legal_representative.is_cached(organisation):
        organisation = (
            Organisation.objects.select_related("legal_representative")
            .filter(pk=case.applicant_organisation_id)
            .first()
        )
    return organisation.legal_representative if organisation is not None else None


def _tell(
    case: Case, *, actor: Any, event: str, template: str, new_case: bool = False, **context: Any
) -> list[Message]:
    context = {"case_number": case.number, "matter": case.name, **context}
    specs = [
        MessageSpec(
            template=template,
            context=context,
            dedupe_key=f"case:{case.number}:{event}:{role}",
            recipient=person,
            case_number=case.number,
        )
        for role, person in case_recipients(case)
    ]
    return enqueue_messages(actor=actor, specs=specs, new_keys=new_case) if specs else []


def _material_names(case: Case, **filters: Any) -> list[str]:
    # All of the case's lines, sifted here: a case just submitted holds them (no query).
    lines = sorted(case.materials.all(), key=lambda m: m.order)
    return [m.name for m in lines if all(getattr(m, k) == v for k, v in filters.items())]


def _deadline(day: dt.date | None) -> str:
    return day.isoformat() if day else "-"


def tell_outcome(case: Case, *, actor: Any, new_case: bool = False) -> list[Message]:
    """The outcome of a submission, or of a supplement to a one-time notice.

    ``new_case``: the case is being submitted in the caller's transaction, so no message of
    it exists yet (none is looked for).
    """
    template = OUTCOME_TEMPLATES[Outcome(case.outcome)]
    tell = functools.partial(_tell, case, actor=actor, template=template, new_case=new_case)
    if case.outcome == Outcome.NOTICE:
        gaps = _material_names(case, state=MaterialState.MISSING)
        gaps += [str(c.get("message", "")) for c in case.unmet_conditions]
        # A second notice goes out only when the gaps have changed.
        digest = hashlib.sha256("\n".join(gaps).encode()).hexdigest()[:8]
        return tell(event=f"notice:{digest}", gaps=gaps)
    if case.outcome == Outcome.TOLERANT:
        commitments = _material_names(
            case, state=MaterialState.COMMITMENT, commitment=CommitmentKind.TOLERANT
        )
        return tell(event="tolerant", commitments=commitments, due_date=_deadline(case.deadline))
    if case.outcome == Outcome.REFUSED:
        reasons = [line for line in case.reasons.splitlines() if line.strip()]
        return tell(event="refused", reasons=reasons)
    if case.outcome == Outcome.DECIDED:
        return tell(event="decided")
    return tell(event="accepted", deadline=_deadline(case.deadline))


def tell_returned(case: Case, task: ReviewTask, *, actor: Any) -> list[Message]:
    """A department returned the case for more material (退回补正), with its opinion."""
    decided = task.decided_at.timestamp() if task.decided_at else 0
    return _tell(
        case,
        actor=actor,
        event=f"returned:{task.public_id}:{int(decided)}",
        template="case_returned",
        opinion=task.opinion,
    )


def tell_decided(case: Case, *, actor: Any) -> list[Message]:
    """The case is decided: approved (准予许可) or rejected (不予许可)."""
    template = (
        "case_decided_rejected" if case.decision == Decision.REJECTED else "case_decided_approved"
    )
    return _tell(case, actor=actor, event="decided", template=template)


def tell_commitment_overdue(
    number: str, *, code: str, material: str, due: dt.date
) -> list[Message]:
    """A material promised under tolerant acceptance is overdue (the clock sweep)."""
    case = Case.objects.filter(number=number).first()
    if case is None:
        return []
    return _tell(
        case,
        actor=None,
        event=f"supplement_due:{code}",
        template="case_supplement_due",
        commitments=[material],
        due_date=due.isoformat(),
    )
