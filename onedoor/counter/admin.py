"""The service hall in the admin: halls, windows and calling rules are edited through the
actions; tickets, slots and appointments are shown read-only (only actions write them)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onedoor.core.errors import DomainError
from onedoor.counter.actions import configure_calling_rules, upsert_service_point, upsert_window
from onedoor.counter.actions.rules import check_calling_rules
from onedoor.counter.models import (
    Appointment,
    AppointmentSlot,
    CallingRules,
    ServicePoint,
    Ticket,
    TicketCase,
    Window,
)
from onedoor.counter.services.policy import POLICY_FIELDS

SERVICE_POINT_FIELDS = ("code", "name", "name_en", "level", "address", "opening_hours", "phone")


class ReadOnlyMixin:
    """Rows only actions write: the admin shows them, never adds, edits or deletes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class WindowInline(ReadOnlyMixin, admin.TabularInline[Window, ServicePoint]):
    model = Window
    fields = ["code", "name", "general", "is_open", "clerk"]
    extra = 0
    show_change_link = True


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin[ServicePoint]):
    list_display = ["code", "name", "level", "phone"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    fields = list(SERVICE_POINT_FIELDS)
    inlines = [WindowInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ServicePoint, form: Any, change: bool) -> None:
        saved, _written = upsert_service_point(
            actor=request.user, **{name: getattr(obj, name) for name in SERVICE_POINT_FIELDS}
        )
        obj.pk = saved.pk


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin[Window]):
    list_display = ["code", "name", "service_point", "general", "is_open", "clerk"]
    list_filter = ["service_point", "is_open"]
    list_select_related = ["service_point", "clerk"]
    search_fields = ["code", "name"]
    fields = ["service_point", "code", "name", "general", "is_open", "clerk", "opened_at"]
    readonly_fields = ["is_open", "clerk", "opened_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Window, form: Any, change: bool) -> None:
        saved, _written = upsert_window(
            actor=request.user,
            service_point_code=obj.service_point.code,
            code=obj.code,
            name=obj.name,
            general=obj.general,
        )
        obj.pk = saved.pk


class CallingRulesForm(forms.ModelForm[CallingRules]):
    class Meta:
        model = CallingRules
        fields = ["service_point", *POLICY_FIELDS]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        probe = CallingRules(**{k: v for k, v in cleaned.items() if k in POLICY_FIELDS})
        try:
            check_calling_rules(probe)
        except DomainError as error:
            for field, message in error.details.get("fields", {}).items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        return cleaned


@admin.register(CallingRules)
class CallingRulesAdmin(admin.ModelAdmin[CallingRules]):
    form = CallingRulesForm
    list_display = [
        "service_point",
        "priority_rank",
        "appointment_rank",
        "enterprise_rank",
        "general_rank",
        "enterprise_max_wait_minutes",
        "no_show_after_minutes",
        "notify_position",
    ]
    list_select_related = ["service_point"]
    fieldsets = [
        (None, {"fields": ["service_point"]}),
        (
            _("叫号次序"),
            {
                "fields": [
                    ("priority_rank", "priority_max_wait_minutes"),
                    ("appointment_rank", "appointment_max_wait_minutes"),
                    ("enterprise_rank", "enterprise_max_wait_minutes"),
                    ("general_rank", "general_max_wait_minutes"),
                ]
            },
        ),
        (
            _("过号、提醒与估算"),
            {
                "fields": [
                    "no_show_after_minutes",
                    "notify_position",
                    "estimate_sample",
                    "default_handling_minutes",
                ]
            },
        ),
        (
            _("预约"),
            {
                "fields": [
                    "appointment_hours",
                    "appointment_slot_minutes",
                    "appointment_capacity",
                    "appointment_categories",
                    "appointment_days_ahead",
                    "appointment_early_minutes",
                    "appointment_grace_minutes",
                ]
            },
        ),
    ]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["service_point"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: CallingRules, form: Any, change: bool) -> None:
        saved = configure_calling_rules(
            actor=request.user,
            service_point=obj.service_point.code,
            **{name: getattr(obj, name) for name in POLICY_FIELDS},
        )
        obj.pk = saved.pk


class TicketCaseInline(ReadOnlyMixin, admin.TabularInline[TicketCase, Ticket]):
    model = TicketCase
    fields = ["case", "linked_by", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(Ticket)
class TicketAdmin(ReadOnlyMixin, admin.ModelAdmin[Ticket]):
    list_display = [
        "number",
        "day",
        "service_point",
        "category",
        "status",
        "channel",
        "window",
        "issued_at",
        "called_at",
        "waiting_seconds",
        "handling_seconds",
    ]
    list_filter = ["service_point", "status", "category", "channel", "day"]
    list_select_related = ["service_point", "window"]
    search_fields = ["number", "public_id"]
    date_hierarchy = "day"
    exclude = ["id_number", "phone"]
    inlines = [TicketCaseInline]


@admin.register(AppointmentSlot)
class AppointmentSlotAdmin(ReadOnlyMixin, admin.ModelAdmin[AppointmentSlot]):
    list_display = [
        "service_point",
        "day",
        "starts_at",
        "ends_at",
        "category",
        "capacity",
        "booked",
    ]
    list_filter = ["service_point", "category", "day"]
    list_select_related = ["service_point"]
    date_hierarchy = "day"


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyMixin, admin.ModelAdmin[Appointment]):
    list_display = ["public_id", "slot", "status", "channel", "checked_in_at", "cancelled_at"]
    list_filter = ["status", "channel", "slot__service_point"]
    list_select_related = ["slot__service_point"]
    exclude = ["person", "phone"]
