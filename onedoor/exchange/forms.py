"""The connector settings form: credentials are shown masked and kept when left masked."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onedoor.exchange.connectors import connectors
from onedoor.exchange.models import ConnectorConfig

MASK = "••••••"


def secret_fields(system: str) -> frozenset[str]:
    """The credential fields to mask; every field of a system without a connector."""
    if system in connectors:
        return connectors.get(system).secret_fields
    return frozenset({"*"})


def masked_credentials(system: str, credentials: dict[str, Any]) -> dict[str, Any]:
    secrets = secret_fields(system)
    return {
        name: MASK if value and ("*" in secrets or name in secrets) else value
        for name, value in (credentials or {}).items()
    }


class ConnectorConfigForm(forms.ModelForm[ConnectorConfig]):
    class Meta:
        model = ConnectorConfig
        fields = ["system", "base_url", "credentials", "timeout_seconds", "enabled"]
        help_texts = {
            "credentials": _("密钥以 %(mask)s 显示；保留 %(mask)s 即不修改该密钥。")
            % {"mask": MASK},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["credentials"] = masked_credentials(
                self.instance.system, self.instance.credentials
            )

    def clean_system(self) -> str:
        system = str(self.cleaned_data.get("system") or "")
        if system not in connectors:
            raise forms.ValidationError(_("没有这个部门系统的接口。"))
        return system

    def clean_credentials(self) -> dict[str, str]:
        value = self.cleaned_data.get("credentials") or {}
        if not isinstance(value, dict):
            raise forms.ValidationError(_("凭据应为 JSON 对象。"))
        stored = dict(self.instance.credentials or {}) if self.instance.pk is not None else {}
        return {
            str(name): str(stored.get(name, "")) if given == MASK else str(given)
            for name, given in value.items()
        }
