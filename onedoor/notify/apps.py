from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "onedoor.notify"
    label = "notify"
    verbose_name = _("消息通知")

    def ready(self) -> None:
        # Channel backends register themselves when their module is imported.
        from onedoor.notify import backends, checks  # noqa: F401
