"""Forms for checklists, spot checks, recording their results, and actions."""

from __future__ import annotations

from django import forms

from dpassure.core import clock
from dpassure.core.forms import DateField, GovukForm, GovukModelForm
from dpassure.incidents.models import Action, SpotCheck, SpotCheckTemplate

PASS, FAIL = "pass", "fail"


class SpotCheckTemplateForm(GovukModelForm):
    class Meta:
        model = SpotCheckTemplate
        fields = ["name", "items"]
        labels = {"name": "Name of the checklist", "items": "Items to check"}
        help_texts = {
            "items": "One item on each line. Changing the items does not change the results "
            "of spot checks already done."
        }
        widgets = {"items": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "name": {"required": "Enter the name of the checklist"},
            "items": {"required": "Enter at least one item to check"},
        }


class SpotCheckForm(GovukModelForm):
    class Meta:
        model = SpotCheck
        fields = ["template", "department", "location", "due_on", "notes"]
        labels = {
            "template": "Checklist",
            "location": "Building, floor or room",
            "due_on": "Due date",
        }
        help_texts = {
            "location": "For example, Central Police Station, second floor, CID office",
            "due_on": "For example, 27 3 2026",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"template": {"required": "Choose the checklist to use"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].error_messages["required"] = "Enter the date the spot check is due"
        if self.instance.done_on:
            # The results were recorded against this checklist: it can no longer change.
            del self.fields["template"]


class SpotCheckResultsForm(GovukForm, forms.Form):
    """One pass or fail, with an optional note, for each item on the check's checklist.

    Fields are named ``item_<n>`` and ``item_<n>_note`` in checklist order, so the error
    summary links straight to the item that needs an answer.
    """

    done_on = DateField(
        label="Date the spot check was done",
        error_messages={"required": "Enter the date the spot check was done"},
    )
    done_by = forms.CharField(
        label="Done by",
        max_length=200,
        error_messages={"required": "Enter who did the spot check"},
    )

    def __init__(self, *args, items: list[str], **kwargs):
        self.items = items
        # Fields for this checklist, in page order; set before the base __init__ so that they
        # get the GOV.UK widget classes like declared fields.
        fields = dict(type(self).base_fields)
        for index, item in enumerate(items):
            fields[self.result_name(index)] = forms.ChoiceField(
                label=item,
                choices=[(PASS, "Pass"), (FAIL, "Fail")],
                widget=forms.RadioSelect,
                error_messages={"required": f"Select whether “{item}” passed or failed"},
            )
            fields[self.note_name(index)] = forms.CharField(
                label=f"Note on “{item}”",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="What you found. For a failure, this goes into the action.",
            )
        fields["action_owner"] = forms.CharField(
            label="Who will put the failures right",
            max_length=200,
            required=False,
            help_text="Each failed item becomes an action for this person or team. "
            "Leave blank if everything passed.",
        )
        fields["action_due_on"] = DateField(
            label="Date the actions are due",
            required=False,
            help_text="Leave blank if everything passed.",
        )
        self.base_fields = fields
        super().__init__(*args, **kwargs)

    @staticmethod
    def result_name(index: int) -> str:
        return f"item_{index}"

    @staticmethod
    def note_name(index: int) -> str:
        return f"item_{index}_note"

    def item_groups(self):
        """(result field, note field) for each checklist item, for the page to lay out."""
        return [
            (self[self.result_name(index)], self[self.note_name(index)])
            for index in range(len(self.items))
        ]

    def clean(self):
        cleaned = super().clean()
        failed = any(
            cleaned.get(self.result_name(index)) == FAIL for index in range(len(self.items))
        )
        if failed:
            if not cleaned.get("action_owner", "").strip() and "action_owner" not in self.errors:
                self.add_error("action_owner", "Enter who will put the failures right")
            if not cleaned.get("action_due_on") and "action_due_on" not in self.errors:
                self.add_error("action_due_on", "Enter the date the actions are due")
        return cleaned

    def service_arguments(self) -> dict:
        """The keyword arguments of :func:`spot_check_record_results`."""
        data = self.cleaned_data
        return {
            "done_on": data["done_on"],
            "done_by": data["done_by"].strip(),
            "results": [
                (
                    item,
                    data[self.result_name(index)] == PASS,
                    data[self.note_name(index)].strip(),
                )
                for index, item in enumerate(self.items)
            ],
            "action_owner": data["action_owner"].strip(),
            "action_due_on": data["action_due_on"],
        }


def _not_in_future(form, name: str, message: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > clock.today():
        form.add_error(name, message)


class ActionForm(GovukModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_on", "done_on"]
        labels = {
            "description": "What needs to be done",
            "due_on": "Due date",
            "done_on": "Date it was done",
        }
        help_texts = {
            "owner": "The person or team responsible.",
            "done_on": "Leave blank while the action is still open.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "description": {"required": "Enter what needs to be done"},
            "owner": {"required": "Enter who is responsible"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].error_messages["required"] = "Enter the date the action is due"

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "done_on", "The date it was done cannot be in the future")
        return cleaned


class ActionDoneForm(GovukModelForm):
    class Meta:
        model = Action
        fields = ["done_on"]
        labels = {"done_on": "Date it was done"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["done_on"]
        field.required = True
        field.error_messages["required"] = "Enter the date the action was done"
        if not self.instance.done_on:
            self.initial.setdefault("done_on", clock.today())

    def clean(self):
        cleaned = super().clean()
        _not_in_future(self, "done_on", "The date it was done cannot be in the future")
        return cleaned
