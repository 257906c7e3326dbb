"""Surveys generated from a framework's controls, their answers, and links for named contacts.

A survey link is for a named contact with no account. Only the SHA-256 of its token is kept:
the token itself is shown once, when the link is made. Every answer records who gave it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from dpassure.assurance.choices import AnsweredBy, AnswerKind, SurveyStatus, YesPartlyNo
from dpassure.assurance.models.engagements import Engagement, EngagementPart, assessor_url


class Survey(EngagementPart):
    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="survey")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT, editable=False
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    due_on = models.DateField("answers due", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_through = models.ForeignKey(
        "assurance.SurveyLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    #: The risk per scope area and the proposed scope, computed by
    #: :func:`dpassure.rules.assurance.survey_risk` when the survey is submitted:
    #: [{"area": key, "score": 0-100, "band": "low|medium|high", ...}] and [area keys].
    risk_scores = models.JSONField(default=list, blank=True, editable=False)
    proposed_scope = models.JSONField(default=list, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return assessor_url("survey-detail", self)


class SurveyQuestion(EngagementPart):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="questions")
    control = models.ForeignKey(
        "assurance.Control", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_area = models.ForeignKey(
        "assurance.ScopeArea", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    hint = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=AnswerKind.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "number"]
        verbose_name = "survey question"
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"],
                name="survey_question_unique_number",
                violation_error_message="This survey already has a question with this number.",
            )
        ]

    def __str__(self) -> str:
        return f"Question {self.number}"

    @property
    def parent_engagement(self):
        return self.survey.engagement if self.survey_id else None

    def clean(self):
        super().clean()
        if self.kind == AnswerKind.CHOICE and not self.choices:
            raise ValidationError(
                {"choices": "Give the choices a question of one of a list offers."}
            )


class SurveyLink(EngagementPart):
    """An expiring, revocable link for a named contact with no account."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="links")
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField(blank=True)
    contact_role = models.CharField(max_length=200, blank=True)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "-created_at", "-id"]
        verbose_name = "survey link"

    def __str__(self) -> str:
        return f"Survey link for {self.contact_name}"

    def get_absolute_url(self) -> str:
        return assessor_url("surveylink-detail", self)

    @property
    def parent_engagement(self):
        return self.survey.engagement if self.survey_id else None


def answer_file_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's filename never reaches the file system."""
    return f"assurance/answers/{instance.organisation_id}/{uuid.uuid4().hex}"


class SurveyAnswer(EngagementPart):
    """The organisation's answer to one question; changed in place until the survey is
    submitted, every version kept by the audit trail."""

    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(
        max_length=200,
        blank=True,
        help_text="Yes, partly, no or not applicable; or the option chosen from a list.",
    )
    text = models.TextField("comments", blank=True)
    file = models.FileField(upload_to=answer_file_path, blank=True, editable=False)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    answered_at = models.DateTimeField(editable=False)
    answered_via = models.CharField(max_length=10, choices=AnsweredBy.choices, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    answered_through = models.ForeignKey(
        SurveyLink,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
        editable=False,
    )
    answered_by_name = models.CharField("answered by", max_length=200, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__number"]
        verbose_name = "survey answer"
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                name="survey_answer_one_per_question",
                violation_error_message="This question has already been answered: change that "
                "answer instead.",
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}" if self.question_id else "Answer"

    @property
    def parent_engagement(self):
        return self.question.survey.engagement if self.question_id else None

    @property
    def choice_label(self) -> str:
        return dict(YesPartlyNo.choices).get(self.choice, self.choice)

    def clean(self):
        super().clean()
        if not self.question_id:
            return
        question = self.question
        if question.kind == AnswerKind.YES_PARTLY_NO and self.choice not in YesPartlyNo.values:
            raise ValidationError({"choice": "Choose yes, partly, no or not applicable."})
        if question.kind == AnswerKind.CHOICE and self.choice not in question.choices:
            raise ValidationError({"choice": "Choose one of the options given."})
        if question.kind in (AnswerKind.FREE_TEXT, AnswerKind.FILE) and self.choice:
            raise ValidationError({"choice": "This question does not offer options."})
