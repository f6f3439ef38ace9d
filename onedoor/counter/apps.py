from django.apps import AppConfig


class CounterConfig(AppConfig):
    name = "onedoor.counter"
    label = "counter"
