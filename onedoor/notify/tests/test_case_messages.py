"""The messages a case sends: one per event and recipient, never twice."""

import datetime as dt

import time_machine

from onedoor.cases.actions.clock import sweep_clocks
from onedoor.cases.models import Case
from onedoor.cases.tests.applications import (
    decide,
    enrollment,
    enrollment_body,
    restaurant,
    restaurant_body,
    submitted,
)
from onedoor.core.identifiers import make_uscc
from onedoor.notify.case_messages import case_recipients
from onedoor.notify.models import Message
from onedoor.registry.actions import register_organisation
from onedoor.registry.models import Organisation


def _messages(case: Case) -> list[tuple[str, str, str]]:
    rows = Message.objects.filter(case_number=case.number).order_by("created_at", "dedupe_key")
    return [(m.template, m.channel, m.address) for m in rows]


def test_an_accepted_enrollment_tells_the_guardian_by_sms(world):
    parent = world.persons["parent"]

    case = enrollment(world)

    message = Message.objects.get(case_number=case.number)
    assert _messages(case) == [("case_accepted", "sms", parent.phone)]
    assert message.recipient == parent
    assert message.dedupe_key == f"case:{case.number}:accepted:agent"
    assert case.number in message.body
    assert case.deadline.isoformat() in message.body
    assert message.body.startswith("【禅城区政务服务】")


def test_a_refused_application_gives_the_reason(world):
    case = submitted(world, enrollment_body(world, "child_too_young", "parent"))

    message = Message.objects.get(case_number=case.number)
    assert case.outcome == "refused"
    assert message.template == "case_refused"
    assert case.reasons.splitlines()[0] in message.body


def test_a_notice_lists_every_gap_and_a_partial_supplement_lists_the_rest(world):
    newcomer = world.persons["newcomer"]
    case = submitted(world, enrollment_body(world, "newcomer_child", "newcomer"))
    missing = list(case.materials.filter(state="missing").values_list("name", "code"))

    world.post(
        f"cases/{case.number}/supplement",
        {"materials": [{"code": missing[0][1], "paper": True}]},
        world.staff("clerk"),
    )
    world.post(
        f"cases/{case.number}/supplement",
        {"materials": [{"code": code, "paper": True} for _name, code in missing[1:]]},
        world.staff("clerk"),
    )

    first, second, accepted = Message.objects.filter(case_number=case.number).order_by("created_at")
    assert [m.template for m in (first, second, accepted)] == [
        "case_notice",
        "case_notice",
        "case_accepted",
    ]
    assert {m.address for m in (first, second, accepted)} == {newcomer.phone}
    assert all(name in first.body for name, _code in missing)
    assert missing[0][0] not in second.body
    assert all(name in second.body for name, _code in missing[1:])
    assert first.dedupe_key != second.dedupe_key


def test_an_instant_certificate_tells_the_applicant_it_is_decided(world, submit):
    parent = world.persons["parent"]

    number = submit(
        {
            "matter": "household-certificate",
            "applicant": {"id_number": parent.id_number},
            "form": {"purpose": "kinship"},
        }
    ).json()["number"]

    message = Message.objects.get(case_number=number)
    assert (message.template, message.address) == ("case_decided_approved", parent.phone)
    assert message.dedupe_key == f"case:{number}:decided:applicant"


def test_a_company_is_told_through_its_representative_once_when_they_are_also_the_agent(world):
    case = submitted(world, restaurant_body(world, commitments=("food-safety-rules",)))

    message = Message.objects.get(case_number=case.number)
    assert case.outcome == "tolerant"
    assert message.template == "case_tolerant"
    assert message.recipient == world.persons["parent"]
    assert message.dedupe_key.endswith(":representative")
    assert case.materials.get(code="food-safety-rules").name in message.body
    assert case.deadline.isoformat() in message.body


def test_a_return_and_the_decision_each_send_one_message(world):
    case = restaurant(world)

    decide(world, case, "urban", "return", opinion="招牌尺寸图缺少比例尺")
    world.post(
        f"cases/{case.number}/supplement",
        {"materials": [{"code": "signboard-design", "paper": True}]},
        world.staff("clerk"),
    )
    for department in ("market", "urban", "fire"):
        assert decide(world, case, department).status_code == 200

    templates = [t for t, _channel, _address in _messages(case)]
    assert templates == ["case_accepted", "case_returned", "case_decided_approved"]
    returned = Message.objects.get(case_number=case.number, template="case_returned")
    assert "招牌尺寸图缺少比例尺" in returned.body


def test_a_rejection_says_so(world):
    case = enrollment(world)

    decide(world, case, "education", "reject", opinion="学位已满")

    assert [t for t, _c, _a in _messages(case)] == ["case_accepted", "case_decided_rejected"]


def test_an_overdue_commitment_is_reminded_once(world):
    case = submitted(world, restaurant_body(world, commitments=("food-safety-rules",)))
    late = dt.datetime.combine(case.deadline + dt.timedelta(days=1), dt.time(10))

    with time_machine.travel(timezone_aware(late), tick=False):
        sweep_clocks()
        sweep_clocks()

    reminders = Message.objects.filter(case_number=case.number, template="case_supplement_due")
    assert reminders.count() == 1
    assert reminders.get().dedupe_key.endswith(":supplement_due:food-safety-rules:representative")


def test_a_replayed_submission_sends_nothing_more(world, submit):
    body = enrollment_body(world)

    first = submit(body, HTTP_IDEMPOTENCY_KEY="enrol-1").json()["number"]
    again = submit(body, HTTP_IDEMPOTENCY_KEY="enrol-1").json()["number"]

    assert first == again
    assert Message.objects.filter(case_number=first).count() == 1


def test_an_organisation_without_a_representative_is_told_through_its_agent(world):
    company = register_organisation(actor="test", uscc=make_uscc(977), name="无代表公司")
    case = Case(
        number="X",
        applicant_organisation=Organisation.objects.get(pk=company.pk),
        agent=world.persons["newcomer"],
    )

    assert [(role, p.pk) for role, p in case_recipients(case)] == [
        ("agent", world.persons["newcomer"].pk)
    ]


def timezone_aware(moment: dt.datetime) -> dt.datetime:
    from zoneinfo import ZoneInfo

    return moment.replace(tzinfo=ZoneInfo("Asia/Shanghai"))
