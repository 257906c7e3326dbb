from django import forms

from dpassure.core.forms import GovukModelForm
from dpassure.training.models import Course, TrainingPolicy, TrainingRecord


class CourseForm(GovukModelForm):
    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "provider",
            "kind",
            "pass_mark",
            "validity_months",
            "audience",
            "departments",
            "job_titles",
            "gates_access",
        ]
        widgets = {
            "provider": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "departments": forms.CheckboxSelectMultiple,
            "job_titles": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == "selected" and not (
            cleaned.get("departments") or (cleaned.get("job_titles") or "").strip()
        ):
            self.add_error(
                "departments",
                "Select the departments, or enter the roles or ranks, that must take it",
            )
        return cleaned


class TrainingRecordForm(GovukModelForm):
    passed = forms.TypedChoiceField(
        label="Result",
        choices=[("", "From the score and the pass mark"), ("yes", "Passed"), ("no", "Failed")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only needed when there is no score or the course has no pass mark.",
    )

    class Meta:
        model = TrainingRecord
        fields = ["course", "completed_on", "score", "passed", "certificate_reference"]
        help_texts = {"completed_on": "For example, 27 3 2024"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["passed"] = "yes" if self.instance.passed else "no"


class TrainingPolicyForm(GovukModelForm):
    class Meta:
        model = TrainingPolicy
        fields = [
            "new_starter_grace_days",
            "refresher_months",
            "break_threshold_months",
            "due_soon_days",
        ]
        widgets = {
            name: forms.NumberInput(attrs={"class": "govuk-input--width-3"}) for name in fields
        }
