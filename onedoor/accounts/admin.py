from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onedoor.accounts.actions import revoke_token
from onedoor.accounts.models import ApiToken, StaffRole, User


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ()
    fields = ("role", "department", "service_point")


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffRoleInline]
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("工作人员"), {"fields": ("full_name",)}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with ``onedoor token create``; the admin shows and revokes them."""

    list_display = ("prefix", "user", "person", "name", "created_at", "expires_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__username", "name")
    # The hash is never shown: it helps nobody and the raw token is not stored.
    fields = ("prefix", "user", "person", "name", "created_at", "expires_at", "revoked_at",
              "last_used_at")  # fmt: skip
    readonly_fields = fields
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("吊销所选令牌"))
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(actor=request.user, token=token)
        messages.success(request, _("所选令牌已吊销。"))
