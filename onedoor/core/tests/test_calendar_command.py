import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _add(capsys, start: str, days: str) -> str:
    call_command("calendar", "add", start, days)
    return capsys.readouterr().out


def test_add_prints_only_the_date(capsys):
    assert _add(capsys, "2026-09-30", "1") == "2026-10-08\n"


def test_add_marks_an_unknown_year_provisional(capsys):
    assert _add(capsys, "2027-03-05", "1") == "2027-03-08 provisional\n"


def test_add_refuses_a_bad_date_or_negative_days():
    with pytest.raises(CommandError):
        call_command("calendar", "add", "2026-02-30", "1")
    with pytest.raises(CommandError):
        call_command("calendar", "add", "2026-02-03", "-1")
