"""Cases in the admin: read-only, since only actions write them (full trail)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onedoor.cases.models import Case, CaseMaterial, CaseResult, CaseVerification, ReviewTask


class ReadOnlyMixin:
    """Rows only actions write: the admin shows them, never adds, edits or deletes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MaterialInline(ReadOnlyMixin, admin.TabularInline[CaseMaterial, Case]):
    model = CaseMaterial
    fields = ["code", "name", "key", "state", "source", "commitment", "due", "note"]
    extra = 0


class VerificationInline(ReadOnlyMixin, admin.TabularInline[CaseVerification, Case]):
    model = CaseVerification
    fields = ["key", "fact", "subject", "answer", "source", "at"]
    extra = 0


class TaskInline(ReadOnlyMixin, admin.TabularInline[ReviewTask, Case]):
    model = ReviewTask
    fields = ["stage", "stage_name", "department", "status", "decision", "opinion", "decided_at"]
    extra = 0


class ResultInline(ReadOnlyMixin, admin.TabularInline[CaseResult, Case]):
    model = CaseResult
    fields = ["matter_code", "matter_name", "licence", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, admin.ModelAdmin[Case]):
    list_display = [
        "number",
        "name",
        "department",
        "channel",
        "status",
        "outcome",
        "decision",
        "deadline",
        "clock_state",
        "submitted_at",
    ]
    list_filter = ["status", "outcome", "department", "channel", "clock_state"]
    search_fields = ["number"]
    list_select_related = ["department"]
    date_hierarchy = "submitted_at"
    # Who applied, and what they wrote, are not shown here: the admin lists many cases at once
    # and a read of a person's data belongs to a purpose (the workbench logs it).
    exclude = [
        "applicant_person",
        "applicant_organisation",
        "agent",
        "form",
        "trace",
    ]
    inlines = [MaterialInline, VerificationInline, TaskInline, ResultInline]


@admin.register(ReviewTask)
class ReviewTaskAdmin(ReadOnlyMixin, admin.ModelAdmin[ReviewTask]):
    list_display = [
        "case_number",
        "stage_name",
        "department",
        "status",
        "decision",
        "created_at",
        "decided_at",
    ]
    list_filter = ["status", "decision", "department"]
    search_fields = ["case__number"]
    list_select_related = ["case", "department"]

    @admin.display(description=_("办件编号"), ordering="case__number")
    def case_number(self, task: ReviewTask) -> str:
        return task.case.number
