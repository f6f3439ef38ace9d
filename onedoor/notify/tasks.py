"""Background work of notifications: sending one message, and the sweep that catches the rest."""

from django.tasks import task

from onedoor.core.schedule import periodic
from onedoor.notify.actions import send_message, sweep_outbox

SWEEP_EVERY_SECONDS = 30.0


@task()
def send_message_task(message_id: str) -> str:
    """Send one message if it is still due; idempotent (a message is claimed before it goes)."""
    return send_message(message_id)


@task()
def sweep_outbox_task() -> dict[str, int]:
    """Hand due retries, lost first attempts and stuck sends back to the worker."""
    return sweep_outbox().as_dict()


periodic(sweep_outbox_task, every=SWEEP_EVERY_SECONDS)
