from django.contrib import admin

from onedoor.credit.models import CreditListEntry


@admin.register(CreditListEntry)
class CreditListEntryAdmin(admin.ModelAdmin):
    list_display = ["list", "person", "organisation", "reason", "since", "until"]
    list_filter = ["list"]
    raw_id_fields = ["person", "organisation"]
