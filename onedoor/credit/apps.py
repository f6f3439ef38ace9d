from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "onedoor.credit"
    label = "credit"
