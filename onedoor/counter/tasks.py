"""Background work of the service hall: opening appointment slots ahead, marking missed ones."""

from django.tasks import task

from onedoor.core.schedule import periodic
from onedoor.counter.actions.appointments import open_slots_ahead, sweep_missed_appointments

OPEN_SLOTS_EVERY_SECONDS = 3600.0
SWEEP_MISSED_EVERY_SECONDS = 600.0


@task()
def open_appointment_slots_task() -> int:
    """Open every service point's slots for the working days ahead; idempotent."""
    return open_slots_ahead()


@task()
def sweep_missed_appointments_task() -> int:
    """Mark past bookings never checked in as missed; idempotent."""
    return sweep_missed_appointments()


periodic(open_appointment_slots_task, every=OPEN_SLOTS_EVERY_SECONDS)
periodic(sweep_missed_appointments_task, every=SWEEP_MISSED_EVERY_SECONDS)
