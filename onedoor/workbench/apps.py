from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "onedoor.workbench"
    label = "workbench"
