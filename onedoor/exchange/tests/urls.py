"""The platform's URLs plus the systems page where the workbench will route it."""

from django.urls import path

from onedoor.config.urls import urlpatterns as platform
from onedoor.exchange.views import systems_health

urlpatterns = [path("workbench/systems/", systems_health), *platform]
