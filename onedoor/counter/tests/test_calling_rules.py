"""Configuring a hall's calling rules: values checked, changes recorded, the admin's form."""

import pytest

from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent
from onedoor.counter.actions import configure_calling_rules
from onedoor.counter.admin import CallingRulesForm
from onedoor.counter.models import CallingRules
from onedoor.counter.queries import get_service_point, policy_of
from onedoor.counter.services.policy import Policy
from onedoor.counter.tests.conftest import POINT


def test_the_demo_points_have_rules_and_the_centre_sends_long_waiting_enterprises_first(hall):
    policy = policy_of(get_service_point(POINT))

    assert CallingRules.objects.count() == 5
    assert policy.enterprise_max_wait_minutes == 30
    assert policy.priority_rank < policy.appointment_rank < policy.general_rank


def test_a_point_without_rules_runs_on_the_defaults(hall):
    CallingRules.objects.filter(service_point__code=POINT).delete()

    assert policy_of(get_service_point(POINT)) == Policy()


def test_changing_a_rule_records_only_what_changed(hall):
    configure_calling_rules(actor="staff:hall-manager", service_point=POINT, notify_position=5)
    configure_calling_rules(actor="staff:hall-manager", service_point=POINT, notify_position=5)

    event = AuditEvent.objects.get(action="counter.calling_rules_changed")
    assert event.payload == {"notify_position": 5}
    assert event.actor == "staff:hall-manager"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"general_rank": 0}, "general_rank"),
        ({"priority_rank": 10}, "priority_rank"),
        ({"appointment_hours": "9 to 5"}, "appointment_hours"),
        ({"appointment_hours": "12:00-09:00"}, "appointment_hours"),
        ({"appointment_categories": "general,appointment"}, "appointment_categories"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_rules_are_refused_and_nothing_changes(hall, values, field):
    before = CallingRules.objects.get(service_point__code=POINT).updated_at

    with pytest.raises(DomainError) as refused:
        configure_calling_rules(actor=None, service_point=POINT, **values)

    assert refused.value.code == "invalid_input"
    assert field in refused.value.details["fields"]
    assert CallingRules.objects.get(service_point__code=POINT).updated_at == before


def test_the_admin_form_shows_bad_hours_as_a_field_error(hall):
    rules = CallingRules.objects.get(service_point__code=POINT)
    data = {name: getattr(rules, name) for name in CallingRulesForm.Meta.fields}
    data["service_point"] = rules.service_point_id
    data["appointment_hours"] = "morning"
    for name, value in list(data.items()):
        if value is None:
            data[name] = ""

    form = CallingRulesForm(data=data, instance=rules)

    assert not form.is_valid()
    assert "appointment_hours" in form.errors
