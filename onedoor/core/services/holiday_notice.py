"""Reading a year's holiday notice (国务院办公厅关于某年部分节假日安排的通知) from a file.

Two formats, both UTF-8 (see docs/adr/0003-work-calendar.md):

Text, one day a line; ``#`` starts a comment; an optional ``year 2027`` line::

    2027-02-06 holiday 春节
    2027-02-14 workday 春节调休上班

JSON::

    {"year": 2027, "source": "国办发明电〔2026〕x号",
     "days": [{"date": "2027-02-06", "kind": "holiday", "name": "春节", "note": ""}]}

Days not listed follow the weekday rule. Without a year, the dates' own year is taken; they must
all fall in one year.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from onedoor.core.choices import DayKind
from onedoor.core.errors import DomainError, ErrorCode

NAME_MAX_LENGTH = 60
NOTE_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class NoticeEntry:
    date: dt.date
    kind: DayKind
    name: str = ""
    note: str = ""

    @property
    def is_working_day(self) -> bool:
        return self.kind == DayKind.WORKDAY


@dataclass(frozen=True, slots=True)
class HolidayNotice:
    year: int
    entries: list[NoticeEntry]
    source: str = ""


def _invalid(message: str, **details: Any) -> DomainError:
    return DomainError(ErrorCode.INVALID_INPUT, message, details=details)


def _entry(raw_date: str, raw_kind: str, name: str, note: str, where: str) -> NoticeEntry:
    try:
        day = dt.date.fromisoformat(raw_date.strip())
    except ValueError:
        raise _invalid(_("日期格式应为 YYYY-MM-DD。"), at=where, value=raw_date) from None
    try:
        kind = DayKind(raw_kind.strip().lower())
    except ValueError:
        raise _invalid(_("类别应为 holiday 或 workday。"), at=where, value=raw_kind) from None
    if len(name) > NAME_MAX_LENGTH or len(note) > NOTE_MAX_LENGTH:
        raise _invalid(_("名称或备注过长。"), at=where)
    return NoticeEntry(day, kind, name.strip(), note.strip())


def _parse_text(text: str) -> tuple[int | None, str, list[NoticeEntry]]:
    year: int | None = None
    entries: list[NoticeEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split(maxsplit=2)
        if parts[0].lower() == "year" and len(parts) == 2 and parts[1].isdigit():
            year = int(parts[1])
            continue
        if len(parts) < 2:
            raise _invalid(_("每行应为：日期 类别 名称。"), at=f"line {number}")
        name = parts[2] if len(parts) > 2 else ""
        entries.append(_entry(parts[0], parts[1], name, "", f"line {number}"))
    return year, "", entries


def _parse_json(text: str) -> tuple[int | None, str, list[NoticeEntry]]:
    try:
        data = json.loads(text)
        days = data.get("days", [])
        year = data.get("year")
        entries = [
            _entry(
                str(item["date"]),
                str(item["kind"]),
                str(item.get("name", "")),
                str(item.get("note", "")),
                f"days[{index}]",
            )
            for index, item in enumerate(days)
        ]
    except (ValueError, AttributeError, KeyError, TypeError) as exc:
        raise _invalid(_("JSON 放假通知格式不正确。"), error=str(exc)) from None
    if year is not None and not isinstance(year, int):
        raise _invalid(_("year 应为整数。"), value=str(year))
    return year, str(data.get("source", "")), entries


def parse_holiday_notice(text: str) -> HolidayNotice:
    """Read a notice in either format; raise ``invalid_input`` saying where it is wrong."""
    text = text.lstrip("\ufeff")
    parser = _parse_json if text.lstrip().startswith("{") else _parse_text
    year, source, entries = parser(text)
    if year is None:
        years = {entry.date.year for entry in entries}
        if len(years) != 1:
            raise _invalid(_("无法确定年份：请写明 year，且所有日期须在同一年。"))
        year = years.pop()
    return HolidayNotice(year=year, entries=entries, source=source)
