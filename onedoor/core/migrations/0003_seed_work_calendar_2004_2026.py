"""Seed the work calendar with 2004–2026 from the chinese_calendar package.

Only the days that carry a name (a holiday, a make-up working day) or depart from the weekday
rule are stored; every other day follows Monday–Friday. The table, not the package, is the
authority afterwards: later years are imported from the State Council's notice.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

SOURCE = "chinese_calendar 1.11"
FIRST_YEAR, LAST_YEAR = 2004, 2026

# The package names holidays in English; the calendar speaks Chinese.
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _days_of(year):
    import chinese_calendar

    day = dt.date(year, 1, 1)
    while day.year == year:
        working = chinese_calendar.is_workday(day)
        _on_holiday, detail = chinese_calendar.get_holiday_detail(day)
        if detail or working != (day.weekday() < 5):
            name = NAMES.get(detail, detail or "")
            if working and name:
                name = f"{name}调休上班"
            yield day, working, name
        day += dt.timedelta(days=1)


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    now = timezone.now()
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(date=day, is_working_day=working, name=name, note=SOURCE)
                for day, working, name in _days_of(year)
            ],
            ignore_conflicts=True,
        )
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source": SOURCE, "complete": True, "imported_at": now}
        )


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay.objects.filter(
        date__year__gte=FIRST_YEAR, date__year__lte=LAST_YEAR, note=SOURCE
    ).delete()
    CalendarYear.objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_calendar_days_years_and_system_alerts"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
