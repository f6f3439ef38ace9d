"""Background work of the platform core."""

from django.tasks import task

from onedoor.core.actions import seal_audit_chain
from onedoor.core.schedule import periodic

# How often the worker seals the audit trail: the window in which a new event is unchained.
SEAL_EVERY_SECONDS = 10.0


@task()
def seal_audit_chain_task() -> int:
    """Seal every audit event old enough to be sealed; returns how many were sealed."""
    return seal_audit_chain().sealed


periodic(seal_audit_chain_task, every=SEAL_EVERY_SECONDS)
