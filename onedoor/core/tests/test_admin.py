import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from onedoor.core.actions import raise_alert
from onedoor.core.models import AuditEvent, CalendarDay, CalendarYear, SystemAlert
from onedoor.core.tests.chain import write_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", None)
    client.force_login(user)
    return client


def test_adding_a_calendar_day_goes_through_the_action(admin_client):
    response = admin_client.post(
        "/admin/core/calendarday/add/",
        {"date": "2026-09-29", "is_working_day": "", "name": "台风停工", "note": "区政府通知"},
    )

    assert response.status_code == 302
    day = CalendarDay.objects.get(date=dt.date(2026, 9, 29))
    assert (day.is_working_day, day.name) == (False, "台风停工")
    event = AuditEvent.objects.get(action="core.calendar_day_set")
    assert event.actor == "staff:admin"


def test_changing_a_calendar_day_keeps_its_date(admin_client):
    day = CalendarDay.objects.get(date=dt.date(2026, 10, 10))

    response = admin_client.post(
        f"/admin/core/calendarday/{day.pk}/change/",
        {"date": "2026-10-11", "is_working_day": "", "name": "取消调休", "note": ""},
    )

    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.date, day.is_working_day, day.name) == (dt.date(2026, 10, 10), False, "取消调休")
    assert AuditEvent.objects.filter(action="core.calendar_day_set").count() == 1


def test_deleting_calendar_days_goes_through_the_action(admin_client):
    day = CalendarDay.objects.get(date=dt.date(2026, 10, 10))

    response = admin_client.post(
        "/admin/core/calendarday/",
        {"action": "delete_selected", "_selected_action": [day.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    assert AuditEvent.objects.filter(action="core.calendar_day_cleared").count() == 1


def test_calendar_days_filter_by_year(admin_client):
    response = admin_client.get("/admin/core/calendarday/?year=2015")

    assert response.status_code == 200
    assert "抗日战争" in response.content.decode()
    assert "2026-10-01" not in response.content.decode()


def test_marking_a_year_complete_goes_through_the_action(admin_client):
    response = admin_client.post(
        "/admin/core/calendaryear/add/", {"year": "2027", "complete": "on", "source": "通知"}
    )

    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).complete
    assert AuditEvent.objects.filter(action="core.calendar_year_set").count() == 1


def test_the_audit_trail_is_read_only_in_the_admin(admin_client):
    event = write_events(1)[0]

    assert admin_client.get("/admin/core/auditevent/").status_code == 200
    assert admin_client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/core/auditevent/add/").status_code == 403
    assert admin_client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403
    response = admin_client.post(
        f"/admin/core/auditevent/{event.pk}/change/", {"action": "forged", "actor": "x"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "test.event"


def test_alerts_are_listed_and_resolved_from_the_admin(admin_client):
    alert = raise_alert("test.disk", "test", "磁盘将满")

    assert "磁盘将满" in admin_client.get("/admin/core/systemalert/").content.decode()
    assert admin_client.get("/admin/core/systemalert/add/").status_code == 403
    response = admin_client.post(
        "/admin/core/systemalert/",
        {"action": "resolve_selected", "_selected_action": [alert.pk]},
    )

    assert response.status_code == 302
    assert SystemAlert.objects.get().resolved_at is not None
