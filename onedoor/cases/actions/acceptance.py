"""Taking a case into review, or deciding an instant one, once it is complete."""

import datetime as dt
from typing import Any

from django.utils import timezone

from onedoor.cases.actions.clock import start_clock
from onedoor.cases.actions.results import issue_results
from onedoor.cases.actions.stages import open_stage
from onedoor.cases.choices import Outcome
from onedoor.cases.models import Case
from onedoor.cases.services.assessment import Assessment
from onedoor.cases.services.spec import ApplicationSpec
from onedoor.core.audit import record_event


def advance(
    case: Case, spec: ApplicationSpec, assessment: Assessment, actor: Any, today: dt.date
) -> None:
    """Take an accepted case into review, or decide an instant one on the spot."""
    if case.outcome in (Outcome.ACCEPTED, Outcome.TOLERANT):
        case.accepted_at = timezone.now()
        start_clock(case, spec, today)
        if case.stages:
            open_stage(case, 0)
        case.save(
            update_fields=[
                "accepted_at",
                "deadline",
                "statutory_deadline",
                "deadline_provisional",
                "clock_state",
                "updated_at",
            ]
        )
        set_tolerant_due(case)
        record_event(actor=actor, action="case.accepted", obj=case, channel=case.channel)
    elif case.outcome == Outcome.DECIDED:
        now = timezone.now()
        case.accepted_at = case.decided_at = now
        case.decision = "approved"
        case.save(update_fields=["accepted_at", "decided_at", "decision", "updated_at"])
        issue_results(case, spec, actor=actor)
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


def set_tolerant_due(case: Case) -> None:
    """A material promised under tolerant acceptance is due by the promised deadline at most."""
    if case.outcome == Outcome.TOLERANT and case.deadline:
        case.materials.filter(commitment="tolerant").update(due=case.deadline)
