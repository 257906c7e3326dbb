"""Template helpers that put GOV.UK classes and ARIA links on Django widgets."""

from django import forms, template
from django.utils.html import format_html, format_html_join

from dpassure.core.forms import DateInput

register = template.Library()


@register.filter
def is_date(widget) -> bool:
    return isinstance(widget, DateInput)


@register.filter
def is_grouped(widget) -> bool:
    return isinstance(widget, forms.MultiWidget | forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_choices(widget) -> bool:
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def first_input_id(field) -> str:
    """The id of a field's first input, for error summary links into grouped inputs."""
    widget, suffix = field.field.widget, ""
    while isinstance(widget, forms.MultiWidget):
        widget, suffix = widget.widgets[0], suffix + "_0"
    return f"{field.auto_id}{suffix}"


@register.filter
def is_checkbox(widget) -> bool:
    return isinstance(widget, forms.CheckboxInput)


def _described_by(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_widget(field):
    """The field's widget with the error modifier class and aria-describedby set."""
    attrs = {}
    css = field.field.widget.attrs.get("class", "")
    if field.errors and css and not isinstance(field.field.widget, forms.CheckboxInput):
        base = css.split()[0]
        attrs["class"] = f"{css} {base}--error"
    described_by = _described_by(field)
    if described_by:
        attrs["aria-describedby"] = described_by
    return field.as_widget(attrs=attrs)


@register.simple_tag
def govuk_choices(field):
    """Radios or checkboxes in GOV.UK markup."""
    multiple = isinstance(field.field.widget, forms.CheckboxSelectMultiple)
    kind = "checkboxes" if multiple else "radios"
    input_type = "checkbox" if multiple else "radio"
    value = field.value()
    selected = {str(v) for v in value} if multiple and value else {str(value)}
    items = []
    for choice_value, label in field.field.widget.choices:
        if choice_value == "" and not multiple:
            continue
        item_id = field.auto_id if not items else f"{field.auto_id}_{len(items)}"
        checked = " checked" if str(choice_value) in selected else ""
        items.append(
            (
                kind,
                kind,
                item_id,
                input_type,
                field.html_name,
                choice_value,
                checked,
                kind,
                item_id,
                label,
            )
        )
    inner = format_html_join(
        "",
        '<div class="govuk-{}__item"><input class="govuk-{}__input" id="{}" type="{}" '
        'name="{}" value="{}"{}><label class="govuk-label govuk-{}__label" for="{}">{}</label>'
        "</div>",
        items,
    )
    return format_html('<div class="govuk-{}" data-module="govuk-{}">{}</div>', kind, kind, inner)
