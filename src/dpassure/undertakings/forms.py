from django import forms

from dpassure.core.evidence import ACCEPTED, max_bytes
from dpassure.core.forms import DateField, GovukForm, GovukModelForm
from dpassure.organisations.choices import OrganisationKind
from dpassure.organisations.models import Organisation
from dpassure.undertakings.models import (
    ActionPlanStep,
    EvidenceItem,
    FollowUp,
    Requirement,
    RequirementVerdict,
    SubsequentBreach,
    Undertaking,
)

ROWS = {"rows": 4}


class UndertakingForm(GovukModelForm):
    class Meta:
        model = Undertaking
        fields = [
            "title",
            "subject",
            "subject_short_name",
            "enforcement_reference",
            "complaint_reference",
            "legislation",
            "signed_on",
            "signatory",
            "background",
            "internal_notes",
            "closed_on",
        ]
        widgets = {
            "legislation": forms.RadioSelect,
            "background": forms.Textarea(attrs=ROWS),
            "internal_notes": forms.Textarea(attrs=ROWS),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assessed = Organisation.objects.exclude(kind=OrganisationKind.ASSESSOR_BODY)
        if self.scope is not None:
            assessed = assessed.exclude(pk=self.scope.organisation.pk)
        self.fields["subject"].queryset = assessed.order_by("name")
        if not self.instance.pk:
            del self.fields["closed_on"]
        else:
            # The organisation an undertaking is about never changes once recorded.
            del self.fields["subject"]


class RequirementForm(GovukModelForm):
    class Meta:
        model = Requirement
        fields = ["number", "text", "kind", "deadline_date", "deadline_months"]
        widgets = {"text": forms.Textarea(attrs=ROWS), "kind": forms.RadioSelect}
        help_texts = {"deadline_date": "Give a date or a number of months, not both."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline_months"].widget.attrs["class"] += " govuk-input--width-3"
        self.fields["number"].widget.attrs["class"] += " govuk-input--width-3"


class ActionPlanStepForm(GovukModelForm):
    class Meta:
        model = ActionPlanStep
        fields = ["steps_taken", "evidence_supplied", "supplied_on"]
        widgets = {"steps_taken": forms.Textarea(attrs=ROWS), "evidence_supplied": forms.Textarea}
        labels = {"supplied_on": "Date of this step"}


class FollowUpForm(GovukModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "assessed_on",
            "method",
            "summary",
            "conclusion",
            "referred_to_enforcement",
            "referred_on",
            "referral_note",
            "internal_notes",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "summary": forms.Textarea(attrs=ROWS),
            "conclusion": forms.Textarea(attrs=ROWS),
            "referral_note": forms.Textarea(attrs={"rows": 2}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }


class EvidenceItemForm(GovukModelForm):
    upload = forms.FileField(
        label="The document",
        required=False,
        help_text=f"Optional. A {ACCEPTED} file, smaller than {max_bytes() // (1024 * 1024)} MB.",
    )

    class Meta:
        model = EvidenceItem
        fields = ["title", "received_on", "upload"]


class VerdictForm(GovukModelForm):
    class Meta:
        model = RequirementVerdict
        fields = ["requirement", "verdict", "findings"]
        widgets = {"verdict": forms.RadioSelect, "findings": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, requirements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if requirements is not None:
            self.fields["requirement"].queryset = requirements
        if self.instance.pk:
            del self.fields["requirement"]


class SubsequentBreachForm(GovukModelForm):
    incident_reference = forms.ChoiceField(
        label="From the organisation's incident register",
        required=False,
        help_text="Its personal data breaches reported to the ICO since the undertaking was "
        "signed. Or leave this and describe the breach below.",
    )

    class Meta:
        model = SubsequentBreach
        fields = ["incident_reference", "description", "occurred_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, incidents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_reference"].choices = [
            ("", "Not from the register"),
            *[
                (i.reference, f"{i.reference}, reported {i.reported_to_ico_at:%-d %B %Y}")
                for i in incidents
            ],
        ]
        if self.instance.incident_id:
            self.fields["incident_reference"].initial = self.instance.incident.reference


class IssueForm(GovukForm, forms.Form):
    issued_on = DateField(label="Date issued", help_text="For example, 21 5 2018")


class TrainingSnapshotForm(GovukForm, forms.Form):
    course = forms.ChoiceField(label="Course")
    on = DateField(label="Completion on")

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [("", "Choose a course")] + [
            (str(c.pk), f"{c.code} {c.title}") for c in courses
        ]
