import datetime

from django import forms
from django.utils import timezone

from dpassure.core.forms import DateField, GovukForm, GovukModelForm
from dpassure.incidents.models import IcoUpdate, Incident, InvolvedPerson
from dpassure.organisations.models import Person


class DateTimeField(forms.MultiValueField):
    """A date as day, month and year boxes plus a 24-hour time, in UK time."""

    def __init__(self, **kwargs):
        fields = (DateField(label=kwargs.get("label")), forms.CharField(max_length=5))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        self.widget = DateTimeInput()

    def compress(self, values):
        if not values or values[0] in (None, ""):
            if self.required:
                raise forms.ValidationError(f"Enter {str(self.label).lower()}", code="required")
            return None
        day, time_text = values[0], (values[1] or "").strip() or "00:00"
        try:
            parsed = datetime.datetime.strptime(time_text, "%H:%M").time()
        except ValueError:
            raise forms.ValidationError(
                "Enter the time as hours and minutes on a 24-hour clock, like 14:30", code="time"
            ) from None
        return timezone.make_aware(datetime.datetime.combine(day, parsed))


class DateTimeInput(forms.MultiWidget):
    template_name = "incidents/datetime_input.html"

    def __init__(self, attrs=None):
        from dpassure.core.forms import DateInput

        super().__init__(
            [
                DateInput(),
                forms.TextInput(
                    {"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}
                ),
            ],
            attrs,
        )

    def decompress(self, value):
        if value:
            local = timezone.localtime(value)
            return [local.date(), local.strftime("%H:%M")]
        return [None, ""]


def _datetimes(form):
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.DateTimeField):
            form.fields[name] = DateTimeField(
                label=field.label, required=field.required, help_text=field.help_text
            )


class IncidentFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _datetimes(self)


class IncidentReportForm(IncidentFormMixin, GovukModelForm):
    """The one-minute report any member of staff can make."""

    class Meta:
        model = Incident
        fields = [
            "is_near_miss",
            "what_happened",
            "occurred_at",
            "discovered_at",
            "information_involved",
            "people_affected_estimate",
        ]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 5}),
            "information_involved": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "what_happened": "For example: I emailed a victim's statement to the wrong address.",
            "occurred_at": "If you are not sure, give your best estimate.",
            "information_involved": "For example: names and addresses of witnesses.",
        }


class IncidentTriageForm(IncidentFormMixin, GovukModelForm):
    class Meta:
        model = Incident
        fields = [
            "aware_at",
            "is_personal_data_breach",
            "security_property",
            "cause",
            "department",
            "containment",
        ]
        widgets = {
            "security_property": forms.RadioSelect,
            "containment": forms.Textarea(attrs={"rows": 3}),
            "is_personal_data_breach": forms.RadioSelect(
                choices=[
                    (True, "Yes — personal data was compromised"),
                    (False, "No"),
                    (None, "Not known yet"),
                ]
            ),
        }


class IncidentAssessmentForm(IncidentFormMixin, GovukModelForm):
    class Meta:
        model = Incident
        fields = [
            "regime",
            "data_subject_categories",
            "data_subjects_count",
            "records_count",
            "special_category",
            "likelihood",
            "severity",
            "dpo_advice",
            "report_to_ico",
            "ico_decision_reasons",
            "tell_individuals",
            "individuals_exception",
            "individuals_decision_reasons",
            "individuals_told_at",
        ]
        yes_no = [(True, "Yes"), (False, "No"), (None, "Not decided yet")]
        widgets = {
            "regime": forms.RadioSelect,
            "likelihood": forms.RadioSelect,
            "severity": forms.RadioSelect,
            "report_to_ico": forms.RadioSelect(choices=yes_no),
            "tell_individuals": forms.RadioSelect(choices=yes_no),
            "data_subject_categories": forms.Textarea(attrs={"rows": 2}),
            "dpo_advice": forms.Textarea(attrs={"rows": 3}),
            "ico_decision_reasons": forms.Textarea(attrs={"rows": 3}),
            "individuals_decision_reasons": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "individuals_decision_reasons": "Reasons for the decision about telling them",
            "individuals_told_at": "When the people affected were told",
        }
        help_texts = {
            "data_subject_categories": "For example: victims, witnesses, officers.",
            "likelihood": "How likely is it that people will suffer harm from this?",
            "severity": "How bad would that harm be? The risk comes from these two answers.",
        }


class IncidentIcoReportForm(IncidentFormMixin, GovukModelForm):
    class Meta:
        model = Incident
        fields = [
            "reported_to_ico_at",
            "ico_reference",
            "delay_reason",
            "likely_consequences",
            "measures_taken",
            "contact_point",
        ]
        widgets = {
            "delay_reason": forms.Textarea(attrs={"rows": 3}),
            "likely_consequences": forms.Textarea(attrs={"rows": 3}),
            "measures_taken": forms.Textarea(attrs={"rows": 3}),
        }


class IncidentCloseForm(IncidentFormMixin, GovukModelForm):
    class Meta:
        model = Incident
        fields = ["root_cause", "lessons_learned", "closed_at"]
        widgets = {
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "lessons_learned": forms.Textarea(attrs={"rows": 3}),
        }


class IcoUpdateForm(IncidentFormMixin, GovukModelForm):
    class Meta:
        model = IcoUpdate
        fields = ["sent_at", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class InvolvedPersonForm(GovukModelForm):
    """People are picked by employee number: a force has too many for a drop-down."""

    employee_number = forms.CharField(max_length=30)

    class Meta:
        model = InvolvedPerson
        fields = ["employee_number", "involvement"]
        widgets = {"involvement": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["employee_number"].initial = self.instance.person.employee_number

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        person = (
            self.scope.rows(Person).filter(employee_number=number, archived_at__isnull=True).first()
            if self.scope
            else None
        )
        if person is None:
            raise forms.ValidationError("Nobody in the staff directory has this employee number")
        self.instance.person = person
        return number


__all__ = ["GovukForm"]
