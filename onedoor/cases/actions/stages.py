"""Opening a review stage: one task per department, in parallel (并联审批)."""

import uuid
from collections.abc import Mapping

from onedoor.cases.models import Case, ReviewTask
from onedoor.catalog.models import Department
from onedoor.core.db import insert_rows


def open_stage(
    case: Case, index: int, reviewers: Mapping[str, Department] | None = None
) -> list[ReviewTask]:
    """Open the case's stage ``index`` (as fixed at acceptance); call inside the transaction.

    Each task carries the case's deadline (its inbox is ordered by it): set the clock first.
    ``reviewers`` (the departments of the application's spec, by code) saves reading them.
    """
    stage = case.stages[index]
    codes = list(stage["reviews"])
    departments = reviewers or {}
    if not all(code in departments for code in codes):
        departments = Department.objects.in_bulk(codes, field_name="code")
    tasks = [
        ReviewTask(
            case=case,
            public_id=uuid.uuid4(),
            stage=index,
            stage_name=stage["name"],
            rule=stage["rule"],
            department=departments[code],
            deadline=case.deadline,
        )
        for code in stage["reviews"]
    ]
    insert_rows(ReviewTask, tasks)
    return tasks


def copy_deadline_to_tasks(case: Case) -> None:
    """Keep the case's tasks in step after its deadline moved (extension, end of a return)."""
    ReviewTask.objects.filter(case=case).update(deadline=case.deadline)
