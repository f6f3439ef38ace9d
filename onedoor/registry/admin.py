"""The registries in the admin, read-only: persons and organisations change through actions."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onedoor.registry.models import DataAccess, DemoPersonaSet, Organisation, Person


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("name", "masked_id_number", "birth_date", "sex")
    search_fields = ("=id_number", "name")
    show_full_result_count = False  # a count of millions of rows is slow and says little


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "org_type")
    search_fields = ("=uscc", "name")
    raw_id_fields = ("legal_representative",)
    show_full_result_count = False


@admin.register(DataAccess)
class DataAccessAdmin(ReadOnlyAdmin):
    list_display = ("at", "accessor", "action", "purpose", "person", "organisation")
    list_filter = ("action",)
    raw_id_fields = ("person", "organisation")
    show_full_result_count = False


@admin.register(DemoPersonaSet)
class DemoPersonaSetAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "enrollment_year", "sandbox_seeded_at")
