"""What an engagement looks at: documents asked for and received, dated snapshots of the
organisation's own register figures, and interviews (assessor-internal)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from dpassure.assurance.choices import InterviewMode
from dpassure.assurance.models.engagements import Engagement, EngagementPart, assessor_url


class EvidenceRequest(EngagementPart):
    """Documents the assessor asks the organisation for (the organisation sees these)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="evidence_requests"
    )
    title = models.CharField(max_length=300, help_text="For example: the retention schedule.")
    detail = models.TextField(blank=True)
    controls = models.ManyToManyField("assurance.Control", blank=True, related_name="+")
    requested_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[controls])

    class Meta:
        ordering = ["engagement", "requested_on", "id"]
        verbose_name = "evidence request"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return assessor_url("evidencerequest-detail", self)

    def clean(self):
        super().clean()
        if self.due_on and self.requested_on and self.due_on < self.requested_on:
            raise ValidationError({"due_on": "It cannot be due before it was asked for."})


def evidence_path(instance, filename: str) -> str:
    """Stored under a random name: the uploader's filename never reaches the file system."""
    return f"assurance/evidence/{instance.organisation_id}/{uuid.uuid4().hex}"


class EngagementEvidence(EngagementPart):
    """An uploaded document: type sniffed from its bytes, SHA-256 kept, only ever downloaded."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="evidence")
    request = models.ForeignKey(
        EvidenceRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    title = models.CharField(max_length=300, help_text="For example: Data Protection Policy.")
    document_date = models.DateField("date of the document", null=True, blank=True)
    controls = models.ManyToManyField(
        "assurance.Control", blank=True, related_name="+", verbose_name="controls it supports"
    )
    file = models.FileField(upload_to=evidence_path, editable=False)
    file_name = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    #: True when the organisation assessed uploaded it, False when the assessor did.
    from_subject = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[controls])

    class Meta:
        ordering = ["engagement", "title", "id"]
        verbose_name = "evidence document"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return assessor_url("engagementevidence-detail", self)


class LiveEvidence(EngagementPart):
    """A register figure of the organisation as it stood on a date, attached to a control."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="live_evidence"
    )
    control = models.ForeignKey("assurance.Control", on_delete=models.PROTECT, related_name="+")
    metric = models.CharField(
        max_length=80, help_text="For example: training.completion_by_department."
    )
    title = models.CharField(max_length=300)
    taken_at = models.DateTimeField()
    source = models.TextField(help_text="Where the figures come from and how they were counted.")
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["engagement", "-taken_at", "-id"]
        verbose_name = "live evidence"
        verbose_name_plural = "live evidence"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return assessor_url("liveevidence-detail", self)

    def clean(self):
        super().clean()
        columns, rows = self.columns, self.rows
        if (
            not isinstance(columns, list)
            or not columns
            or not all(isinstance(c, str) and c.strip() for c in columns)
        ):
            raise ValidationError({"columns": "Give the columns as a list of headings."})
        if not isinstance(rows, list) or not all(
            isinstance(r, list) and len(r) == len(columns) for r in rows
        ):
            raise ValidationError(
                {"rows": f"Give each row as a list of {len(columns)} values, one per column."}
            )


class Interview(EngagementPart):
    """An interview with a member of the organisation's staff. Assessor-internal: the
    organisation assessed never sees interviews or their notes."""

    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, related_name="interviews")
    interviewee_role = models.CharField(
        "role of the person interviewed", max_length=200, help_text="For example: SIRO."
    )
    held_at = models.DateTimeField("when")
    mode = models.CharField(max_length=10, choices=InterviewMode.choices)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    summary = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[interviewers])

    class Meta:
        ordering = ["engagement", "held_at", "id"]

    def __str__(self) -> str:
        return f"Interview with the {self.interviewee_role}"

    def get_absolute_url(self) -> str:
        return assessor_url("interview-detail", self)


class InterviewNote(EngagementPart):
    """What an interview showed about one control."""

    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="notes")
    control = models.ForeignKey("assurance.Control", on_delete=models.PROTECT, related_name="+")
    note = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["interview", "control__identifier", "id"]
        verbose_name = "interview note"

    def __str__(self) -> str:
        return f"Note on {self.control.identifier}" if self.control_id else "Note"

    def get_absolute_url(self) -> str:
        return assessor_url("interviewnote-detail", self)

    @property
    def parent_engagement(self):
        return self.interview.engagement if self.interview_id else None
