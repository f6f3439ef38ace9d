from collections import Counter

import pytest

from onedoor.core.models import AuditEvent
from onedoor.counter.demo import load_demo_service_points, seed_demo_service_points
from onedoor.counter.models import ServicePoint, Window


def _fixture_window_codes() -> list[str]:
    return [w["code"] for point in load_demo_service_points() for w in point["windows"]]


def _rows() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    points = list(
        ServicePoint.objects.values_list(
            "pk", "code", "name", "name_en", "level", "address", "opening_hours", "phone"
        )
    )
    windows = list(
        Window.objects.values_list("pk", "code", "service_point__code", "name", "general")
    )
    return points, windows


def test_fixture_window_codes_are_unique_across_the_district() -> None:
    duplicates = [code for code, n in Counter(_fixture_window_codes()).items() if n > 1]

    assert duplicates == []


def test_fixture_service_point_codes_are_unique() -> None:
    codes = [point["code"] for point in load_demo_service_points()]

    assert len(codes) == len(set(codes))


@pytest.mark.django_db
def test_seeding_creates_every_service_point_and_window_of_the_fixture() -> None:
    points = load_demo_service_points()

    written = seed_demo_service_points()

    window_codes = _fixture_window_codes()
    assert written == len(points) + len(window_codes)
    assert set(ServicePoint.objects.values_list("code", flat=True)) == {p["code"] for p in points}
    assert sorted(Window.objects.values_list("code", flat=True)) == sorted(window_codes)
    assert AuditEvent.objects.filter(action="counter.service_point_created").count() == len(points)
    assert AuditEvent.objects.filter(action="counter.window_created").count() == len(window_codes)


@pytest.mark.django_db
def test_demo_district_has_one_district_centre_two_street_centres_and_two_stations() -> None:
    seed_demo_service_points()

    levels = Counter(ServicePoint.objects.values_list("level", flat=True))

    assert levels == {"district": 1, "street": 2, "community": 2}
    assert ServicePoint.objects.get(level="district").code == "district-centre"
    assert {"zumiao-centre", "shiwan-centre", "lianhua-station", "jiangwan-station"} <= set(
        ServicePoint.objects.values_list("code", flat=True)
    )


@pytest.mark.django_db
def test_general_window_dc_01_of_the_district_centre_exists() -> None:
    seed_demo_service_points()

    window = Window.objects.select_related("service_point").get(code="dc-01")

    assert window.service_point.code == "district-centre"
    assert window.general is True


@pytest.mark.django_db
def test_every_service_point_has_a_general_window_and_the_centre_has_special_ones() -> None:
    seed_demo_service_points()

    for point in ServicePoint.objects.all():
        assert point.windows.filter(general=True).exists(), point.code
    centre_special = Window.objects.filter(service_point__code="district-centre", general=False)
    assert centre_special.exists()


@pytest.mark.django_db
def test_seeding_twice_gives_the_same_rows_and_no_new_events() -> None:
    seed_demo_service_points()
    before = _rows()
    events_before = AuditEvent.objects.count()

    written = seed_demo_service_points()

    assert written == 0
    assert _rows() == before
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_seeding_again_restores_a_window_edited_since() -> None:
    seed_demo_service_points()
    Window.objects.filter(code="dc-01").update(name="临时窗口", general=False)

    written = seed_demo_service_points()

    window = Window.objects.get(code="dc-01")
    assert written == 1
    assert (window.name, window.general) == ("1号综合窗口", True)
    event = AuditEvent.objects.get(action="counter.window_changed")
    assert event.object_id == "dc-01"
    assert event.payload == {"code": "dc-01", "name": "1号综合窗口", "general": True}


@pytest.mark.django_db
def test_seeding_records_the_given_actor() -> None:
    seed_demo_service_points(actor="staff:admin")

    actors = set(AuditEvent.objects.values_list("actor", flat=True))

    assert actors == {"staff:admin"}
