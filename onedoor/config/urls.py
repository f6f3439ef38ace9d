from django.contrib import admin
from django.urls import include, path

from onedoor.api.main import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("workbench/", include("onedoor.workbench.urls")),
    path("hall-display/", include("onedoor.workbench.display_urls")),
    path("kiosk/", include("onedoor.kiosk.urls")),
    path("", include("onedoor.notify.urls")),
    path("", include("onedoor.hall.urls")),
]

handler400 = "onedoor.core.views.bad_request"
handler403 = "onedoor.core.views.permission_denied"
handler404 = "onedoor.core.views.not_found"
handler500 = "onedoor.core.views.server_error"
