from django import forms
from django.contrib.auth import get_user_model

from dpassure.assurance.choices import AnswerKind, Stage, YesPartlyNo
from dpassure.assurance.models import (
    Engagement,
    EvidenceRequest,
    Framework,
    ProjectInvitation,
    ScopeArea,
    SectorProject,
)
from dpassure.core.forms import DateField, GovukForm, GovukModelForm
from dpassure.organisations.choices import OrganisationKind
from dpassure.organisations.models import Organisation
from dpassure.rules import assurance as rules

ROWS = {"rows": 4}


def _areas_field(form, framework=None):
    areas = ScopeArea.objects.select_related("framework").order_by("framework", "position")
    if framework is not None:
        areas = areas.filter(framework=framework)
    field = form.fields["scope_areas"]
    field.queryset = areas
    field.widget = forms.CheckboxSelectMultiple()
    field.widget.choices = field.choices
    field.label_from_instance = lambda a: a.title if framework else f"{a.title} ({a.framework})"


class SectorProjectForm(GovukModelForm):
    class Meta:
        model = SectorProject
        fields = [
            "title",
            "framework",
            "scope_areas",
            "description",
            "starts_on",
            "invitations_sent_on",
            "survey_closes_on",
            "fieldwork_from",
            "fieldwork_to",
            "report_due_on",
            "completed_on",
        ]
        widgets = {"description": forms.Textarea(attrs=ROWS)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.order_by("title", "-version")
        _areas_field(self, self.instance.framework if self.instance.framework_id else None)


class ProjectInvitationForm(GovukModelForm):
    class Meta:
        model = ProjectInvitation
        fields = [
            "subject",
            "invited_on",
            "contact_name",
            "contact_email",
            "response",
            "responded_on",
            "preferred_kind",
            "notes",
        ]
        widgets = {"response": forms.RadioSelect, "notes": forms.Textarea(attrs=ROWS)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["subject"]
        else:
            bodies = Organisation.objects.exclude(kind=OrganisationKind.ASSESSOR_BODY)
            self.fields["subject"].queryset = bodies.order_by("name")


class EngagementForm(GovukModelForm):
    invited_on = DateField(label="Date invited", required=False, help_text="Today if blank.")

    class Meta:
        model = Engagement
        fields = [
            "title",
            "subject",
            "project",
            "framework",
            "kind",
            "scope_areas",
            "assessors",
            "follows_up",
            "subject_contact_name",
            "subject_contact_email",
            "internal_notes",
        ]
        widgets = {"kind": forms.RadioSelect, "internal_notes": forms.Textarea(attrs=ROWS)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.order_by("title", "-version")
        _areas_field(self, self.instance.framework if self.instance.framework_id else None)
        users = get_user_model().objects.none()
        if self.scope is not None:
            users = get_user_model().objects.filter(
                memberships__organisation=self.scope.organisation,
                memberships__archived_at__isnull=True,
            )
        self.fields["assessors"].queryset = users.order_by("first_name", "last_name")
        self.fields["assessors"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["assessors"].choices
        )
        self.fields["assessors"].label_from_instance = lambda u: u.get_full_name() or u.username
        if self.instance.pk:
            del self.fields["subject"], self.fields["invited_on"]
        else:
            bodies = Organisation.objects.exclude(kind=OrganisationKind.ASSESSOR_BODY)
            if self.scope is not None:
                bodies = bodies.exclude(pk=self.scope.organisation.pk)
            self.fields["subject"].queryset = bodies.order_by("name")


class EngagementAdvanceForm(GovukForm, forms.Form):
    stage = forms.ChoiceField(label="Next stage", widget=forms.RadioSelect)
    started_on = DateField(label="Date the stage started")
    note = forms.CharField(widget=forms.Textarea(attrs=ROWS), required=False)

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        following = rules.next_stage(engagement.kind, engagement.stage)
        labels = dict(Stage.choices)
        self.fields["stage"].choices = [(following, labels[following])] if following else []
        if following:
            self.fields["stage"].initial = following.value


class EvidenceRequestForm(GovukModelForm):
    class Meta:
        model = EvidenceRequest
        fields = ["title", "detail", "controls", "requested_on", "due_on"]
        widgets = {"detail": forms.Textarea(attrs=ROWS)}

    def __init__(self, *args, engagement=None, **kwargs):
        super().__init__(*args, **kwargs)
        engagement = engagement or (
            self.instance.engagement if self.instance.engagement_id else None
        )
        controls = self.fields["controls"]
        if engagement is not None:
            controls.queryset = engagement.framework.controls.order_by(
                "scope_area__position", "position"
            )
        controls.widget = forms.CheckboxSelectMultiple(choices=controls.choices)


class SurveyLinkForm(GovukForm, forms.Form):
    contact_name = forms.CharField(max_length=200, label="Name of the person answering")
    contact_role = forms.CharField(max_length=200, required=False, label="Their role")
    contact_email = forms.EmailField(required=False, label="Their email address")
    days = forms.IntegerField(
        label="Days the link lasts",
        min_value=1,
        max_value=rules.MAX_LINK_DAYS,
        initial=rules.DEFAULT_LINK_DAYS,
    )


class SurveyOpenForm(GovukForm, forms.Form):
    due_on = DateField(label="Answers due", required=False)


YPN_CHOICES = [(c.value, c.label) for c in YesPartlyNo]


class SurveyAnswerForm(GovukForm, forms.Form):
    """Every question of a survey, one field per question (and a comment field for each
    yes / partly / no or choice question). Only questions given an answer are saved."""

    mark_optional = False

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        for group in sheet:
            for item in group["questions"]:
                question, answer = item["question"], item["answer"]
                name = f"q{question.number}"
                label = f"{question.number}. {question.text}"
                if question.kind in (AnswerKind.YES_PARTLY_NO, AnswerKind.CHOICE):
                    choices = (
                        YPN_CHOICES
                        if question.kind == AnswerKind.YES_PARTLY_NO
                        else [(c, c) for c in question.choices]
                    )
                    self.fields[name] = forms.ChoiceField(
                        label=label,
                        choices=choices,
                        required=False,
                        widget=forms.RadioSelect,
                        initial=answer.choice if answer else None,
                        help_text=question.hint,
                    )
                    self.fields[f"{name}_text"] = forms.CharField(
                        label=f"Comments on question {question.number} (optional)",
                        required=False,
                        widget=forms.Textarea(attrs={"rows": 2}),
                        initial=answer.text if answer else "",
                    )
                elif question.kind == AnswerKind.FREE_TEXT:
                    self.fields[f"{name}_text"] = forms.CharField(
                        label=label,
                        required=False,
                        widget=forms.Textarea(attrs=ROWS),
                        initial=answer.text if answer else "",
                        help_text=question.hint,
                    )
                else:
                    uploaded = (
                        f" Uploaded: {answer.file_name}." if answer and answer.file_name else ""
                    )
                    self.fields[f"{name}_file"] = forms.FileField(
                        label=label,
                        required=False,
                        help_text=f"PDF, Word, Excel, PNG or JPEG.{uploaded}",
                    )
                self.questions.append(question)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea | forms.FileInput):
                css = (
                    "govuk-textarea"
                    if isinstance(field.widget, forms.Textarea)
                    else "govuk-file-upload"
                )
                field.widget.attrs["class"] = css

    def answers(self):
        """(question, choice, text, file) for each question given something in this post."""
        data = self.cleaned_data
        for question in self.questions:
            name = f"q{question.number}"
            choice = data.get(name) or ""
            text = data.get(f"{name}_text") or ""
            file = data.get(f"{name}_file")
            if choice or text.strip() or file:
                yield question, choice, text, file
