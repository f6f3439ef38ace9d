"""The workbench's forms: identifying the applicant, the window's checklist-and-form screen, and
an approver's decision."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onedoor.cases.choices import TaskDecision
from onedoor.core.errors import DomainError
from onedoor.core.identifiers import check_id_number
from onedoor.workbench.queries import (
    ApplicantRef,
    WindowApplication,
    WindowField,
    WindowMaterial,
    identify,
)

# How a material the system cannot supply is handled at the window.
SYSTEM, PAPER, UPLOAD, COMMITMENT, MISSING = "system", "paper", "upload", "commitment", "missing"
REUSED = "reused"
_HANDLING_LABELS = {
    SYSTEM: _("系统核验"),
    PAPER: _("纸质原件"),
    UPLOAD: _("上传"),
    COMMITMENT: _("承诺"),
    MISSING: _("缺少"),
}


class IdentifyForm(forms.Form):
    """The applicant's ID number (a card reader types it and presses Enter) or credit code."""

    applicant = forms.CharField(
        label=_("身份证件号码或统一社会信用代码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "wb-id-input",
            }
        ),
    )
    name = forms.CharField(
        label=_("姓名（首次办事时填写）"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_applicant(self) -> ApplicantRef:
        try:
            return identify(self.cleaned_data["applicant"])
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("查找事项"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("事项名称或关键词，如 户籍证明、开餐馆")}
        ),
    )


def _form_field(spec: WindowField) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": spec.required}
    if spec.type == "date":
        attrs = {"type": "date"}
        attrs.update({k: str(v) for k, v in (("min", spec.min), ("max", spec.max)) if v})
        return forms.DateField(widget=forms.DateInput(attrs=attrs), **common)
    if spec.type == "integer":
        return forms.IntegerField(min_value=spec.min, max_value=spec.max, **common)
    if spec.type == "decimal":
        low = Decimal(str(spec.min)) if spec.min is not None else None
        high = Decimal(str(spec.max)) if spec.max is not None else None
        return forms.DecimalField(
            min_value=low, max_value=high, widget=forms.NumberInput(attrs={"step": "any"}), **common
        )
    if spec.type == "boolean":
        return forms.TypedChoiceField(
            choices=[("", "—"), ("true", _("是")), ("false", _("否"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            **common,
        )
    if spec.type == "choice":
        return forms.ChoiceField(choices=[("", "—"), *spec.choices], **common)
    return forms.CharField(max_length=spec.max_length, **common)


def json_value(value: Any) -> Any:
    """A cleaned form value as the application form (JSON) holds it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class ApplicationForm(forms.Form):
    """The window's checklist and application form for one applicant and one matter or bundle.

    ``automatic`` tells, per material, what the system already has: a licence number on file
    (reused), or ``system`` for a fact a department system will confirm. A reused material gets no
    field; every other one gets a choice of how it is handled, with a file input for uploads.
    """

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    agent_id_number = forms.CharField(
        label=_("代理人身份证件号码"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(
        self,
        *args: Any,
        application: WindowApplication,
        automatic: dict[str, str],
        agent_required: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.automatic = automatic
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        self.fields["agent_id_number"].required = agent_required
        for spec in application.fields:
            self.fields[f"form-{spec.name}"] = _form_field(spec)
        for material in application.materials:
            if automatic.get(material.code, "").startswith(REUSED):
                continue
            self.fields[f"material-{material.code}"] = forms.ChoiceField(
                label=material.name,
                choices=self._handlings(material),
                initial=SYSTEM if material.verifiable else MISSING,
                widget=forms.RadioSelect,
            )
            self.fields[f"file-{material.code}"] = forms.FileField(
                label=_("选择文件"), required=False
            )
            self.fields[f"upload-{material.code}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, max_length=40
            )

    @staticmethod
    def _handlings(material: WindowMaterial) -> list[tuple[str, Any]]:
        handlings = [SYSTEM] if material.verifiable else []
        handlings += [PAPER, UPLOAD]
        if material.commitment_allowed:
            handlings.append(COMMITMENT)
        handlings.append(MISSING)
        return [(h, _HANDLING_LABELS[h]) for h in handlings]

    def clean_agent_id_number(self) -> str:
        raw = "".join(self.cleaned_data.get("agent_id_number", "").split()).upper()
        if not raw:
            return ""
        try:
            return check_id_number(raw).value
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for material in self.application.materials:
            if cleaned.get(f"material-{material.code}") != UPLOAD:
                continue
            if not cleaned.get(f"file-{material.code}") and not cleaned.get(
                f"upload-{material.code}"
            ):
                self.add_error(f"file-{material.code}", _("请选择要上传的文件。"))
        return cleaned

    # -------------------------------------------------------------- reading the bound form

    def form_values(self) -> dict[str, Any]:
        values = {}
        for spec in self.application.fields:
            value = self.cleaned_data.get(f"form-{spec.name}")
            if value is not None and value != "":
                values[spec.name] = json_value(value)
        return values

    def files_to_store(self) -> dict[str, Any]:
        """Material code → the file the clerk attached for an upload."""
        return {
            m.code: self.cleaned_data[f"file-{m.code}"]
            for m in self.application.materials
            if self.cleaned_data.get(f"material-{m.code}") == UPLOAD
            and self.cleaned_data.get(f"file-{m.code}")
        }

    def materials(self, upload_ids: dict[str, str]) -> list[dict[str, Any]]:
        """The materials part of the submission, from the clerk's choices."""
        sent: list[dict[str, Any]] = []
        for material in self.application.materials:
            handling = self.cleaned_data.get(f"material-{material.code}")
            if handling == PAPER:
                sent.append({"code": material.code, "paper": True})
            elif handling == COMMITMENT:
                sent.append({"code": material.code, "commitment": True})
            elif handling == UPLOAD:
                upload = upload_ids.get(material.code) or self.cleaned_data.get(
                    f"upload-{material.code}"
                )
                sent.append({"code": material.code, "upload_id": upload})
        return sent

    def rows(self, stored: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """One row per material for the template: the material, its automatic state, its fields.

        ``stored`` holds the uploads already stored for this form, so that a form shown again
        after an error keeps them without the clerk choosing the files again.
        """
        stored = stored or {}
        rows = []
        for material in self.application.materials:
            automatic = self.automatic.get(material.code, "")
            field = self.fields.get(f"material-{material.code}")
            rows.append(
                {
                    "material": material,
                    "reused": automatic.removeprefix(f"{REUSED}:")
                    if automatic.startswith(REUSED)
                    else "",
                    "verifiable": material.verifiable,
                    "handling": self[f"material-{material.code}"] if field else None,
                    "file": self[f"file-{material.code}"] if field else None,
                    "upload_id": stored.get(material.code)
                    or (self[f"upload-{material.code}"].value() if field else ""),
                }
            )
        return rows

    def form_fields(self) -> list[tuple[forms.BoundField, WindowField]]:
        return [(self[f"form-{spec.name}"], spec) for spec in self.application.fields]


class DecisionForm(forms.Form):
    """An approver's decision on one review task; reject and return need an opinion."""

    decision = forms.ChoiceField(
        label=_("审查决定"), choices=TaskDecision.choices, widget=forms.RadioSelect
    )
    opinion = forms.CharField(
        label=_("审查意见"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") in (TaskDecision.REJECT, TaskDecision.RETURN)
            and not (cleaned.get("opinion") or "").strip()
        ):
            self.add_error("opinion", _("不同意或退回补正须写明意见和理由。"))
        return cleaned
