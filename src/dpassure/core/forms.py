"""GOV.UK Design System forms, done once: every form on every page renders through here.

Pages only fill blocks: the error summary above the heading, "Error: " in the title, inline
errors, hints, fieldsets for grouped inputs and the three-box date input all come from the
templates in ``core/templates/core/forms/``.
"""

from __future__ import annotations

import datetime

from django import forms
from django.forms.renderers import DjangoTemplates

from dpassure.core.tenancy import Scope


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class DateInput(forms.MultiWidget):
    """Day, month and year boxes (GOV.UK date input pattern)."""

    template_name = "core/forms/date_input.html"

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric"}
        super().__init__(
            [
                forms.TextInput(
                    {**box, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
                ),
                forms.TextInput(
                    {**box, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
                ),
                forms.TextInput(
                    {**box, "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
                ),
            ],
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [parsed.day, parsed.month, parsed.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{index}", "") for index in range(3)]
        if all(not str(part).strip() for part in parts):
            # Also accept a single ISO value (the API and tests post "2024-01-31").
            return data.get(name) or None
        return [str(part).strip() for part in parts]


class DateField(forms.Field):
    """A date entered as day, month and year with GOV.UK's specific error messages."""

    widget = DateInput

    def to_python(self, value):
        if value in (None, "", [None, None, None]):
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                raise forms.ValidationError(
                    f"{self.label} must be a real date", code="invalid"
                ) from None
        day, month, year = value
        missing = [
            name for name, part in zip(("day", "month", "year"), value, strict=True) if not part
        ]
        if missing and len(missing) < 3:
            raise forms.ValidationError(
                f"{self.label} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not missing and not all(part.isdigit() for part in value):
            raise forms.ValidationError(f"{self.label} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers", code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                f"{self.label} must be a real date", code="invalid"
            ) from None


WIDGET_CLASSES = {
    forms.Select: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.PasswordInput: "govuk-input",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukForm:
    """Mixin for every form: GOV.UK classes on widgets, dates as three boxes, scoped choices.

    Choice fields that point at organisation-owned rows only offer the rows of the scope's
    organisation, so a form can never be used to reach into another organisation.
    """

    mark_optional = True

    def __init__(self, *args, scope: Scope | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and not isinstance(field, DateField):
                self.fields[name] = field = _as_govuk_date(field)
            if isinstance(field, forms.ModelChoiceField) and scope is not None:
                model = field.queryset.model
                if any(f.name == "organisation" for f in model._meta.fields):
                    field.queryset = scope.rows(field.queryset).filter(archived_at__isnull=True)
            _plain_messages(field, self.mark_optional)
            widget = field.widget
            css = WIDGET_CLASSES.get(type(widget), "govuk-input")
            if isinstance(
                widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget
            ):
                continue
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


def _plain_messages(field: forms.Field, is_form: bool) -> None:
    """GOV.UK's specific messages ("Enter your name", "Select a department") and a real empty
    choice in place of Django's "---------"."""
    label = str(field.label or "a value")
    lowered = label[:1].lower() + label[1:]
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
        field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} {lowered}"
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
        field.empty_label = "Not chosen" if is_form else "All"


def _as_govuk_date(field: forms.DateField) -> DateField:
    return DateField(
        required=field.required,
        label=field.label,
        help_text=field.help_text,
        initial=field.initial,
    )


class GovukModelForm(GovukForm, forms.ModelForm):
    pass
