"""Forms for evidence, live evidence, interviews, findings, recommendations, management
responses, ratings, the overall opinion, issuing and follow-up grades. Controls, scope areas and
evidence offered are always those of the row's own engagement."""

from __future__ import annotations

from django import forms

from dpassure.assurance import evidence_services
from dpassure.assurance.choices import AssuranceLevel, FindingKind
from dpassure.assurance.models import (
    Control,
    EngagementEvidence,
    Finding,
    FollowUpGrade,
    Interview,
    InterviewNote,
    LiveEvidence,
    ManagementResponse,
    Recommendation,
    ScopeArea,
    ScopeRating,
)
from dpassure.core.evidence import ACCEPTED
from dpassure.core.forms import DateField, GovukForm, GovukModelForm
from dpassure.training.models import Course

ROWS = {"rows": 5}


def _engagement(form):
    instance = form.instance
    engagement = getattr(instance, "parent_engagement", None)
    return engagement


class EngagementChoices:
    """Limit control, scope area and evidence choices to the row's engagement."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        engagement = _engagement(self)
        if engagement is None:
            return
        controls = Control.objects.filter(framework=engagement.framework_id).order_by(
            "scope_area__position", "position", "identifier"
        )
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is Control:
                field.queryset = controls
                field.label_from_instance = lambda c: f"{c.identifier} {c.title}"
            elif model is ScopeArea:
                field.queryset = engagement.scope_areas.all() or ScopeArea.objects.filter(
                    framework=engagement.framework_id
                )
            elif model is EngagementEvidence:
                field.queryset = engagement.evidence.filter(archived_at__isnull=True)
            elif model is LiveEvidence:
                field.queryset = engagement.live_evidence.filter(archived_at__isnull=True)


class EvidenceForm(EngagementChoices, GovukModelForm):
    upload = forms.FileField(label="File", help_text=f"A {ACCEPTED}.")

    class Meta:
        model = EngagementEvidence
        fields = ["title", "document_date", "controls"]
        widgets = {"controls": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["upload"]


class LiveEvidenceForm(EngagementChoices, GovukForm, forms.Form):
    control = forms.ModelChoiceField(queryset=Control.objects.none(), label="Control")
    metric = forms.ChoiceField(
        label="Figure", choices=list(evidence_services.METRICS.items()), widget=forms.RadioSelect
    )
    on = DateField(label="As on", help_text="The date the figures are taken for.")
    course = forms.ModelChoiceField(
        queryset=Course.objects.none(),
        required=False,
        label="Course",
        help_text="For training completion only.",
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        engagement = instance.engagement
        self.fields["course"].queryset = Course.objects.filter(
            organisation=engagement.subject, archived_at__isnull=True
        )


class InterviewForm(GovukModelForm):
    held_at = forms.DateTimeField(label="When", help_text="For example: 2026-10-12 10:30")

    class Meta:
        model = Interview
        fields = ["interviewee_role", "held_at", "mode", "summary"]
        widgets = {"mode": forms.RadioSelect, "summary": forms.Textarea(attrs=ROWS)}


class InterviewNoteForm(EngagementChoices, GovukModelForm):
    class Meta:
        model = InterviewNote
        fields = ["control", "note"]
        widgets = {"note": forms.Textarea(attrs=ROWS)}


class FindingForm(EngagementChoices, GovukModelForm):
    class Meta:
        model = Finding
        fields = ["control", "kind", "text", "evidence", "live_evidence", "evidence_references"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs=ROWS),
            "evidence": forms.CheckboxSelectMultiple,
            "live_evidence": forms.CheckboxSelectMultiple,
            "evidence_references": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"kind": "Only an area for improvement carries recommendations."}


class RecommendationForm(GovukModelForm):
    class Meta:
        model = Recommendation
        fields = ["priority", "text", "owner", "target_date"]
        widgets = {"priority": forms.RadioSelect, "text": forms.Textarea(attrs=ROWS)}


class ManagementResponseForm(GovukModelForm):
    class Meta:
        model = ManagementResponse
        fields = ["decision", "action", "owner", "target_date"]
        widgets = {"decision": forms.RadioSelect, "action": forms.Textarea(attrs=ROWS)}


class ScopeRatingForm(EngagementChoices, GovukModelForm):
    class Meta:
        model = ScopeRating
        fields = ["scope_area", "rating", "opinion"]
        widgets = {"rating": forms.RadioSelect, "opinion": forms.Textarea(attrs=ROWS)}


class OpinionForm(GovukForm, forms.Form):
    overall_rating = forms.ChoiceField(
        label="Overall assurance rating",
        choices=AssuranceLevel.choices,
        widget=forms.RadioSelect,
    )
    overall_opinion = forms.CharField(label="Overall opinion", widget=forms.Textarea(attrs=ROWS))


class IssueForm(GovukForm, forms.Form):
    issued_on = DateField(label="Date issued")


class FollowUpGradeForm(GovukModelForm):
    class Meta:
        model = FollowUpGrade
        fields = ["recommendation", "status", "evidence", "graded_on"]
        widgets = {"status": forms.RadioSelect, "evidence": forms.Textarea(attrs=ROWS)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dpassure.assurance.followup_services import gradable

        engagement = self.instance.engagement
        if self.instance.pk:
            del self.fields["recommendation"]
        else:
            done = engagement.grades.filter(archived_at__isnull=True).values("recommendation")
            self.fields["recommendation"].queryset = gradable(engagement).exclude(pk__in=done)
            self.fields["recommendation"].label_from_instance = lambda r: (
                f"{r.number}. ({r.get_priority_display()}) {r.text[:80]}"
            )


FINDING_KINDS = FindingKind
