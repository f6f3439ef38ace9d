"""The hall in the admin: calling rules edited through the action, tickets shown read-only."""

import pytest
from django.contrib.auth import get_user_model

from onedoor.core.models import AuditEvent
from onedoor.counter.models import CallingRules
from onedoor.counter.tests.conftest import POINT, id_number

pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def admin_client(hall):
    user = get_user_model().objects.create_superuser("root", "root@example.org", None)
    hall.client.force_login(user)
    return hall.client


@pytest.mark.parametrize(
    "model", ["servicepoint", "window", "callingrules", "ticket", "appointmentslot", "appointment"]
)
def test_every_hall_list_opens(admin_client, take, model):
    take()

    assert admin_client.get(f"/admin/counter/{model}/").status_code == 200


def test_a_ticket_is_shown_without_the_holders_id_number_and_cannot_be_edited(admin_client, take):
    ticket = take(id_number=id_number())

    page = admin_client.get(f"/admin/counter/ticket/{ticket.pk}/change/").content.decode()

    assert ticket.number in page
    assert id_number() not in page
    assert 'name="_save"' not in page


def _form(rules: CallingRules, **changes: object) -> dict[str, object]:
    from onedoor.counter.services.policy import POLICY_FIELDS

    data = {name: getattr(rules, name) for name in POLICY_FIELDS}
    data.update(changes)
    return {name: "" if value is None else value for name, value in data.items()}


def test_the_hall_manager_changes_a_rule_in_the_admin_through_the_action(admin_client):
    rules = CallingRules.objects.get(service_point__code=POINT)

    response = admin_client.post(
        f"/admin/counter/callingrules/{rules.pk}/change/", _form(rules, notify_position=5)
    )

    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.notify_position == 5
    event = AuditEvent.objects.get(action="counter.calling_rules_changed")
    assert (event.actor, event.payload) == ("staff:root", {"notify_position": 5})


def test_bad_hours_in_the_admin_are_a_form_error_and_change_nothing(admin_client):
    rules = CallingRules.objects.get(service_point__code=POINT)

    response = admin_client.post(
        f"/admin/counter/callingrules/{rules.pk}/change/", _form(rules, appointment_hours="9-5")
    )

    assert response.status_code == 200
    assert "appointment_hours" in response.context["adminform"].form.errors
    rules.refresh_from_db()
    assert rules.appointment_hours == "09:00-12:00,14:00-17:00"
    assert not AuditEvent.objects.filter(action="counter.calling_rules_changed").exists()
