"""Taking a case into review, or deciding an instant one, once it is complete."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from onedoor.cases.actions.clock import start_clock
from onedoor.cases.actions.results import issue_results
from onedoor.cases.actions.stages import open_stage
from onedoor.cases.choices import Outcome
from onedoor.cases.models import Case, CaseResult, ReviewTask
from onedoor.cases.services.assessment import Assessment
from onedoor.cases.services.spec import ApplicationSpec
from onedoor.core.audit import record_event


@dataclass
class Advanced:
    """What taking a case on wrote beside the case row."""

    tasks: list[ReviewTask] = field(default_factory=list)
    results: list[CaseResult] = field(default_factory=list)


ACCEPTANCE_FIELDS = [
    "accepted_at",
    "deadline",
    "statutory_deadline",
    "deadline_provisional",
    "clock_state",
]
DECISION_FIELDS = ["accepted_at", "decided_at", "decision"]


def settle(case: Case, spec: ApplicationSpec, today: dt.date) -> list[str]:
    """Set on the case, in memory, what acceptance (its clock) or an instant decision fixes;
    answers the fields set. A submission calls it before the case's first insert."""
    if case.outcome in (Outcome.ACCEPTED, Outcome.TOLERANT):
        case.accepted_at = timezone.now()
        start_clock(case, spec, today)
        return ACCEPTANCE_FIELDS
    if case.outcome == Outcome.DECIDED:
        case.accepted_at = case.decided_at = timezone.now()
        case.decision = "approved"
        return DECISION_FIELDS
    return []


def advance(
    case: Case,
    spec: ApplicationSpec,
    assessment: Assessment,
    actor: Any,
    today: dt.date,
    *,
    settled: bool = False,
) -> Advanced:
    """Take an accepted case into review, or decide an instant one on the spot; answers the
    tasks and results it wrote.

    ``settled``: ``settle`` already ran and the case row holds what it set.
    """
    advanced = Advanced()
    if not settled and (fields := settle(case, spec, today)):
        case.save(update_fields=[*fields, "updated_at"])
    if case.outcome in (Outcome.ACCEPTED, Outcome.TOLERANT):
        if case.stages:
            advanced.tasks = open_stage(case, 0, spec.reviewers)
        if not settled:  # a submission writes the due dates with its checklist
            set_tolerant_due(case)
        record_event(actor=actor, action="case.accepted", obj=case, channel=case.channel)
    elif case.outcome == Outcome.DECIDED:
        advanced.results = issue_results(case, spec, actor=actor)
        record_event(
            actor=actor,
            action="case.decided",
            obj=case,
            channel=case.channel,
            payload={
                "decision": "approved",
                "instant": True,
                "delegation": spec.department.code if spec.delegated else "",
            },
        )
    return advanced


def set_tolerant_due(case: Case) -> None:
    """A material promised under tolerant acceptance is due by the promised deadline at most."""
    if case.outcome == Outcome.TOLERANT and case.deadline:
        case.materials.filter(commitment="tolerant").update(due=case.deadline)
