"""Admin forms for the catalog: lists typed as words, review departments, cross-row checks."""

import copy
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.actions.common import check_no_overlap
from onedoor.catalog.choices import Channel, VersionStatus
from onedoor.catalog.models import Bundle, Department, MatterStage, MatterVersion
from onedoor.core.errors import DomainError

_LIST_SEPARATORS = re.compile(r"[\s,，、;；/／]+")


class WordListField(forms.CharField):
    """A list of words typed on one line, separated by 、 , / or spaces."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, not text
        if isinstance(value, list):
            return [str(v) for v in value]
        text = super().to_python(value) or ""
        return list(dict.fromkeys(w for w in _LIST_SEPARATORS.split(text) if w))

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial) != self.to_python(data)


class MatterVersionForm(forms.ModelForm):  # type: ignore[type-arg]  # admin form
    keywords = WordListField(
        label=_("关键词"), required=False, help_text=_("用顿号、逗号或空格分隔")
    )
    channels = forms.MultipleChoiceField(
        label=_("办理渠道"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MatterVersion
        exclude: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        version = self.instance
        if version.pk and version.status == VersionStatus.PUBLISHED and "valid_until" in data:
            candidate = copy.copy(version)
            candidate.valid_until = data["valid_until"]
            if candidate.valid_until and candidate.valid_until < candidate.valid_from:
                raise ValidationError({"valid_until": _("失效日期不得早于生效日期。")})
            try:
                check_no_overlap(candidate)
            except DomainError as exc:
                raise ValidationError({"valid_until": exc.message}) from None
        return data


class BundleForm(forms.ModelForm):  # type: ignore[type-arg]  # admin form
    keywords = WordListField(
        label=_("关键词"), required=False, help_text=_("用顿号、逗号或空格分隔")
    )

    class Meta:
        model = Bundle
        exclude: list[str] = []


class ConditionForm(forms.ModelForm):  # type: ignore[type-arg]  # admin inline form
    curable_by = WordListField(
        label=_("可补正材料"), required=False, help_text=_("材料代码，用顿号、逗号或空格分隔")
    )


class StageForm(forms.ModelForm):  # type: ignore[type-arg]  # admin inline form
    """A stage with its review departments typed as codes, kept in the order given."""

    review_departments = WordListField(
        label=_("审查部门"), help_text=_("部门代码，用顿号、逗号或空格分隔，如 market、urban、fire")
    )

    class Meta:
        model = MatterStage
        fields = ["name", "rule", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["review_departments"] = [
                r.department.code for r in self.instance.reviews.select_related("department")
            ]

    def clean_review_departments(self) -> list[str]:
        codes: list[str] = self.cleaned_data["review_departments"]
        known = set(Department.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationError(_("未知的部门代码：%(codes)s") % {"codes": ", ".join(unknown)})
        return codes


def sibling_values(data: Any, prefix: str, field: str) -> set[str]:
    """Values of ``field`` in the rows of another inline posted in the same form."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return set()
    values = set()
    for i in range(total):
        if data.get(f"{prefix}-{i}-DELETE"):
            continue
        value = (data.get(f"{prefix}-{i}-{field}") or "").strip()
        if value:
            values.add(value)
    return values


class MaterialFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]  # admin formset
    """A material's verification must name a verification of the same version."""

    def clean(self) -> None:
        super().clean()
        keys = sibling_values(self.data, "verifications", "key")
        for form in self.forms:
            key = (getattr(form, "cleaned_data", None) or {}).get("verification")
            if key and key not in keys and not form.cleaned_data.get("DELETE"):
                form.add_error(
                    "verification", _("本版本没有键为 %(key)s 的数据核验。") % {"key": key}
                )


class ConditionFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]  # admin formset
    """A condition is cured only by materials of the same version."""

    material_prefix: str | None = "materials"

    def clean(self) -> None:
        super().clean()
        if self.material_prefix is None:
            return
        codes = sibling_values(self.data, self.material_prefix, "code")
        for form in self.forms:
            cured = (getattr(form, "cleaned_data", None) or {}).get("curable_by") or []
            stray = [c for c in cured if c not in codes]
            if stray and not form.cleaned_data.get("DELETE"):
                form.add_error(
                    "curable_by",
                    _("不是本事项的材料：%(codes)s") % {"codes": ", ".join(stray)},
                )


class BundleConditionFormSet(ConditionFormSet):
    # A bundle's conditions are cured by its matters' materials, checked when it is published.
    material_prefix = None
