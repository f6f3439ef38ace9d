"""Check progress by case number and the applicant's ID number: both must match."""

from typing import Any

from django.test import Client

from onedoor.cases.models import Case
from onedoor.cases.tests.applications import enrollment
from onedoor.cases.tests.conftest import World
from onedoor.kiosk.tests.conftest import HOME

NOT_FOUND = "没有找到这个办件。请核对办件编号和身份证件号码。"


def _enrollment(world: World) -> Case:
    """The parent applies at a window for their child's school place (a promised matter)."""
    return enrollment(world)


def _ask(kiosk: Client, number: str, id_number: str) -> Any:
    return kiosk.post(f"{HOME}progress/", {"number": number, "id_number": id_number})


def test_the_agent_sees_where_the_case_stands(kiosk: Client, world: World) -> None:
    case = _enrollment(world)
    answer = _ask(kiosk, case.number.lower(), world.persons["parent"].id_number)
    assert answer.status_code == 302
    assert answer["Location"] == f"{HOME}progress/case/"
    page = kiosk.get(answer["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert case.number in body
    assert f'data-status="{case.status}"' in body
    assert case.get_status_display() in body
    assert "教育" in body  # the department reviewing it
    assert case.deadline is not None and case.deadline.isoformat() in body


def test_the_applicants_own_id_number_works_too(kiosk: Client, world: World) -> None:
    case = _enrollment(world)
    answer = _ask(kiosk, case.number, world.persons["child_eligible"].id_number)
    assert answer.status_code == 302


def test_someone_elses_id_number_finds_nothing(kiosk: Client, world: World) -> None:
    case = _enrollment(world)
    wrong = _ask(kiosk, case.number, world.persons["newcomer"].id_number)
    unknown = _ask(kiosk, "20260101-ZZZZZZZ", world.persons["parent"].id_number)
    stranger = _ask(kiosk, case.number, "11010519491231002X")
    for page in (wrong, unknown, stranger):
        assert page.status_code == 404
        assert NOT_FOUND in page.content.decode()
        assert case.name not in page.content.decode()
    assert "kiosk" not in kiosk.session
    assert kiosk.get(f"{HOME}progress/case/").status_code == 302


def test_an_invalid_id_number_is_refused_with_a_clear_message(kiosk: Client, world: World) -> None:
    case = _enrollment(world)
    page = _ask(kiosk, case.number, "12345")
    assert page.status_code == 422
    assert "这不是有效的身份证件号码。" in page.content.decode()


def test_both_numbers_are_needed(kiosk: Client, world: World) -> None:
    page = kiosk.post(f"{HOME}progress/", {"number": "", "id_number": ""})
    assert page.status_code == 422
    assert set(page.context["form"].errors) == {"number", "id_number"}
