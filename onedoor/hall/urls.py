from django.urls import path

from onedoor.hall import views

app_name = "hall"

urlpatterns = [
    path("", views.index, name="index"),
]
