import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import upsert_service_point, upsert_window
from onedoor.counter.models import Window


@pytest.fixture
def two_points(db: None) -> None:
    upsert_service_point(
        actor=None, code="district-centre", name="禅城区行政服务中心", level="district"
    )
    upsert_service_point(
        actor=None, code="shiwan-centre", name="石湾镇街道行政服务中心", level="street"
    )


@pytest.mark.usefixtures("two_points")
def test_a_new_code_creates_the_window_at_the_service_point_with_an_audit_event() -> None:
    window, written = upsert_window(
        actor="staff:admin", service_point_code="district-centre", code="dc-01", name="1号综合窗口"
    )

    window.refresh_from_db()
    assert written is True
    assert window.service_point.code == "district-centre"
    assert window.general is True
    assert window.is_open is False
    event = AuditEvent.objects.get(action="counter.window_created")
    assert event.object_id == "dc-01"
    assert event.payload == {
        "code": "dc-01",
        "service_point": "district-centre",
        "name": "1号综合窗口",
        "general": True,
    }


@pytest.mark.usefixtures("two_points")
def test_the_same_window_again_writes_nothing() -> None:
    upsert_window(
        actor=None,
        service_point_code="district-centre",
        code="dc-09",
        name="企业开办专窗",
        general=False,
    )
    events = AuditEvent.objects.count()

    _, written = upsert_window(
        actor=None,
        service_point_code="district-centre",
        code="dc-09",
        name="企业开办专窗",
        general=False,
    )

    assert written is False
    assert Window.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.usefixtures("two_points")
def test_a_known_code_at_another_service_point_moves_the_window() -> None:
    upsert_window(actor=None, service_point_code="district-centre", code="x-01", name="1号综合窗口")

    window, written = upsert_window(
        actor="staff:admin", service_point_code="shiwan-centre", code="x-01", name="1号综合窗口"
    )

    window.refresh_from_db()
    assert written is True
    assert window.service_point.code == "shiwan-centre"
    assert Window.objects.count() == 1
    event = AuditEvent.objects.get(action="counter.window_changed")
    assert event.payload == {"code": "x-01", "service_point": "shiwan-centre"}


@pytest.mark.usefixtures("two_points")
def test_changing_a_window_into_a_special_window_is_recorded() -> None:
    upsert_window(
        actor=None, service_point_code="district-centre", code="dc-10", name="10号综合窗口"
    )

    window, written = upsert_window(
        actor=None,
        service_point_code="district-centre",
        code="dc-10",
        name="10号不动产登记专窗",
        general=False,
    )

    window.refresh_from_db()
    assert written is True
    assert (window.name, window.general) == ("10号不动产登记专窗", False)
    event = AuditEvent.objects.get(action="counter.window_changed")
    assert event.payload == {"code": "dc-10", "name": "10号不动产登记专窗", "general": False}


@pytest.mark.django_db
def test_a_window_at_an_unknown_service_point_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        upsert_window(actor=None, service_point_code="nowhere", code="nw-01", name="1号综合窗口")

    assert caught.value.code == "not_found"
    assert caught.value.details == {"service_point": "nowhere"}
    assert not Window.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.usefixtures("two_points")
def test_an_empty_window_name_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        upsert_window(actor=None, service_point_code="district-centre", code="dc-99", name="")

    assert caught.value.code == "invalid_input"
    assert "name" in caught.value.details["fields"]
    assert not Window.objects.exists()
