from django.urls import path

from onedoor.hall import licence_views, views

app_name = "hall"

urlpatterns = [
    path("", views.index, name="index"),
    path("licences/<str:number>/verify", licence_views.verify_page, name="licence-verify"),
]
