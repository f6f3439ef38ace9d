import pytest

from onedoor.core.actions import raise_alert, resolve_alert
from onedoor.core.models import AuditEvent, SystemAlert
from onedoor.core.queries import get_open_alerts

pytestmark = pytest.mark.django_db


def test_an_alert_is_recorded_once_per_key():
    first = raise_alert("test.disk", "test", "磁盘将满")
    again = raise_alert("test.disk", "test", "磁盘将满")

    assert first.pk == again.pk
    assert SystemAlert.objects.count() == 1
    assert AuditEvent.objects.filter(action="core.alert_raised", object_id="test.disk").count() == 1
    assert list(get_open_alerts()) == [first]


def test_an_alert_has_a_level():
    alert = raise_alert("test.down", "test", "系统不可用", level="critical")

    assert alert.level == "critical"


def test_resolving_closes_the_alert_and_records_who():
    raise_alert("test.disk", "test", "磁盘将满")

    resolved = resolve_alert("test.disk", actor="staff:admin")

    assert resolved is not None and resolved.resolved_at is not None
    assert not get_open_alerts().exists()
    event = AuditEvent.objects.get(action="core.alert_resolved")
    assert (event.actor, event.object_id) == ("staff:admin", "test.disk")


def test_resolving_an_unknown_or_closed_alert_does_nothing():
    assert resolve_alert("test.none", actor="staff:admin") is None
    raise_alert("test.disk", "test", "磁盘将满")
    resolve_alert("test.disk", actor="staff:admin")

    assert resolve_alert("test.disk", actor="staff:admin") is None


def test_raising_a_resolved_alert_opens_it_again():
    raise_alert("test.disk", "test", "磁盘将满")
    resolve_alert("test.disk", actor="staff:admin")

    alert = raise_alert("test.disk", "test", "磁盘又将满")

    assert alert.resolved_at is None and alert.message == "磁盘又将满"
    assert SystemAlert.objects.count() == 1
    assert AuditEvent.objects.filter(action="core.alert_raised").count() == 2
