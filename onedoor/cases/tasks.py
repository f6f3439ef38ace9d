"""Background work of cases: the clock sweep of supervision (电子监察), every minute."""

from dataclasses import asdict

from django.tasks import task

from onedoor.cases.actions.clock import sweep_clocks
from onedoor.core.schedule import periodic

SWEEP_EVERY_SECONDS = 60.0


@task()
def sweep_clocks_task() -> dict[str, int]:
    """Card the clocks that turned yellow or red and the overdue commitments; idempotent."""
    return asdict(sweep_clocks())


periodic(sweep_clocks_task, every=SWEEP_EVERY_SECONDS)
