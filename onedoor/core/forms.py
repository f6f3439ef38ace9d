"""What every screen that posts a matter's application does with a form."""

from django import forms

from onedoor.core.errors import DomainError, ErrorCode


def explain_refusal(form: forms.Form, error: DomainError) -> None:
    """Put a refusal of the submission where the applicant will see it: each invalid answer of
    the matter's form under its own field (``form-<name>``), anything else above the form."""
    fields = error.details.get("fields")
    if error.code == ErrorCode.INVALID_FORM and isinstance(fields, dict):
        placed = False
        for name, problem in fields.items():
            if f"form-{name}" in form.fields:
                form.add_error(f"form-{name}", str(problem))
                placed = True
        if placed:
            return
    form.add_error(None, error.message)
