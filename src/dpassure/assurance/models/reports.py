"""The per-organisation report, and the grades a follow-up gives each recommendation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from dpassure.assurance.choices import FollowUpStatus, ReportStatus
from dpassure.assurance.models.engagements import Engagement, EngagementPart, assessor_url

ISSUED_REPORT_IMMUTABLE = (
    "An issued report cannot be changed or removed: it stands as it was issued. "
    "Change the engagement and issue a new version instead."
)


class EngagementReport(EngagementPart):
    """A report of an engagement: a draft, then issued — numbered, hashed, never changed."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    issued_on = models.DateField("date issued", null=True, blank=True)
    issued_at = models.DateTimeField(null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True, editable=False)
    docx_sha256 = models.CharField(
        "SHA-256 of the Word document", max_length=64, blank=True, editable=False
    )
    pdf = models.BinaryField(blank=True, editable=False)
    docx = models.BinaryField(blank=True, editable=False)
    #: The structured document the PDF and DOCX were rendered from, as issued.
    content = models.JSONField(default=dict, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["pdf", "docx"])

    class Meta:
        ordering = ["engagement", "-version", "-id"]
        verbose_name = "engagement report"
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "version"], name="engagement_report_unique_version"
            )
        ]

    def __str__(self) -> str:
        if self.status == ReportStatus.ISSUED:
            return f"Report, version {self.version}"
        return "Draft report"

    def get_absolute_url(self) -> str:
        return assessor_url("engagementreport-detail", self)

    def save(self, *args, **kwargs):
        # The one guard nothing may go around: an issued report is never rewritten.
        if not self._state.adding:
            stored = type(self)._default_manager.filter(pk=self.pk).values_list("status", flat=True)
            if ReportStatus.ISSUED in stored:
                raise ValidationError(ISSUED_REPORT_IMMUTABLE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status == ReportStatus.ISSUED:
            raise ValidationError(ISSUED_REPORT_IMMUTABLE)
        return super().delete(*args, **kwargs)


class FollowUpGrade(EngagementPart):
    """A follow-up engagement's grade of one recommendation of the engagement it follows up."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="grades")
    recommendation = models.ForeignKey(
        "assurance.Recommendation", on_delete=models.PROTECT, related_name="grades"
    )
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices)
    evidence = models.TextField("evidence seen", blank=True)
    evidence_documents = models.ManyToManyField(
        "assurance.EngagementEvidence", blank=True, related_name="+"
    )
    graded_on = models.DateField()
    history = HistoricalRecords(m2m_fields=[evidence_documents])

    class Meta:
        ordering = ["engagement", "recommendation__number"]
        verbose_name = "follow-up grade"
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "recommendation"],
                name="follow_up_grade_once",
                violation_error_message="This recommendation is already graded in this "
                "follow-up: change that grade.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recommendation}: {self.get_status_display().lower()}"

    def get_absolute_url(self) -> str:
        return assessor_url("followupgrade-detail", self)

    def clean(self):
        super().clean()
        if self.engagement_id and self.recommendation_id:
            if self.recommendation.engagement_id != self.engagement.follows_up_id:
                raise ValidationError(
                    {"recommendation": "Choose a recommendation of the engagement followed up."}
                )
