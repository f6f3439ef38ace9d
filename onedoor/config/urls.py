from django.contrib import admin
from django.urls import include, path

from onedoor.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/", include("onedoor.workbench.urls")),
    path("", include("onedoor.hall.urls")),
]
