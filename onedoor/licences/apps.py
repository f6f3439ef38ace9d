from django.apps import AppConfig


class LicencesConfig(AppConfig):
    name = "onedoor.licences"
    label = "licences"
