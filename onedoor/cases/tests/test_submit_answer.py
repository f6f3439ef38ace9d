"""A submission answers with the case as written, without reading it again: the answer is the
case as any later read of it shows it, whatever the outcome."""

import pytest

from onedoor.cases.models import Case, CaseMaterial
from onedoor.cases.tests.applications import enrollment_body, restaurant_body

SUMMARY = (
    "number",
    "status",
    "outcome",
    "decision",
    "matter",
    "bundle",
    "name",
    "applicant",
    "agent",
    "channel",
    "deadline",
    "statutory_deadline",
    "deadline_provisional",
    "checklist",
    "unmet_conditions",
    "results",
)
TOLERANT = ("food-safety-rules", "fire-safety-rules")


def certificate(world):
    return {
        "matter": "household-certificate",
        "applicant": {"id_number": world.persons["parent"].id_number},
        "form": {"purpose": "kinship"},
        "materials": [{"code": "id-card", "paper": True}],
    }


BODIES = {
    "decided": certificate,
    "accepted": enrollment_body,
    "tolerant": lambda world: restaurant_body(world, commitments=TOLERANT),
    "notice": lambda world: enrollment_body(world, "newcomer_child", "newcomer"),
}


@pytest.mark.parametrize("outcome", list(BODIES))
def test_the_answer_is_the_case_as_read_afterwards(world, submit, outcome):
    created = submit(BODIES[outcome](world))
    assert created.status_code == 201, created.json()
    answer = created.json()

    read = world.get(f"cases/{answer['number']}", world.staff("clerk")).json()

    assert answer["outcome"] == outcome, answer
    assert answer == {name: read[name] for name in SUMMARY}


def test_tolerant_promises_are_due_by_the_promised_deadline(world, submit):
    answer = submit(restaurant_body(world, commitments=TOLERANT)).json()
    case = Case.objects.get(number=answer["number"])

    promised = CaseMaterial.objects.filter(case=case, commitment="tolerant")

    assert case.deadline is not None
    assert {m.code: m.due for m in promised} == {code: case.deadline for code in TOLERANT}
    dues = {line["material"]: line["due"] for line in answer["checklist"]}
    assert {code: dues[code] for code in TOLERANT} == dict.fromkeys(
        TOLERANT, case.deadline.isoformat()
    )
    assert {dues[line] for line in dues if line not in TOLERANT} == {None}


def test_a_replay_answers_the_same_case_read_again(world, submit):
    first = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-9")
    again = submit(certificate(world), HTTP_IDEMPOTENCY_KEY="visit-9")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
