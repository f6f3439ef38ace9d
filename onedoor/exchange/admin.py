"""Admin: connector settings and deep links are edited here (through actions); the log is read."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from onedoor.exchange.actions import configure_connector, delete_deep_link, save_deep_link
from onedoor.exchange.connectors import connectors
from onedoor.exchange.forms import ConnectorConfigForm, masked_credentials
from onedoor.exchange.models import ConnectorConfig, DeepLink, ExchangeLog
from onedoor.exchange.queries import get_connector_settings


@admin.register(ConnectorConfig)
class ConnectorConfigAdmin(admin.ModelAdmin[ConnectorConfig]):
    form = ConnectorConfigForm
    list_display = ["system", "base_url", "masked", "timeout_seconds", "enabled", "updated_at"]
    list_filter = ["enabled"]
    actions = ["check_selected"]

    @admin.display(description=_("凭据"))
    def masked(self, obj: ConnectorConfig) -> str:
        shown = masked_credentials(obj.system, obj.credentials)
        return ", ".join(f"{name}={value}" for name, value in shown.items())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["system"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a system is switched off with "enabled", keeping its history readable

    def save_model(
        self, request: HttpRequest, obj: ConnectorConfig, form: Any, change: bool
    ) -> None:
        saved = configure_connector(
            actor=request.user,
            system=obj.system,
            base_url=obj.base_url,
            credentials=obj.credentials,
            timeout_seconds=obj.timeout_seconds,
            enabled=obj.enabled,
        )
        obj.pk = saved.pk

    @admin.action(description=_("检查所选接口（连通与凭据）"))
    def check_selected(self, request: HttpRequest, queryset: QuerySet[ConnectorConfig]) -> None:
        systems = list(queryset.values_list("system", flat=True))
        for code, config in sorted(get_connector_settings(systems).items()):
            if code not in connectors:
                continue
            problems = connectors.get(code).check(config)
            if problems:
                text = "; ".join(p.message for p in problems)
                self.message_user(request, f"{code}: {text}", messages.ERROR)
            else:
                self.message_user(request, _("%s：正常") % code, messages.SUCCESS)


@admin.register(DeepLink)
class DeepLinkAdmin(admin.ModelAdmin[DeepLink]):
    list_display = ["name", "url", "department", "matters", "updated_at"]
    list_filter = ["department"]
    search_fields = ["name", "url"]

    def save_model(self, request: HttpRequest, obj: DeepLink, form: Any, change: bool) -> None:
        save_deep_link(actor=request.user, link=obj)

    def delete_model(self, request: HttpRequest, obj: DeepLink) -> None:
        delete_deep_link(actor=request.user, link=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DeepLink]) -> None:
        for link in queryset:
            delete_deep_link(actor=request.user, link=link)


@admin.register(ExchangeLog)
class ExchangeLogAdmin(admin.ModelAdmin[ExchangeLog]):
    list_display = ["at", "system", "fact", "masked_subject", "answer", "error", "latency_ms",
                    "cached", "case_number", "requester"]  # fmt: skip
    list_filter = ["system", "answer", "error", "cached"]
    # Exact matches only: the admin never lists people by a fragment of their number.
    search_fields = ["=case_number", "=subject"]
    date_hierarchy = "at"
    exclude = ["subject"]
    readonly_fields = ["masked_subject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
