"""Admin: the work calendar is edited here (through the actions); alerts and the trail are read."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onedoor.core.actions import (
    clear_calendar_day,
    resolve_alert,
    set_calendar_day,
    set_calendar_year,
)
from onedoor.core.models import AuditEvent, CalendarDay, CalendarYear, SystemAlert


class YearFilter(admin.SimpleListFilter):
    title = _("年份")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(date__year=int(value)) if value and value.isdigit() else queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["date", "is_working_day", "name", "note", "updated_at"]
    list_filter = [YearFilter, "is_working_day"]
    search_fields = ["name", "note"]
    date_hierarchy = "date"
    fields = ["date", "is_working_day", "name", "note"]

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarDay | None = None) -> Any:
        # The date is the row's identity: moving it would leave the old day behind.
        return ["date"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        saved = set_calendar_day(
            obj.date,
            is_working_day=obj.is_working_day,
            name=obj.name,
            note=obj.note,
            actor=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        clear_calendar_day(obj.date, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in list(queryset.values_list("date", flat=True)):
            clear_calendar_day(day, actor=request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "complete", "source", "imported_at"]
    list_filter = ["complete", "source"]
    fields = ["year", "complete", "source", "imported_at"]
    readonly_fields = ["imported_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarYear | None = None) -> Any:
        return ["year", "imported_at"] if obj is not None else ["imported_at"]

    def has_delete_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        saved = set_calendar_year(
            obj.year, complete=obj.complete, source=obj.source, actor=request.user
        )
        obj.pk = saved.pk


@admin.register(SystemAlert)
class SystemAlertAdmin(admin.ModelAdmin[SystemAlert]):
    list_display = ["created_at", "level", "kind", "key", "message", "resolved_at"]
    list_filter = ["level", "kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["key", "message"]
    actions = ["resolve_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SystemAlert | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SystemAlert | None = None) -> bool:
        return False

    @admin.action(description=_("标记为已解决"), permissions=["view"])
    def resolve_selected(self, request: HttpRequest, queryset: QuerySet[SystemAlert]) -> None:
        resolved = [
            key
            for key in queryset.values_list("key", flat=True)
            if resolve_alert(key, actor=request.user)
        ]
        self.message_user(
            request, _("已解决 %(n)s 条告警。") % {"n": len(resolved)}, messages.SUCCESS
        )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "actor", "action", "object_type", "object_id", "channel", "chain_seq"]
    list_filter = ["action", "channel"]
    search_fields = ["object_id", "actor"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
