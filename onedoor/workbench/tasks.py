"""Background work of the hall's screens: the wait watch.

Every minute it compares each service point's longest wait per category with its threshold
(the calling rules' waiting limit, or half an hour) and raises an alert for the administrators
when one passes it; when the wait falls back the alert is resolved, so the next crossing raises
it again: one alert per crossing, however often the watch runs.
"""

from django.tasks import task
from django.utils import timezone

from onedoor.core.actions import raise_alert, resolve_alert
from onedoor.core.models import SystemAlert
from onedoor.core.schedule import periodic
from onedoor.workbench.hall_queries import HALL_WAIT_ALERT, get_wait_breaches

WATCH_EVERY_SECONDS = 60.0
ACTOR = "system:hall-watch"


def watch_hall_waits() -> tuple[int, int]:
    """Raise the alerts of the waits past their threshold and resolve the others; return how
    many were raised and resolved."""
    breaches = get_wait_breaches(timezone.now())
    open_keys = set(
        SystemAlert.objects.filter(kind=HALL_WAIT_ALERT, resolved_at__isnull=True).values_list(
            "key", flat=True
        )
    )
    crossed = [key for key in breaches if key not in open_keys]
    for key in crossed:
        raise_alert(key, HALL_WAIT_ALERT, breaches[key])
    fallen = sorted(open_keys - set(breaches))
    resolved = sum(1 for key in fallen if resolve_alert(key, actor=ACTOR) is not None)
    return len(crossed), resolved


@task()
def watch_hall_waits_task() -> list[int]:
    """Compare every hall's waits with their thresholds; idempotent."""
    raised, resolved = watch_hall_waits()
    return [raised, resolved]


periodic(watch_hall_waits_task, every=WATCH_EVERY_SECONDS)
