import itertools

import pytest

from onedoor.core.actions import seal_audit_chain
from onedoor.core.models import AuditChainHead, AuditEvent
from onedoor.core.services.audit_chain import GENESIS_HASH, event_hash
from onedoor.core.tests.chain import write_events

pytestmark = pytest.mark.django_db


def test_sealing_chains_pending_events_in_id_order():
    events = write_events(5)

    result = seal_audit_chain(grace_seconds=0)

    assert result.sealed == 5
    rows = list(AuditEvent.objects.filter(pk__in=[e.pk for e in events]).order_by("id"))
    assert [r.chain_seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (5, rows[-1].hash)
    assert head.sealed_at is not None


def test_each_hash_covers_the_event_and_its_link():
    write_events(1)
    seal_audit_chain(grace_seconds=0)
    row = AuditEvent.objects.get()

    expected = event_hash(
        chain_seq=1,
        event_id=row.pk,
        at=row.at,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        payload=row.payload,
        channel=row.channel,
        prev_hash=GENESIS_HASH,
    )
    assert row.hash == expected and len(row.hash) == 64


def test_sealing_in_small_batches_continues_the_same_chain():
    write_events(7)

    result = seal_audit_chain(grace_seconds=0, batch_size=3)

    assert (result.sealed, result.last_seq) == (7, 7)
    assert not AuditEvent.objects.filter(hash="").exists()


def test_later_events_extend_the_chain_without_touching_sealed_ones():
    write_events(2)
    seal_audit_chain(grace_seconds=0)
    first = {e.pk: e.hash for e in AuditEvent.objects.all()}

    write_events(2)
    result = seal_audit_chain(grace_seconds=0)

    assert (result.sealed, result.last_seq) == (2, 4)
    assert {e.pk: e.hash for e in AuditEvent.objects.filter(pk__in=first)} == first
    third = AuditEvent.objects.get(chain_seq=3)
    assert third.prev_hash == AuditEvent.objects.get(chain_seq=2).hash


def test_events_younger_than_the_grace_wait_for_a_later_seal():
    write_events(2)

    result = seal_audit_chain(grace_seconds=3600)

    assert result.sealed == 0
    assert AuditEvent.objects.filter(hash="").count() == 2


def test_sealing_with_nothing_pending_changes_nothing():
    result = seal_audit_chain(grace_seconds=0)

    assert result.sealed == 0
    assert AuditChainHead.objects.get().last_seq == 0
