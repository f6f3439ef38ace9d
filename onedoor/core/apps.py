from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "onedoor.core"
    label = "core"
