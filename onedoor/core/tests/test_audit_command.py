import pytest
from django.core.management import CommandError, call_command

from onedoor.core.models import AuditEvent, SystemAlert
from onedoor.core.tests.chain import tamper, write_events

pytestmark = pytest.mark.django_db


def test_verify_seals_pending_events_and_reports_an_intact_chain(capsys):
    write_events(3)

    call_command("audit", "verify")

    out = capsys.readouterr().out.strip()
    assert out == "audit chain intact: 3 sealed events checked, 0 pending"
    assert not AuditEvent.objects.filter(hash="").exists()


def test_verify_without_sealing_leaves_pending_events(capsys):
    write_events(2)

    call_command("audit", "verify", "--no-seal")

    assert "0 sealed events checked, 2 pending" in capsys.readouterr().out


def test_verify_fails_with_the_first_broken_event(capsys):
    events = write_events(3)
    call_command("audit", "seal")
    tamper("UPDATE {table} SET action = %s WHERE id = %s", ["test.forged", events[1].pk])

    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify", "--no-seal")

    assert failure.value.returncode == 1
    assert f"id={events[1].pk} chain_seq=2 reason=hash_mismatch" in str(failure.value)
    assert "BROKEN" in capsys.readouterr().out
    assert SystemAlert.objects.filter(kind="audit_chain_broken", level="critical").exists()


def test_seal_prints_how_many_events_it_sealed(capsys):
    write_events(2)

    call_command("audit", "seal")

    assert capsys.readouterr().out.strip() == "sealed 2 events; chain length 2"


def test_verify_from_the_command_line_exits_non_zero_when_broken():
    from django.core.management import ManagementUtility

    events = write_events(2)
    call_command("audit", "seal")
    tamper("DELETE FROM {table} WHERE id = %s", [events[0].pk])

    with pytest.raises(SystemExit) as leave:
        ManagementUtility(["onedoor", "audit", "--skip-checks", "verify", "--no-seal"]).execute()

    assert leave.value.code == 1
