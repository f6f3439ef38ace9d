"""Periodic jobs: what the worker enqueues on a timer (sealing the audit chain, sweeping clocks).

Apps declare them beside their tasks with ``periodic(task, every=seconds)``. The scheduler runs
inside ``onedoor worker``; with several workers each may enqueue, but a job is only enqueued while
no run of it is waiting, so the work is not multiplied.
"""

import importlib
import logging
import threading
from dataclasses import dataclass
from typing import Any

from django.apps import apps

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    task: Any
    every: float

    @property
    def name(self) -> str:
        return str(self.task.module_path)


_JOBS: dict[str, PeriodicJob] = {}


def periodic(task: Any, *, every: float) -> Any:
    """Run ``task`` (a django.tasks Task taking no arguments) every ``every`` seconds."""
    job = PeriodicJob(task=task, every=every)
    _JOBS[job.name] = job
    return task


def discover_jobs() -> list[PeriodicJob]:
    """Import every app's tasks module, so that their periodic jobs are declared."""
    for config in apps.get_app_configs():
        if config.name.startswith("onedoor."):
            try:
                importlib.import_module(f"{config.name}.tasks")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.tasks":
                    raise
    return sorted(_JOBS.values(), key=lambda job: job.name)


def _waiting(job: PeriodicJob) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=job.name).exists()


def run_scheduler(stop: threading.Event, *, tick: float = 1.0) -> None:
    """Enqueue each due job until ``stop`` is set."""
    import time

    from django.db import close_old_connections

    jobs = discover_jobs()
    next_run = dict.fromkeys((job.name for job in jobs), 0.0)
    logger.info("scheduler started with %s periodic jobs", len(jobs))
    while not stop.is_set():
        now = time.monotonic()
        for job in jobs:
            if now < next_run[job.name]:
                continue
            next_run[job.name] = now + job.every
            try:
                close_old_connections()
                if not _waiting(job):
                    job.task.enqueue()
            except Exception:  # a failed enqueue must not stop the scheduler
                logger.exception("could not enqueue periodic job", extra={"job": job.name})
        stop.wait(tick)
