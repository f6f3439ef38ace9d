"""Print at the kiosk: a licence copy by its number and the holder's ID number; a case's
receipt (or notice, or refusal) by its number and the applicant's ID number."""

from collections.abc import Callable
from typing import Any

from django.test import Client

from onedoor.cases.models import Case
from onedoor.cases.tests.conftest import World
from onedoor.kiosk.tests.conftest import HOME
from onedoor.kiosk.tests.test_instant_matter import CERTIFICATE
from onedoor.licences.actions import revoke_licence
from onedoor.licences.models import Licence


def _licence(world: World, persona: str = "parent", kind: str = "household-register") -> Licence:
    return Licence.objects.get(holder_person=world.persons[persona], licence_type__code=kind)


def test_the_holder_prints_a_copy_with_its_qr_code(kiosk: Client, world: World) -> None:
    licence = _licence(world)
    answer = kiosk.post(
        f"{HOME}print/licence/",
        {"number": f" {licence.number.lower()} ", "id_number": world.persons["parent"].id_number},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{HOME}print/licence/copy/"
    page = kiosk.get(answer["Location"])
    body = page.content.decode()
    assert f'data-licence="{licence.number}"' in body
    assert "<svg" in body
    assert "data-print" in body
    assert page.context["copy"].verify_url.endswith(f"/licences/{licence.number}/verify")
    # On screen the holder's ID number is masked; the full number is only for the printer.
    assert 'class="k-screen-masked">' + world.persons["parent"].masked_id_number in body


def test_another_persons_id_number_prints_nothing(kiosk: Client, world: World) -> None:
    licence = _licence(world)
    for id_number in (world.persons["newcomer"].id_number, "11010519491231002X"):
        page = kiosk.post(
            f"{HOME}print/licence/", {"number": licence.number, "id_number": id_number}
        )
        assert page.status_code == 404
        assert "没有找到这张证照" in page.content.decode()
        assert licence.number not in page.content.decode().replace(f'value="{licence.number}"', "")
    assert kiosk.get(f"{HOME}print/licence/copy/").status_code == 302


def test_a_guardian_prints_their_childs_licence(kiosk: Client, world: World) -> None:
    licences = Licence.objects.filter(holder_person=world.persons["child_eligible"])
    licence = licences.first()
    assert licence is not None
    answer = kiosk.post(
        f"{HOME}print/licence/",
        {"number": licence.number, "id_number": world.persons["parent"].id_number},
    )
    assert answer.status_code == 302


def test_a_revoked_licence_is_shown_as_invalid_and_not_offered_for_printing(
    kiosk: Client, world: World
) -> None:
    licence = _licence(world)
    revoke_licence(actor=world.staff("approver-police"), licence=licence, reason="测试")
    kiosk.post(
        f"{HOME}print/licence/",
        {"number": licence.number, "id_number": world.persons["parent"].id_number},
    )
    page = kiosk.get(f"{HOME}print/licence/copy/")
    assert page.status_code == 200
    assert not page.context["copy"].valid
    assert b"data-print" not in page.content


def test_a_decided_case_prints_its_receipt(
    kiosk: Client, applied: Callable[..., Any], world: World
) -> None:
    applied("parent", CERTIFICATE)
    case = Case.objects.get()
    kiosk.get(HOME)  # the visit ends; another starts at the print screen
    answer = kiosk.post(
        f"{HOME}print/case/",
        {"number": case.number, "id_number": world.persons["parent"].id_number},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{HOME}print/case/papers/"
    page = kiosk.get(answer["Location"])
    titles = [paper.title for paper in page.context["papers"]]
    assert titles == ["受理回执"]
    assert b"data-paper=" in page.content


def test_a_refused_case_prints_its_refusal_notice(
    kiosk: Client, applied: Callable[..., Any], world: World
) -> None:
    applied("newcomer", CERTIFICATE)
    case = Case.objects.get()
    answer = kiosk.post(
        f"{HOME}print/case/",
        {"number": case.number, "id_number": world.persons["newcomer"].id_number},
    )
    page = kiosk.get(answer["Location"])
    assert [paper.title for paper in page.context["papers"]] == ["不予受理通知书"]


def test_a_case_with_another_id_number_prints_nothing(
    kiosk: Client, applied: Callable[..., Any], world: World
) -> None:
    applied("parent", CERTIFICATE)
    case = Case.objects.get()
    kiosk.get(HOME)
    page = kiosk.post(
        f"{HOME}print/case/",
        {"number": case.number, "id_number": world.persons["newcomer"].id_number},
    )
    assert page.status_code == 404
    assert kiosk.get(f"{HOME}print/case/papers/").status_code == 302
