from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "onedoor.exchange"
    label = "exchange"
