import pytest

from onedoor.core.models import AuditEvent
from onedoor.core.schedule import discover_jobs
from onedoor.core.tasks import seal_audit_chain_task
from onedoor.core.tests.chain import write_events

pytestmark = pytest.mark.django_db


def test_the_task_seals_events_older_than_the_grace(settings):
    settings.AUDIT_SEAL_GRACE_SECONDS = 0
    write_events(2)

    assert seal_audit_chain_task.call() == 2
    assert not AuditEvent.objects.filter(hash="").exists()


def test_the_worker_runs_the_task_periodically():
    names = [job.name for job in discover_jobs()]

    assert seal_audit_chain_task.module_path in names
