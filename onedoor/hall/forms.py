"""The web hall's forms: signing in, choosing for whom, the online application, supplements,
ratings. Every field has a label a screen reader announces."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onedoor.core.errors import DomainError
from onedoor.core.identifiers import check_id_number
from onedoor.hall.services.application import COMMITMENT, LATER, UPLOAD, MaterialRow
from onedoor.ratings.choices import Grade
from onedoor.ratings.models import COMMENT_MAX_LENGTH
from onedoor.workbench.forms import _form_field, json_value
from onedoor.workbench.queries import WindowApplication

UPLOAD_ACCEPT = "application/pdf,image/jpeg,image/png,.ofd,.pdf,.jpg,.jpeg,.png"


class IdNumberForm(forms.Form):
    """Step one of signing in: the ID number the code is sent for."""

    id_number = forms.CharField(
        label=_("身份证件号码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "inputmode": "text"}
        ),
    )

    def clean_id_number(self) -> str:
        raw = "".join(self.cleaned_data["id_number"].split()).upper()
        try:
            return check_id_number(raw).value
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class CodeForm(forms.Form):
    """Step two: the six digits received by SMS."""

    code = forms.RegexField(
        label=_("短信验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入短信中的 6 位数字验证码。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "maxlength": "6",
                "pattern": "[0-9]{6}",
            }
        ),
    )


_HANDLING_LABELS = {
    UPLOAD: _("上传电子文件"),
    COMMITMENT: _("书面承诺，稍后补交"),
    LATER: _("暂时没有"),
}
_NOTIFY_COMMIT_LABEL = _("告知承诺：以书面承诺代替证明")


def _handling_choices(row: MaterialRow) -> list[tuple[str, Any]]:
    choices = []
    for handling in row.handlings:
        label = _HANDLING_LABELS[handling]
        if handling == COMMITMENT and row.material.key:
            label = _NOTIFY_COMMIT_LABEL
        choices.append((handling, label))
    return choices


class OnlineApplicationForm(forms.Form):
    """The application form and the answers to the checklist's real gaps.

    ``saved`` holds what the draft kept: each gap's handling and the upload already stored, so a
    draft resumed (or a page shown again after an error) needs no file chosen twice.
    """

    # The draft keeps the key that counts; the form carries it so the page shows what it sends.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(
        self,
        *args: Any,
        application: WindowApplication,
        rows: list[MaterialRow],
        saved: dict[str, dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.rows = rows
        self.saved = saved or {}
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        for spec in application.fields:
            self.fields[f"form-{spec.name}"] = _form_field(spec)
        for row in self.gaps:
            code = row.material.code
            kept = self.saved.get(code, {})
            self.fields[f"material-{code}"] = forms.ChoiceField(
                label=row.material.name,
                choices=_handling_choices(row),
                initial=kept.get("handling") or row.default_handling,
                widget=forms.RadioSelect,
            )
            self.fields[f"file-{code}"] = forms.FileField(
                label=_("选择文件（PDF、JPG、PNG 或 OFD）"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
            )

    @property
    def gaps(self) -> list[MaterialRow]:
        return [row for row in self.rows if row.is_gap]

    def kept_upload(self, code: str) -> str:
        return self.saved.get(code, {}).get("upload_id", "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in self.gaps:
            code = row.material.code
            if cleaned.get(f"material-{code}") != UPLOAD:
                continue
            if not cleaned.get(f"file-{code}") and not self.kept_upload(code):
                self.add_error(f"file-{code}", _("请选择要上传的文件，或改选其他方式。"))
        return cleaned

    # ---------------------------------------------------------------- reading the bound form

    def raw_values(self) -> dict[str, str]:
        """What was typed, unchecked, for a draft: a draft may be saved half-filled."""
        return {
            spec.name: str(self.data.get(f"form-{spec.name}", ""))[:2000]
            for spec in self.application.fields
        }

    def raw_handlings(self) -> dict[str, str]:
        allowed = {row.material.code: row.handlings for row in self.gaps}
        chosen = {}
        for code, handlings in allowed.items():
            value = str(self.data.get(f"material-{code}", ""))
            if value in handlings:
                chosen[code] = value
        return chosen

    def files_to_store(self) -> dict[str, Any]:
        """Material code → the file attached for it, when its handling is an upload."""
        files = {}
        for row in self.gaps:
            code = row.material.code
            attached = self.files.get(f"file-{code}")
            if attached and self.data.get(f"material-{code}") == UPLOAD:
                files[code] = attached
        return files

    def form_values(self) -> dict[str, Any]:
        values = {}
        for spec in self.application.fields:
            value = self.cleaned_data.get(f"form-{spec.name}")
            if value is not None and value != "":
                values[spec.name] = json_value(value)
        return values

    def rows_for_template(self) -> list[dict[str, Any]]:
        rows = []
        for row in self.rows:
            code = row.material.code
            gap = row.is_gap
            rows.append(
                {
                    "row": row,
                    "handling": self[f"material-{code}"] if gap else None,
                    "file": self[f"file-{code}"] if gap else None,
                    "kept": self.kept_upload(code),
                }
            )
        return rows

    def form_fields(self) -> list[tuple[forms.BoundField, Any]]:
        return [(self[f"form-{spec.name}"], spec) for spec in self.application.fields]


def submission_materials(
    handlings: dict[str, str], uploads: dict[str, str]
) -> list[dict[str, Any]]:
    """The ``materials`` of the submission from the citizen's answers to each gap."""
    sent: list[dict[str, Any]] = []
    for code, handling in handlings.items():
        if handling == UPLOAD and uploads.get(code):
            sent.append({"code": code, "upload_id": uploads[code]})
        elif handling == COMMITMENT:
            sent.append({"code": code, "commitment": True})
    return sent


class SupplementForm(forms.Form):
    """One file for each material the case still waits for (补正)."""

    def __init__(self, *args: Any, materials: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.materials = materials
        for material in materials:
            self.fields[f"file-{material.code}"] = forms.FileField(
                label=material.name,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": UPLOAD_ACCEPT}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(f"file-{m.code}") for m in self.materials):
            raise forms.ValidationError(_("请至少选择一份要补交的文件。"))
        return cleaned

    def attached(self) -> dict[str, Any]:
        return {
            m.code: self.cleaned_data[f"file-{m.code}"]
            for m in self.materials
            if self.cleaned_data.get(f"file-{m.code}")
        }


class RatingForm(forms.Form):
    grade = forms.TypedChoiceField(
        label=_("您对这次办事满意吗？"),
        choices=Grade.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见和建议（选填）"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
