from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "onedoor.catalog"
    label = "catalog"
