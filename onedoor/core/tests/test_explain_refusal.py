"""A refused submission's errors go under the matter form's fields, or else above the form."""

from django import forms

from onedoor.core.errors import DomainError, ErrorCode
from onedoor.core.forms import explain_refusal


class _Form(forms.Form):
    name = forms.CharField(required=False)
    form_age = forms.CharField(required=False)

    def __init__(self) -> None:
        super().__init__({})
        self.fields["form-age"] = self.fields.pop("form_age")


def _explained(error: DomainError) -> dict[str, list[str]]:
    form = _Form()
    assert form.is_valid()
    explain_refusal(form, error)
    return {name: list(errors) for name, errors in form.errors.items()}


def test_each_invalid_answer_goes_under_its_field() -> None:
    error = DomainError(ErrorCode.INVALID_FORM, "表单有误", details={"fields": {"age": "太小"}})
    assert _explained(error) == {"form-age": ["太小"]}


def test_answers_the_form_does_not_show_go_above_it() -> None:
    error = DomainError(ErrorCode.INVALID_FORM, "表单有误", details={"fields": {"other": "x"}})
    assert _explained(error) == {"__all__": ["表单有误"]}


def test_another_refusal_goes_above_the_form() -> None:
    error = DomainError(ErrorCode.INVALID_INPUT, "不受理", details={"fields": {"age": "太小"}})
    assert _explained(error) == {"__all__": ["不受理"]}
