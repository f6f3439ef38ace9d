from django.urls import path

from onedoor.hall import licence_views, views

app_name = "hall"

urlpatterns = [
    path("", views.index, name="index"),
    path("matters/", views.search, name="search"),
    path("matters/<slug:code>", views.matter_guide, name="matter"),
    path("bundles/<slug:code>", views.bundle_guide, name="bundle"),
    path("display-mode/", views.display_mode, name="display-mode"),
    path("licences/<str:number>/verify", licence_views.verify_page, name="licence-verify"),
]
