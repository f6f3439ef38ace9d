from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from onedoor.core.errors import DomainError
from onedoor.licences.actions import revoke_licence, rotate_key
from onedoor.licences.models import Licence, LicenceType, SigningKey, Upload


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # shared by several models
    """Rows only actions write: the admin shows them and offers actions, never edits."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LicenceType)
class LicenceTypeAdmin(admin.ModelAdmin[LicenceType]):
    list_display = ["code", "name", "department", "holder_kind", "trust_level", "validity_days"]
    list_filter = ["department", "holder_kind", "trust_level"]
    search_fields = ["code", "name"]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin):
    list_display = ["number", "licence_type", "issuer", "status", "issued_at", "valid_until"]
    list_filter = ["status", "licence_type", "issuer"]
    search_fields = ["number", "case_number"]
    list_select_related = ["licence_type", "issuer"]
    date_hierarchy = "issued_at"
    actions = ["revoke_selected"]
    # The holders are not shown in full here: the admin lists many licences at once.
    exclude = ["holder_person", "holder_organisation"]

    @admin.action(description=_("撤销所选证照"))
    def revoke_selected(
        self, request: HttpRequest, queryset: QuerySet[Licence]
    ) -> HttpResponse | None:
        form = RevokeForm(request.POST if "reason" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("撤销证照"),
                "licences": queryset.select_related("licence_type"),
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/licences/licence/revoke.html", context)
        for licence in queryset.select_related("issuer"):
            try:
                revoke_licence(
                    actor=request.user, licence=licence, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                self.message_user(request, f"{licence.number}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("已撤销 %s") % licence.number, messages.SUCCESS)
        return None


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    list_display = ["key_id", "department", "algorithm", "active", "created_at", "retired_at"]
    list_filter = ["algorithm", "active", "department"]
    search_fields = ["key_id"]
    actions = ["rotate_departments_keys"]

    @admin.action(description=_("为所选密钥的部门更换新密钥"))
    def rotate_departments_keys(self, request: HttpRequest, queryset: QuerySet[SigningKey]) -> None:
        departments = {key.department for key in queryset.select_related("department")}
        for department in sorted(departments, key=lambda d: d.code):
            try:
                key = rotate_key(actor=request.user, department=department)
            except DomainError as error:
                self.message_user(request, f"{department}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("%s 的新密钥：") % department + key.key_id)


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "content_type", "size", "uploaded_by", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["public_id", "sha256"]
