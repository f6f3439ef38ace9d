"""The hall's display board (/hall-display/<service point>/): public, for the TV in the hall."""

from django.urls import path

from onedoor.workbench.views import hall

app_name = "display"

urlpatterns = [
    path("<slug:service_point>/", hall.display, name="board"),
    path("<slug:service_point>/board.json", hall.display_json, name="board-json"),
]
