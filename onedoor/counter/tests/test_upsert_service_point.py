import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import upsert_service_point
from onedoor.counter.models import ServicePoint


def _upsert(**overrides: object) -> tuple[ServicePoint, bool]:
    values: dict[str, object] = {
        "actor": "staff:admin",
        "code": "zumiao-centre",
        "name": "祖庙街道行政服务中心",
        "level": "street",
        "address": "广东省佛山市禅城区祖庙路",
        "opening_hours": "周一至周五 9:00-12:00，14:00-17:30",
        "phone": "0757-12345",
    }
    values.update(overrides)
    return upsert_service_point(**values)  # type: ignore[arg-type]  # test-only keyword bag


@pytest.mark.django_db
def test_a_new_code_creates_the_service_point_with_an_audit_event() -> None:
    point, written = _upsert()

    point.refresh_from_db()
    assert written is True
    assert (point.code, point.level, point.phone) == ("zumiao-centre", "street", "0757-12345")
    event = AuditEvent.objects.get(action="counter.service_point_created")
    assert event.actor == "staff:admin"
    assert event.object_type == "counter.servicepoint"
    assert event.object_id == "zumiao-centre"
    assert event.payload["name"] == "祖庙街道行政服务中心"


@pytest.mark.django_db
def test_the_same_values_again_write_nothing() -> None:
    first, _ = _upsert()

    again, written = _upsert()

    assert written is False
    assert again.pk == first.pk
    assert ServicePoint.objects.count() == 1
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db
def test_changed_values_update_the_row_and_record_only_what_changed() -> None:
    first, _ = _upsert()

    point, written = _upsert(phone="0757-83000000", opening_hours="周一至周六 9:00-17:30")

    point.refresh_from_db()
    assert written is True
    assert point.pk == first.pk
    assert point.phone == "0757-83000000"
    event = AuditEvent.objects.get(action="counter.service_point_changed")
    assert event.payload == {
        "code": "zumiao-centre",
        "phone": "0757-83000000",
        "opening_hours": "周一至周六 9:00-17:30",
    }


@pytest.mark.django_db
def test_an_unknown_level_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(DomainError) as caught:
        _upsert(level="province")

    assert caught.value.code == "invalid_input"
    assert "level" in caught.value.details["fields"]
    assert not ServicePoint.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_code_that_is_not_a_slug_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        _upsert(code="祖庙 中心")

    assert caught.value.code == "invalid_input"
    assert "code" in caught.value.details["fields"]
    assert not ServicePoint.objects.exists()
