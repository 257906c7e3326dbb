from django import forms

from dpassure.core.forms import GovukForm, GovukModelForm
from dpassure.core.roles import Role
from dpassure.organisations.models import Department, Membership, Person, ServiceBreak


class DepartmentForm(GovukModelForm):
    class Meta:
        model = Department
        fields = ["name", "code", "parent"]


class PersonForm(GovukModelForm):
    class Meta:
        model = Person
        fields = [
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "department",
            "job_title",
            "line_manager",
            "start_date",
            "leaving_date",
        ]
        help_texts = {
            "employee_number": "The number HR and the learning platform use for this person.",
            "start_date": "For example, 27 3 2024",
            "leaving_date": "Their last working day. Leave blank if they have not left.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The manager by employee number, as in HR extracts: a force has too many people for
        # a list. Only the organisation's people (scoped by GovukForm), never the person.
        manager = self.fields["line_manager"]
        if self.instance.pk:
            manager.queryset = manager.queryset.exclude(pk=self.instance.pk)
        manager.to_field_name = "employee_number"
        manager.label = "Line manager's employee number"
        manager.help_text = "Leave blank if they have none in the directory."
        manager.error_messages["invalid_choice"] = (
            "Enter the employee number of someone else in the directory"
        )
        manager.widget = forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"})
        if self.instance.line_manager_id and not self.is_bound:
            self.initial["line_manager"] = self.instance.line_manager.employee_number

    def clean(self):
        cleaned = super().clean()
        start, leaving = cleaned.get("start_date"), cleaned.get("leaving_date")
        if start and leaving and leaving < start:
            self.add_error("leaving_date", "Leaving date must be the same as or after start date")
        return cleaned


class ServiceBreakForm(GovukModelForm):
    class Meta:
        model = ServiceBreak
        fields = ["start_date", "end_date", "reason", "returned_in_different_role"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after start date")
        return cleaned


class MembershipInviteForm(GovukForm, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="If they are new to DP Assure we will email them a link to choose a password.",
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect, initial=Role.VIEWER)


class MembershipForm(GovukModelForm):
    class Meta:
        model = Membership
        fields = ["role"]
        widgets = {"role": forms.RadioSelect}
