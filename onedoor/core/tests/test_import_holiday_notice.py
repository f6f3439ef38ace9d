import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from onedoor.core.actions import import_holiday_notice
from onedoor.core.choices import DayKind
from onedoor.core.errors import DomainError
from onedoor.core.models import AuditEvent, CalendarDay, CalendarYear, SystemAlert
from onedoor.core.services.calendar import add_working_days, is_working_day
from onedoor.core.services.holiday_notice import NoticeEntry, parse_holiday_notice

pytestmark = pytest.mark.django_db

D = dt.date

NOTICE_2027 = """\
# 国务院办公厅关于2027年部分节假日安排的通知（示例）
year 2027
2027-02-05 holiday 春节
2027-02-08 holiday 春节
2027-02-13 workday 春节调休上班   # a Saturday
"""


def _import(text: str) -> CalendarYear:
    notice = parse_holiday_notice(text)
    return import_holiday_notice(notice.year, notice.entries, actor="staff:admin")


def test_an_imported_year_is_known_and_follows_the_notice():
    assert add_working_days(D(2027, 2, 4), 1).provisional

    _import(NOTICE_2027)

    assert add_working_days(D(2027, 2, 4), 1).date == D(2027, 2, 9)
    assert add_working_days(D(2027, 2, 12), 1).date == D(2027, 2, 13)
    assert not add_working_days(D(2027, 6, 1), 1).provisional
    year = CalendarYear.objects.get(year=2027)
    assert year.complete and year.imported_at is not None


def test_import_records_an_audit_event_and_resolves_the_unknown_year_alert():
    add_working_days(D(2027, 3, 1), 1)
    assert SystemAlert.objects.get(key="calendar.unknown_year.2027").resolved_at is None

    _import(NOTICE_2027)

    assert SystemAlert.objects.get(key="calendar.unknown_year.2027").resolved_at is not None
    event = AuditEvent.objects.get(action="core.holiday_notice_imported")
    assert (event.actor, event.object_id) == ("staff:admin", "2027")
    assert (event.payload["holidays"], event.payload["workdays"]) == (2, 1)


def test_importing_a_year_again_replaces_its_days():
    _import(NOTICE_2027)

    _import("2027-10-01 holiday 国庆节\n")

    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [
        D(2027, 10, 1)
    ]
    assert is_working_day(D(2027, 2, 5))


def test_a_json_notice_is_read_the_same_way():
    text = json.dumps(
        {
            "year": 2027,
            "source": "国办发明电〔2026〕1号",
            "days": [
                {"date": "2027-02-05", "kind": "holiday", "name": "春节"},
                {"date": "2027-02-13", "kind": "workday", "name": "春节调休上班", "note": "周六"},
            ],
        },
        ensure_ascii=False,
    )

    notice = parse_holiday_notice(text)

    assert notice.year == 2027 and notice.source == "国办发明电〔2026〕1号"
    assert notice.entries[1] == NoticeEntry(D(2027, 2, 13), DayKind.WORKDAY, "春节调休上班", "周六")


@pytest.mark.parametrize(
    "text",
    [
        "2027-02-30 holiday 春节\n",
        "2027-02-05 vacation 春节\n",
        "2027-02-05\n",
        "2026-12-31 holiday 元旦\n2027-01-01 holiday 元旦\n",
        '{"year": 2027, "days": [{"kind": "holiday"}]}',
        '{"year": "2027", "days": []}',
        "{not json",
    ],
)
def test_a_malformed_notice_is_refused_with_a_code(text):
    with pytest.raises(DomainError) as refused:
        parse_holiday_notice(text)

    assert refused.value.code == "invalid_input"


def test_days_outside_the_year_or_twice_are_refused():
    entry = NoticeEntry(D(2027, 2, 5), DayKind.HOLIDAY, "春节")

    with pytest.raises(DomainError):
        import_holiday_notice(2028, [entry], actor="staff:admin")
    with pytest.raises(DomainError):
        import_holiday_notice(2027, [entry, entry], actor="staff:admin")
    assert not CalendarYear.objects.filter(year__in=[2027, 2028]).exists()


def test_the_command_imports_a_file(tmp_path, capsys):
    path = tmp_path / "2027.txt"
    path.write_text(NOTICE_2027, encoding="utf-8")

    call_command("calendar", "import", str(path))

    assert capsys.readouterr().out.strip() == "imported 2027: 3 days"
    assert CalendarYear.objects.get(year=2027).complete


def test_the_command_refuses_a_bad_file(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("2027-02-05 maybe\n", encoding="utf-8")

    with pytest.raises(CommandError, match="invalid_input"):
        call_command("calendar", "import", str(path))
    with pytest.raises(CommandError, match="cannot read"):
        call_command("calendar", "import", str(tmp_path / "missing.txt"))
