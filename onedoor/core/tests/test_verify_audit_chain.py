import pytest

from onedoor.core.actions import seal_audit_chain
from onedoor.core.models import AuditChainHead, AuditEvent
from onedoor.core.queries import verify_audit_chain
from onedoor.core.services.audit_chain import ChainBreak
from onedoor.core.tests.chain import tamper, write_events

pytestmark = pytest.mark.django_db


def _sealed(count: int) -> list[AuditEvent]:
    write_events(count)
    seal_audit_chain(grace_seconds=0)
    return list(AuditEvent.objects.order_by("chain_seq"))


def test_an_intact_chain_verifies_with_its_pending_events_counted():
    _sealed(4)
    write_events(2)

    check = verify_audit_chain(chunk_size=2)

    assert (check.ok, check.checked, check.pending, check.broken) == (True, 4, 2, None)


def test_an_empty_trail_is_intact():
    check = verify_audit_chain()

    assert (check.ok, check.checked, check.pending) == (True, 0, 0)


def test_a_sealed_payload_changed_by_raw_sql_is_found_at_that_event():
    events = _sealed(5)
    target = events[2]

    tamper("UPDATE {table} SET payload = %s WHERE id = %s", ['{"n": 999}', target.pk])
    check = verify_audit_chain()

    assert not check.ok
    assert check.broken is not None
    assert (check.broken.id, check.broken.chain_seq) == (target.pk, 3)
    assert check.broken.reason == ChainBreak.HASH_MISMATCH
    assert check.checked == 2


def test_a_deleted_middle_event_breaks_the_chain_at_the_next_one():
    events = _sealed(5)

    tamper("DELETE FROM {table} WHERE id = %s", [events[2].pk])
    check = verify_audit_chain()

    assert check.broken is not None
    assert (check.broken.id, check.broken.chain_seq) == (events[3].pk, 4)
    assert check.broken.reason == ChainBreak.SEQUENCE_GAP


def test_a_deleted_last_event_is_found_through_the_head():
    events = _sealed(3)

    tamper("DELETE FROM {table} WHERE id = %s", [events[-1].pk])
    check = verify_audit_chain()

    assert check.broken is not None
    assert (check.broken.id, check.broken.chain_seq) == (None, 3)


def test_a_rehashed_event_breaks_the_link_of_the_next_one():
    events = _sealed(3)

    tamper("UPDATE {table} SET hash = %s WHERE id = %s", ["f" * 64, events[0].pk])
    check = verify_audit_chain()

    assert check.broken is not None
    assert check.broken.id == events[0].pk
    assert check.broken.reason == ChainBreak.HASH_MISMATCH


def test_a_head_moved_back_leaves_events_beyond_it():
    events = _sealed(3)
    AuditChainHead.objects.update(last_seq=2, last_hash=events[1].hash)

    check = verify_audit_chain()

    assert check.broken is not None
    assert (check.broken.id, check.broken.reason) == (events[2].pk, ChainBreak.BEYOND_HEAD)


def test_a_head_that_does_not_match_the_last_event_is_a_break():
    events = _sealed(2)
    AuditChainHead.objects.update(last_hash="0" * 64)

    check = verify_audit_chain()

    assert check.broken is not None
    assert (check.broken.id, check.broken.reason) == (events[1].pk, ChainBreak.HEAD_MISMATCH)
