"""The hall's periodic work: slots opened ahead and missed bookings, run by the worker."""

import datetime as dt

import pytest

from onedoor.core.schedule import discover_jobs
from onedoor.counter.models import AppointmentSlot
from onedoor.counter.tasks import open_appointment_slots_task, sweep_missed_appointments_task
from onedoor.counter.tests.conftest import book

pytestmark = pytest.mark.usefixtures("clock")


def test_the_worker_runs_both_jobs_periodically():
    jobs = {job.name: job.every for job in discover_jobs()}

    assert jobs[open_appointment_slots_task.module_path] == 3600
    assert jobs[sweep_missed_appointments_task.module_path] == 600


def test_opening_slots_is_idempotent_for_every_demo_point(hall):
    first = open_appointment_slots_task.call()
    again = open_appointment_slots_task.call()

    assert first > 0
    assert again == 0
    points = set(AppointmentSlot.objects.values_list("service_point__code", flat=True))
    assert len(points) == 5


def test_the_sweep_marks_yesterdays_missed_bookings(hall, clock):
    appointment = book(hall, dt.time(16, 0))
    clock.shift(dt.timedelta(days=1))

    assert sweep_missed_appointments_task.call() == 1
    appointment.refresh_from_db()
    assert appointment.status == "missed"
