"""The kiosk's forms: ID numbers from the keypad or a card reader, the lookups, an application
and a ticket. Inputs switch the browser's own keyboard and memory off: the kiosk brings its
keypad, and the next citizen must find nothing typed by the last."""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onedoor.catalog.models import MatterFormField
from onedoor.core.errors import DomainError
from onedoor.core.identifiers import check_id_number
from onedoor.kiosk.queries import ChecklistRow, normalise_code

# Inputs the on-screen keypad serves: no autofill, no spelling help. The keypad's script turns
# the touch screen's own keyboard off (inputmode=none), so without it the input still works.
_KEYPAD = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "class": "k-input k-input--code",
}


def _keypad_input(kind: str, **attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={**_KEYPAD, "data-keypad": kind, **attrs})


class IdNumberField(forms.CharField):
    """An ID number typed on the keypad or by the card reader (which ends with Enter)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("身份证件号码"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", _keypad_input("id", maxlength="18"))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        raw = "".join(str(super().clean(value) or "").split()).upper()
        if not raw:
            return ""
        try:
            return check_id_number(raw).value
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class IdentifyForm(forms.Form):
    id_number = IdNumberField(widget=_keypad_input("id", maxlength="18", autofocus=True))


class CaseLookupForm(forms.Form):
    """A case number and the ID number of its applicant (or agent)."""

    number = forms.CharField(
        label=_("办件编号"),
        max_length=40,
        widget=_keypad_input("code", autofocus=True, placeholder="20260101-XXXXXXX"),
    )
    id_number = IdNumberField()

    def clean_number(self) -> str:
        return normalise_code(self.cleaned_data["number"])


class LicenceLookupForm(forms.Form):
    """A licence number and its holder's ID number."""

    number = forms.CharField(
        label=_("证照编号"),
        max_length=40,
        widget=_keypad_input("code", autofocus=True, placeholder="440604-XXXX-2026-000001"),
    )
    id_number = IdNumberField(label=_("持证人身份证件号码"))

    def clean_number(self) -> str:
        return normalise_code(self.cleaned_data["number"])


# ------------------------------------------------------------------ an application


def _form_field(spec: MatterFormField) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": spec.required}
    if spec.type == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.type == "integer":
        return forms.IntegerField(min_value=spec.min, max_value=spec.max, **common)
    if spec.type == "decimal":
        low = Decimal(str(spec.min)) if spec.min is not None else None
        high = Decimal(str(spec.max)) if spec.max is not None else None
        return forms.DecimalField(min_value=low, max_value=high, **common)
    if spec.type == "boolean":
        return forms.TypedChoiceField(
            choices=[("true", _("是")), ("false", _("否"))],
            coerce=lambda value: value == "true",
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if spec.type == "choice":
        choices = [(str(c["value"]), str(c.get("label") or c["value"])) for c in spec.choices]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    return forms.CharField(
        max_length=spec.max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        **common,
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class ApplicationForm(forms.Form):
    """The matter's own form, and a promise for each material a promise may stand for.

    The idempotency key is drawn when the screen is drawn: a double tap, or the same screen
    sent again, reaches the same case.
    """

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=8)

    def __init__(
        self, *args: Any, fields: list[MatterFormField], checklist: list[ChecklistRow], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.specs = fields
        self.checklist = checklist
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        for spec in fields:
            self.fields[f"form-{spec.name}"] = _form_field(spec)
        for row in checklist:
            if row.may_commit:
                self.fields[f"commit-{row.material.code}"] = forms.BooleanField(
                    label=_("我承诺按规定补交或如实承诺"), required=False
                )

    def form_values(self) -> dict[str, Any]:
        values = {}
        for spec in self.specs:
            value = self.cleaned_data.get(f"form-{spec.name}")
            if value is not None and value != "":
                values[spec.name] = _json_value(value)
        return values

    def materials(self) -> list[dict[str, Any]]:
        """The promises ticked; reused and verified materials the system finds by itself."""
        return [
            {"code": row.material.code, "commitment": True}
            for row in self.checklist
            if row.may_commit and self.cleaned_data.get(f"commit-{row.material.code}")
        ]

    def rows(self) -> list[dict[str, Any]]:
        """The checklist for the template, each row with its promise box when it has one."""
        return [
            {
                "row": row,
                "commit": self[f"commit-{row.material.code}"] if row.may_commit else None,
            }
            for row in self.checklist
        ]

    def form_fields(self) -> list[forms.BoundField]:
        return [self[f"form-{spec.name}"] for spec in self.specs]


# ------------------------------------------------------------------ a ticket

# What each category is for, told on its button.
CATEGORY_HELP = {
    "general": _("个人办事、咨询"),
    "enterprise": _("企业开办、变更、经营许可等企业业务"),
    "priority": _("老年人（65 岁以上）、残疾人、孕妇及怀抱婴儿者，优先叫号"),
    "appointment": _("已预约今天本网点的，凭预约码或身份证件号码签到"),
}


class TicketForm(forms.Form):
    """A category, and optionally the ID number (to be told when one's turn is near)."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=8)
    category = forms.ChoiceField(label=_("业务类别"), widget=forms.RadioSelect)
    id_number = IdNumberField(
        label=_("身份证件号码（选填）"),
        required=False,
        widget=_keypad_input("id", maxlength="18"),
    )
    appointment = forms.CharField(
        label=_("预约码（预约签到时填写）"),
        max_length=64,
        required=False,
        widget=_keypad_input("code", maxlength="36"),
    )

    def __init__(self, *args: Any, categories: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = categories
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("category", categories[0][0] if categories else "")

    def clean_appointment(self) -> str:
        return normalise_code(self.cleaned_data.get("appointment", "")).lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unnamed = not cleaned.get("appointment") and not cleaned.get("id_number")
        if cleaned.get("category") == "appointment" and unnamed and "id_number" not in self.errors:
            self.add_error(
                "appointment", _("预约签到请输入预约码，或输入预约时所用的身份证件号码。")
            )
        return cleaned

    def category_options(self) -> list[dict[str, Any]]:
        """Each category's radio with what it is for."""
        return [
            {"radio": radio, "help": CATEGORY_HELP.get(str(radio.data["value"]), "")}
            for radio in self["category"]
        ]
