from django.apps import AppConfig


class HallConfig(AppConfig):
    name = "onedoor.hall"
    label = "hall"
