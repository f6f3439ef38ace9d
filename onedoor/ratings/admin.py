from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onedoor.ratings.models import Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    """Ratings are the citizens' own words: staff read them, never edit them."""

    list_display = ("case", "grade", "channel", "created_at")
    list_filter = ("grade", "channel")
    search_fields = ("case__number",)
    readonly_fields = ("case", "rater", "grade", "comment", "channel", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
