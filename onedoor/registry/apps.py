from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "onedoor.registry"
    label = "registry"
